/** Sync with upstream: where it stands, Sync now, and connecting the station (its administrator). */
import { z } from 'zod';
import { everyone, method } from './spec.ts';

const ms = z.number().int();
const count = z.number().int().nonnegative();

export const syncMethods = {
  /**
   * Where sync stands, read from the station and the core's memory, never from upstream
   * (it answers at once while upstream is out of reach). The page asks every few seconds.
   */
  'sync.state': method({
    params: z.object({}).strict(),
    result: z.object({
      /** Where upstream is (login, host, port, database; never the password), absent: not connected. */
      place: z.string().optional(),
      /** off: no upstream; locked: waits for the station's unlock; waiting: after a failure, until `retryAt`. */
      activity: z.enum(['off', 'locked', 'idle', 'pushing', 'pulling', 'waiting']),
      localHead: count.optional(),
      /** The head upstream last acknowledged, and when (station clock). */
      pushed: z.object({ seq: count, at: ms }).optional(),
      /** Events upstream has not acknowledged yet, and how long the oldest has waited. */
      lagEvents: count.optional(),
      lagMs: count.optional(),
      pulled: z.object({ at: ms, added: count, changed: count, refused: count, keys: count, revocations: count }).optional(),
      lastFailure: z.object({ what: z.enum(['push', 'pull']), code: z.string(), message: z.string(), at: ms }).optional(),
      retryAt: ms.optional(),
      pullAt: ms.optional(),
      /** The pull is due but waits for the print run to end (applying it would hold the database). */
      pullWaits: z.literal('printing').optional(),
    }),
    roles: everyone,
  }),
  /** Push and pull now, without waiting out a failure's back-off; answers when done (or failed: see sync.state). */
  'sync.now': method({
    params: z.object({}).strict(),
    result: z.object({}),
    roles: ['operator', 'supervisor', 'admin'],
    timeoutMs: 600_000,
  }),
  /**
   * Holders this station and another both issued (one printed while upstream was out of
   * reach), with every issue: which station, serial and when. Pushes this station's ledger
   * first, so upstream knows its issues; reaches upstream, so it may fail (UPSTREAM_*).
   */
  'sync.conflicts': method({
    params: z.object({}).strict(),
    result: z.object({
      conflicts: z.array(
        z.object({
          holderId: z.string(),
          /** The holder's name on this station's roster ('' when this station does not have them). */
          name: z.string(),
          issues: z.array(z.object({ station: z.string(), serial: z.string(), at: ms })),
        }),
      ),
    }),
    roles: ['supervisor', 'admin'],
    timeoutMs: 120_000,
  }),
  /**
   * Connects the station to upstream with the connection string its administrator gave:
   * checked with upstream first, then kept sealed under the station's passphrase (which is
   * why the passphrase is asked), never in clear.
   */
  'sync.connect': method({
    params: z
      .object({
        url: z
          .string()
          .trim()
          .max(2000)
          .regex(/^postgres(ql)?:\/\//, 'a PostgreSQL connection string (postgresql://...)'),
        passphrase: z.string().min(1).max(500),
      })
      .strict(),
    result: z.object({ place: z.string(), upstreamHead: count }),
    roles: ['admin'],
    timeoutMs: 30_000,
  }),
};
