/**
 * A badge already out in the world: void it, or reissue it as the next version (lost,
 * stolen, damaged, wrong data, another type). A supervisor's decision: an operator asks,
 * and a supervisor approves on the spot with their own name and password, without the
 * operator signing out; the ledger names both. A holder's third reprint needs an admin.
 */
import { z } from 'zod';
import { approval, method } from './spec.ts';

const serial = z.string().trim().min(1).max(40);
const reissueReason = z.enum(['lost', 'stolen', 'damaged', 'data_error', 'type_change']);
const askers = ['operator', 'supervisor', 'admin'] as const;

export const badgesMethods = {
  /**
   * The version `serial` (the one the person is looking at) is revoked and the next made,
   * queued in a print job ahead of any bulk job. BADGE_CONFLICT when it is no longer the
   * live one (someone else reprinted or voided it: who, and the newer serial);
   * APPROVAL_NEEDED for an operator without a supervisor's approval, APPROVAL_REFUSED when
   * the approver is not a supervisor or admin; ADMIN_APPROVAL_NEEDED from the third reprint.
   */
  'badges.reissue': method({
    params: z
      .object({
        serial,
        reason: reissueReason,
        /** A type change: the holder's new badge type (the catalogue's code). */
        type: z.string().min(1).max(40).optional(),
        approval: approval.optional(),
      })
      .strict(),
    result: z.object({
      revoked: z.string(),
      serial: z.string(),
      type: z.string(),
      job: z.number().int(),
      reprints: z.number().int(),
      approvedBy: z.string(),
    }),
    roles: askers,
  }),
  /** Voids the live version for good (and flags the holder for the gates when stolen); the same approval as a reissue. */
  'badges.void': method({
    params: z.object({ serial, reason: z.enum([...reissueReason.options, 'withdrawn']), approval: approval.optional() }).strict(),
    result: z.object({ serial: z.string(), approvedBy: z.string() }),
    roles: askers,
  }),
};
