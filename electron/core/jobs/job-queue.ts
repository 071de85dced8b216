/**
 * A new print job's cards: its badges queued in order, each with its holder's roster stamp
 * (a holder changed later is held for the operator to look at, not printed stale).
 * A list streams in (never all held); "every badge not yet printed" is one statement, so
 * 500,000 cards are queued in seconds. A badge already printed, or waiting in another job,
 * is refused: a second card for a badge is a reprint (a new version), never a second bulk print.
 */
import type { StationDatabase } from '../db/index.ts';
import { StationError } from '../errors.ts';
import type { ItemState } from './card-states.ts';

/** A badge in one of these in any job is spoken for: another job may not print it. */
const SPOKEN_FOR = `state NOT IN ('cancelled')`;

/** Which active badges a job prints: a list, or every badge not yet printed (of a type). */
export type BadgeChoice = { serials: Iterable<string> } | { unprinted: true; type?: string };

/** Queues the chosen badges into `job`; how many were queued. */
export function queueBadges(db: StationDatabase, job: number, badges: BadgeChoice, now: number): number {
  return 'serials' in badges ? queueList(db, job, badges.serials, now) : queueUnprinted(db, job, badges.type, now);
}

function queueList(db: StationDatabase, job: number, serials: Iterable<string>, now: number): number {
  const insert = db.statement(
    `INSERT INTO job_items (job, position, serial, state, updated_at, holder_stamp)
     SELECT ?, ?, v.serial, 'queued', ?, h.updated_at FROM badge_versions v JOIN holders h ON h.id = v.holder
     WHERE v.serial = ? AND v.status = 'active'`,
  );
  const elsewhere = db.statement(`SELECT job, state FROM job_items WHERE serial = ? AND ${SPOKEN_FOR} ORDER BY id DESC LIMIT 1`);
  let position = 0;
  for (const raw of serials) {
    const serial = raw.trim().toUpperCase();
    const other = elsewhere.get(serial) as { job: number; state: ItemState } | undefined;
    if (other) {
      throw new StationError(
        'BADGE_IN_JOB',
        other.state === 'issued'
          ? `${serial} was already printed (print job ${other.job}): a new card for it is a reprint. Nothing was queued.`
          : `${serial} is already in print job ${other.job} (${other.state}). Nothing was queued.`,
        { serial, job: other.job },
      );
    }
    position += 1;
    try {
      if (insert.run(job, position, now, serial).changes === 0) {
        throw new StationError(
          'BADGE_NOT_FOUND',
          `${serial} is not an active badge: a job prints active badges only. Nothing was queued.`,
        );
      }
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE')
        throw new StationError('USAGE', `${serial} is listed twice. Nothing was queued.`, { serial });
      throw error;
    }
  }
  return position;
}

function queueUnprinted(db: StationDatabase, job: number, type: string | undefined, now: number): number {
  return db
    .statement(
      `INSERT INTO job_items (job, position, serial, state, updated_at, holder_stamp)
       SELECT ?, row_number() OVER (ORDER BY v.badge, v.version), v.serial, 'queued', ?, h.updated_at
       FROM badge_versions v JOIN holders h ON h.id = v.holder
       WHERE v.status = 'active' AND (? IS NULL OR v.type = ?)
         AND NOT EXISTS (SELECT 1 FROM job_items i WHERE i.serial = v.serial AND i.${SPOKEN_FOR})`,
    )
    .run(job, now, type ?? null, type ?? null).changes;
}
