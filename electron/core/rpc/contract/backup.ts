/** Backups (core/backup): where they go and how often, what there is, Back up now. */
import { z } from 'zod';
import { method } from './spec.ts';

const ms = z.number().int();
const count = z.number().int().nonnegative();

const plan = z.object({
  /** A full path, on another drive; absent: no backups until one is chosen. */
  folder: z.string().optional(),
  everyMinutes: z.number().int(),
  keep: z.number().int(),
});

export const backupMethods = {
  /** The plan, the last backup and any failure since, the next one due, and the backups in the folder (newest first). */
  'backup.state': method({
    params: z.object({}).strict(),
    result: plan.extend({
      /** The station's clock now: the page says "5 minutes ago" against it, not its own. */
      now: ms,
      lastAt: ms.optional(),
      failure: z.object({ at: ms, message: z.string() }).optional(),
      nextAt: ms.optional(),
      /** A backup being made now (by the schedule or Back up now). */
      running: z.boolean(),
      backups: z.array(
        z.object({
          created: z.string(),
          path: z.string(),
          events: count,
          photos: count,
          bytes: count,
        }),
      ),
    }),
    roles: ['supervisor', 'technician', 'admin'],
  }),
  /** Backs up now to the chosen folder; answers when it is written (or why it was not). */
  'backup.now': method({
    params: z.object({}).strict(),
    result: z.object({ path: z.string(), ms: count, events: count, photos: count, photosCopied: count }),
    roles: ['supervisor', 'technician', 'admin'],
    timeoutMs: 600_000,
  }),
  /** Chooses the folder, how often, how many are kept (each checked; a bad one changes nothing). */
  'backup.plan': method({
    params: z
      .object({
        folder: z.string().min(1).max(1000).optional(),
        everyMinutes: z.number().int().optional(),
        keep: z.number().int().optional(),
      })
      .strict(),
    result: plan,
    roles: ['admin'],
  }),
};
