/** The station itself: is there one, which, and how far its ledger goes. */
import { z } from 'zod';
import { everyone, method } from './spec.ts';

export const stationMethods = {
  'station.status': method({
    params: z.object({}).strict(),
    result: z.object({
      /** false: there is no station in the data folder yet (the page offers to create one or demo data). */
      initialised: z.boolean(),
      dataDir: z.string(),
      station: z.string().optional(),
      schema: z.number().int().optional(),
      ledgerHead: z.number().int().nonnegative().optional(),
      holders: z.number().int().nonnegative().optional(),
    }),
    roles: everyone,
  }),
};
