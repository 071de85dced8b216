/** Today: the office's live picture, for the desk's first screen. */
import { z } from 'zod';
import { everyone, method } from './spec.ts';

const count = z.number().int().nonnegative();
const ms = z.number().int();

/** A badge type as the page shows it: its name in both languages beside its colour (colour is never the only cue). */
const badgeType = z.object({ type: z.string(), nameEn: z.string(), nameZh: z.string(), colour: z.string() });

export const todayMethods = {
  /**
   * Today's figures in one call. "Today" is the station clock's day in the station's time
   * zone, which is the zone of the computer the core runs on (the desk and the page run on
   * that same computer, so the hours the page prints are the office's hours); it is given
   * back as `timeZone`, and the page formats every time in it.
   *
   * The page asks again every few seconds rather than being pushed figures: answering
   * costs the ledger events appended since the last answer (an index range), while a push
   * would recompute for every subscriber on every card. So `dashboard.figures` is not used.
   */
  'today.figures': method({
    params: z.object({}).strict(),
    result: z.object({
      station: z.string(),
      holders: count,
      /** The station clock when the figures were read. */
      at: ms,
      timeZone: z.string(),
      /** Today, from local midnight to the next (23 to 25 hours on the days the clocks change). */
      day: z.object({ start: ms, end: ms }),
      issued: z.object({
        total: count,
        /** Every type of the catalogue, in its order, issued today or not. */
        byType: z.array(badgeType.extend({ issued: count })),
        /** Each hour of today so far, from midnight: `start` is the hour's first instant. */
        byHour: z.array(z.object({ start: ms, issued: count })),
      }),
      printers: z.array(
        z.object({
          name: z.string(),
          driver: z.enum(['cups', 'demo']),
          /** printing: a card is in it; attention: its last card failed and nothing has printed since; idle: neither. */
          state: z.enum(['printing', 'idle', 'attention']),
          /** What the printer or its last failure said: a plain printer state (ready, ribbon-low, offline ...) or a failure code. */
          code: z.string().nullable(),
          /** Cards printed in the last 60 minutes, which is its pace in cards per hour. */
          cardsPerHour: count,
          /** Percent of ribbon left, where the printer reports it (CUPS marker levels); null: not known. */
          ribbonLeft: z.number().min(0).max(100).nullable(),
        }),
      ),
      rejects: z.object({
        total: count,
        /** By what went wrong: `kind` chip (a bad chip, the card to the reject box) or print (the printer failed the card). */
        byReason: z.array(z.object({ kind: z.enum(['chip', 'print']), reason: z.string(), count })),
        /** The newest ten, newest first. */
        latest: z.array(
          z.object({
            at: ms,
            kind: z.enum(['chip', 'print']),
            reason: z.string(),
            serial: z.string().nullable(),
            printer: z.string().nullable(),
          }),
        ),
      }),
      /** Jobs with cards still to print or to look at (not done, not cancelled). */
      jobs: z.array(
        z.object({
          job: z.number().int(),
          name: z.string(),
          status: z.enum(['running', 'paused', 'needs-attention']),
          total: count,
          /** Cards at an end: issued, cancelled, failed or rejected. */
          done: count,
          issued: count,
        }),
      ),
      /** Holders whose current badge has not been issued yet (none made, or made and not yet printed and issued). */
      withoutBadge: z.object({
        total: count,
        byType: z.array(badgeType.extend({ holders: count, without: count })),
      }),
    }),
    roles: everyone,
  }),
};
