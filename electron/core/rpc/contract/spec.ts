/** What every method of the contract is made of: its roles, limits and schemas. */
import { z } from 'zod';

/** Who may call what: the core refuses a method to a role it does not list (ROLE_REFUSED, recorded in the ledger). */
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
  /**
   * What a call needs besides its role. Unset: a signed-in session that is not locked.
   * `open`: nothing (the first run, signing in: what a page can do before anyone is signed
   * in); `locked`: a session, even a locked one (unlocking it, signing out); `signs-in`:
   * open, and it signs the connection in, so the connection's later calls wait for it.
   */
  session?: 'open' | 'locked' | 'signs-in';
}

/** Someone else's approval typed at this desk (a supervisor's name and password): checked by the core, never kept. */
export const approval = z.object({ name: z.string().trim().min(1).max(40), secret: z.string().min(1).max(200) }).strict();

export function method<P extends z.ZodType, R extends z.ZodType>(spec: MethodSpec<P, R>): MethodSpec<P, R> {
  return spec;
}
