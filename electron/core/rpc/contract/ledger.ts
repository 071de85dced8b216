/** The ledger: proving it intact. */
import { z } from 'zod';
import { method } from './spec.ts';

export const ledgerMethods = {
  'ledger.verify': method({
    params: z.object({}).strict(),
    result: z.object({
      intact: z.boolean(),
      events: z.number().int().nonnegative(),
      /** What is wrong, in words, when it is not intact. */
      problem: z.string().optional(),
    }),
    roles: ['supervisor', 'technician', 'admin'],
    timeoutMs: 120_000,
  }),
};
