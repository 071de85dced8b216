/**
 * Print jobs as durable state: which card is where, for every card of every batch.
 *
 * Printers claim the next card themselves (work stealing: a fast printer simply claims
 * more), one card at a time each, which the database enforces. Every move of a card is
 * one guarded transition in one transaction, so after a crash each card is in exactly the
 * state its last completed step left it, and a restart resumes from there.
 *
 *   queued -> claimed -> rendered -> encoded -> sent -> printed -> issued
 *                 \-> rejected (a card the encoder refused) / failed (with a reason)
 */
import type { StationDatabase } from '../db/index.ts';
import { StationError } from '../errors.ts';
import type { Ledger, NewLedgerEvent } from '../ledger/index.ts';

export type ItemState =
  | 'queued'
  | 'claimed'
  | 'rendered'
  | 'encoded'
  | 'sent'
  | 'printed'
  | 'issued'
  | 'rejected'
  | 'failed'
  | 'cancelled';

export interface JobItem {
  id: number;
  job: number;
  position: number;
  serial: string;
  state: ItemState;
  printer: string | null;
  attempts: number;
  reason: string | null;
}

export interface JobProgress {
  job: number;
  name: string;
  status: 'running' | 'paused' | 'cancelled';
  total: number;
  byState: Partial<Record<ItemState, number>>;
}

/** The moves a card may make; anything else is a bug or a stale worker, and is refused. */
const NEXT: Partial<Record<ItemState, readonly ItemState[]>> = {
  claimed: ['rendered', 'failed', 'queued'],
  rendered: ['encoded', 'sent', 'rejected', 'failed', 'queued'],
  encoded: ['sent', 'rejected', 'failed'],
  sent: ['printed', 'failed'],
  printed: ['issued', 'failed'],
};
/** In a printer: the printer's one card. */
const HELD: readonly ItemState[] = ['claimed', 'rendered', 'encoded', 'sent'];
/** Nothing physical has happened to these yet: a printer that drops out gives them back. */
const NOT_STARTED: readonly ItemState[] = ['claimed', 'rendered'];

export const REPRINT_PRIORITY = 10;

export class JobStore {
  readonly #db: StationDatabase;
  readonly #ledger: Ledger;

  constructor(db: StationDatabase, ledger: Ledger) {
    this.#db = db;
    this.#ledger = ledger;
  }

