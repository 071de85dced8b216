/** What every method of the contract is made of: its roles, limits and schemas. */
import type { z } from 'zod';

/** Who may call what. Declared for every method now; the roles issue enforces them in the core. */
export const ROLES = ['operator', 'supervisor', 'technician', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const everyone = ROLES;

/** No message, either way, is larger: a bigger one is refused unread. */
export const MAX_MESSAGE_BYTES = 1024 * 1024;
/** A call with no timeout of its own gets this one. */
export const DEFAULT_TIMEOUT_MS = 15_000;

export interface MethodSpec<P extends z.ZodType, R extends z.ZodType> {
  params: P;
  result: R;
  roles: readonly Role[];
  timeoutMs?: number;
}

export function method<P extends z.ZodType, R extends z.ZodType>(spec: MethodSpec<P, R>): MethodSpec<P, R> {
  return spec;
}
