/** The roster: finding holders. */
import { z } from 'zod';
import { everyone, method } from './spec.ts';

const holderHit = z.object({
  id: z.string(),
  name: z.string(),
  latinName: z.string(),
  organisation: z.string(),
  type: z.string(),
});

export const rosterMethods = {
  'roster.search': method({
    params: z.object({ query: z.string().max(200), limit: z.number().int().min(1).max(200).optional() }).strict(),
    result: z.object({ holders: z.array(holderHit) }),
    roles: everyone,
  }),
};
