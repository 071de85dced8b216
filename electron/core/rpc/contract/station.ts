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
      /** true: printing and chips wait for a supervisor to unlock the station's key (never on a demo station). */
      locked: z.boolean().optional(),
      /**
       * true: the station's data is encrypted and not open yet: the page asks for the station
       * passphrase (station.open) before anyone can sign in. Nothing else is told until then.
       */
      sealed: z.boolean().optional(),
      /** true: a demo station, whose demo users' passwords the sign-in may show (README: demo data). */
      demo: z.boolean().optional(),
    }),
    roles: everyone,
    // The page asks before anyone signs in: is there a station at all, or the first run?
    session: 'open',
  }),
  /**
   * Opens the station's encrypted data with its passphrase (KEY_PASSPHRASE_WRONG when it does
   * not). Open before anyone signs in: the users are in the encrypted database, and the
   * passphrase is the proof. The signing key stays locked until a supervisor unlocks it
   * (station.unlock), as on a station the keychain opens.
   */
  'station.open': method({
    params: z.object({ passphrase: z.string().min(1).max(500) }).strict(),
    result: z.object({ station: z.string() }),
    roles: everyone,
    session: 'open',
  }),
  /** Unlocks the station's key for this desk until station.lock or the desk closes; the key stays in the core's memory. */
  'station.unlock': method({
    params: z.object({ passphrase: z.string().min(1).max(500) }).strict(),
    result: z.object({ locked: z.literal(false) }),
    roles: ['supervisor', 'admin'],
  }),
  /** Forgets the unlocked key: anyone at the desk may lock it when leaving. */
  'station.lock': method({
    params: z.object({}).strict(),
    result: z.object({ locked: z.boolean() }),
    roles: everyone,
  }),
};
