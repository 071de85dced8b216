/** The first run: making the station in an empty data folder, or filling one with demo data. */
import { z } from 'zod';
import { everyone, method } from './spec.ts';

export const setupMethods = {
  /**
   * A station of its own number (001-999; 7 and 07 are 007); STATION_EXISTS once there is one.
   * Its data is encrypted under a key sealed with `passphrase` (at least 10 characters), which
   * opens the station from then on (station.open) and seals its signing key.
   */
  'station.create': method({
    params: z.object({ number: z.union([z.string().max(20), z.number()]), passphrase: z.string().min(10).max(500) }).strict(),
    result: z.object({ station: z.string() }),
    // Open: nobody can have signed in to a station not yet made. The page's launch token guards
    // it, and once there is a station it is refused (STATION_EXISTS); its admin comes next.
    roles: everyone,
    session: 'open',
  }),
  /**
   * Demo data in one step: station 007 with the demo event's keys, 1,000 demo holders with
   * photos, a badge each and four demo printers (the first with an inline encoder). Told as
   * it goes on the `setup.progress` topic, with the demo users (README: demo data). Open
   * before anyone signs in: it only ever fills an empty data folder, and is refused
   * (STATION_EXISTS) once there is a station.
   */
  'station.demo': method({
    params: z.object({}).strict(),
    result: z.object({
      station: z.string(),
      holders: z.number().int().nonnegative(),
      badges: z.number().int().nonnegative(),
      printers: z.array(z.string()),
    }),
    roles: everyone,
    session: 'open',
    // A few seconds here; minutes on a slow disk, and it finishes whoever waits.
    timeoutMs: 10 * 60_000,
  }),
};

/** How far "try with demo data" is: the step it is on, and its share of the whole, 0 to 1. */
export const setupProgress = z.object({
  step: z.enum(['station', 'keys', 'roster', 'importing', 'photos', 'badges', 'printers', 'done']),
  share: z.number().min(0).max(1),
});