  /** A job over the given badge serials, in order; the serials stream in, never all held. */
  createJob(options: { name: string; serials: Iterable<string>; priority?: number; actor: string; now?: number }): number {
    const now = options.now ?? Date.now();
    return this.#db.transaction(() => {
      const job = Number(
        this.#db
          .statement(`INSERT INTO print_jobs (name, priority, status, created_at, created_by) VALUES (?, ?, 'running', ?, ?)`)
          .run(options.name, options.priority ?? 0, now, options.actor).lastInsertRowid,
      );
      const insert = this.#db.statement(
        `INSERT INTO job_items (job, position, serial, state, updated_at)
         SELECT ?, ?, serial, 'queued', ? FROM badge_versions WHERE serial = ? AND status = 'active'`,
      );
      let position = 0;
      for (const serial of options.serials) {
        position += 1;
        if (insert.run(job, position, now, serial).changes === 0) {
          throw new StationError(
            'BADGE_NOT_FOUND',
            `${serial} is not an active badge: a job prints active badges only. Nothing was queued.`,
          );
        }
      }
      if (position === 0) throw new StationError('USAGE', 'A print job needs at least one badge. Nothing was queued.');
      return job;
    });
  }

  /**
   * The next card for this printer: the highest-priority running job first, then the
   * oldest job, then the job's order. Undefined when there is nothing to print or the
   * printer already holds a card.
   */
  claimNext(printer: string, now: number = Date.now()): JobItem | undefined {
    return this.#db.transaction(() => {
      if (this.#db.statement(`SELECT 1 FROM job_items WHERE printer = ? AND state IN ${list(HELD)}`).get(printer))
        return undefined;
      const next = this.#db
        .statement(
          `SELECT i.id FROM job_items i JOIN print_jobs j ON j.id = i.job
           WHERE i.state = 'queued' AND j.status = 'running'
           ORDER BY j.priority DESC, j.id, i.position LIMIT 1`,
        )
        .get() as { id: number } | undefined;
      if (!next) return undefined;
      this.#db
        .statement(
          `UPDATE job_items SET state = 'claimed', printer = ?, attempts = attempts + 1, reason = NULL, updated_at = ? WHERE id = ?`,
        )
        .run(printer, now, next.id);
      return this.item(next.id);
    });
  }

  /**
   * Moves a card on, if it is where the caller thinks it is; the ledger event that records
   * the move lands in the same transaction.
   */
  advance(
    id: number,
    from: ItemState,
    to: ItemState,
    options: { reason?: string; event?: NewLedgerEvent; now?: number } = {},
  ): JobItem {
    if (!NEXT[from]?.includes(to)) throw new StationError('USAGE', `A card cannot go from ${from} to ${to}.`);
    return this.#db.transaction(() => {
      const keepsPrinter = HELD.includes(to);
      const changed = this.#db
        .statement(
          `UPDATE job_items SET state = ?, reason = ?, updated_at = ?, printer = CASE WHEN ? THEN printer ELSE NULL END
           WHERE id = ? AND state = ?`,
        )
        .run(to, options.reason ?? null, options.now ?? Date.now(), keepsPrinter ? 1 : 0, id, from).changes;
      if (changed === 0) {
        const item = this.item(id);
        throw new StationError(
          'USAGE',
          `Card ${item?.serial ?? id} is ${item?.state ?? 'unknown'}, not ${from}: it was not moved.`,
        );
      }
      if (options.event) this.#ledger.append(options.event);
      return this.item(id) as JobItem;
    });
  }

  /**
   * A printer dropped out: cards it had not started go back to the queue for the others;
   * a card already encoded or sent is physically in that printer, so it is failed with the
   * reason, for a person to look at and retry.
   */
  releasePrinter(printer: string, reason: string, now: number = Date.now()): { requeued: number; failed: number } {
    return this.#db.transaction(() => {
      const requeued = this.#db
        .statement(
          `UPDATE job_items SET state = 'queued', printer = NULL, updated_at = ? WHERE printer = ? AND state IN ${list(NOT_STARTED)}`,
        )
        .run(now, printer).changes;
      const failed = this.#db
        .statement(
          `UPDATE job_items SET state = 'failed', printer = NULL, reason = ?, updated_at = ? WHERE printer = ? AND state IN ('encoded', 'sent')`,
        )
        .run(reason, now, printer).changes;
      return { requeued, failed };
    });
  }

  pause(job: number): void {
    this.#setStatus(job, 'paused', ['running']);
  }

  resume(job: number): void {
    this.#setStatus(job, 'running', ['paused']);
  }

  /** Stops a job: cards not yet in a printer are cancelled; cards in a printer finish. */
  cancel(job: number, now: number = Date.now()): number {
    return this.#db.transaction(() => {
      this.#setStatus(job, 'cancelled', ['running', 'paused']);
      return this.#db
        .statement(`UPDATE job_items SET state = 'cancelled', updated_at = ? WHERE job = ? AND state = 'queued'`)
        .run(now, job).changes;
    });
  }

  /** Queues the job's rejected and failed cards again. */
  retry(job: number, now: number = Date.now()): number {
    return this.#db
      .statement(
        `UPDATE job_items SET state = 'queued', printer = NULL, updated_at = ? WHERE job = ? AND state IN ('rejected', 'failed')`,
      )
      .run(now, job).changes;
  }

  progress(job: number): JobProgress {
    const row = this.#db.statement('SELECT id, name, status FROM print_jobs WHERE id = ?').get(job) as
      | { id: number; name: string; status: JobProgress['status'] }
      | undefined;
    if (!row) throw new StationError('USAGE', `There is no print job ${job}.`);
    const counts = this.#db.statement('SELECT state, count(*) AS n FROM job_items WHERE job = ? GROUP BY state').all(job) as {
      state: ItemState;
      n: number;
    }[];
    const byState = Object.fromEntries(counts.map((count) => [count.state, count.n])) as JobProgress['byState'];
    return { job: row.id, name: row.name, status: row.status, total: counts.reduce((sum, count) => sum + count.n, 0), byState };
  }

  item(id: number): JobItem | undefined {
    return this.#db
      .statement('SELECT id, job, position, serial, state, printer, attempts, reason FROM job_items WHERE id = ?')
      .get(id) as JobItem | undefined;
  }

  #setStatus(job: number, status: JobProgress['status'], from: readonly string[]): void {
    const changed = this.#db
      .statement(`UPDATE print_jobs SET status = ? WHERE id = ? AND status IN ${list(from)}`)
      .run(status, job).changes;
    if (changed === 0)
      throw new StationError('USAGE', `Print job ${job} cannot be ${status} from where it is (${this.progress(job).status}).`);
  }
}

function list(values: readonly string[]): string {
  return `(${values.map((value) => `'${value}'`).join(', ')})`;
}
