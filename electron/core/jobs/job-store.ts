/**
 * Print jobs as durable state: which card is where, for every card of every batch.
 *
 * Printers claim the next card themselves (work stealing: a fast printer simply claims
 * more), one card at a time each, which the database enforces. Every move of a card is
 * one guarded transition in one transaction (card-states.ts), so after a crash each card
 * is in exactly the state its last completed step left it, and a restart resumes from there.
 *
 * A card's print is sent under a name recorded before it leaves (`print_name`), so after
 * a crash the printer can be asked what became of it instead of printing it again.
 */
import type { StationDatabase } from '../db/index.ts';
import { StationError } from '../errors.ts';
import type { Ledger, NewLedgerEvent } from '../ledger/index.ts';
import { HELD, type ItemFacts, type ItemState, type JobItem, NEXT, NOT_STARTED, sqlList } from './card-states.ts';
import { type BadgeChoice, queueBadges } from './job-queue.ts';

export interface JobSummary extends JobProgress {
  priority: number;
  createdAt: number;
  createdBy: string;
}

/** What the operator set: the job takes cards, or not. */
type StoredStatus = 'running' | 'paused' | 'cancelled';

export interface JobProgress {
  job: number;
  name: string;
  /**
   * A running job whose cards have all come to an end is `done`, or `needs-attention`
   * while some wait for a person (failed, rejected or held cards).
   */
  status: StoredStatus | 'done' | 'needs-attention';
  total: number;
  byState: Partial<Record<ItemState, number>>;
}

const ITEM_COLUMNS =
  'id, job, position, serial, state, printer, attempts, bad_cards, reason, print_name, spooler_job, print_started_at, print_finished_at, updated_at';
export const REPRINT_PRIORITY = 10;

export class JobStore {
  readonly #db: StationDatabase;
  readonly #ledger: Ledger;

  constructor(db: StationDatabase, ledger: Ledger) {
    this.#db = db;
    this.#ledger = ledger;
  }

  /**
   * A job over the chosen badges, in order (job-queue.ts); a job with nothing to print is refused.
   */
  createJob(options: { name: string; badges: BadgeChoice; priority?: number; actor: string; now?: number }): number {
    const now = options.now ?? Date.now();
    return this.#db.transaction(() => {
      const job = Number(
        this.#db
          .statement(`INSERT INTO print_jobs (name, priority, status, created_at, created_by) VALUES (?, ?, 'running', ?, ?)`)
          .run(options.name, options.priority ?? 0, now, options.actor).lastInsertRowid,
      );
      const queued = queueBadges(this.#db, job, options.badges, now);
      if (queued === 0) {
        throw new StationError(
          'USAGE',
          'serials' in options.badges
            ? 'A print job needs at least one badge. Nothing was queued.'
            : 'Every active badge is already printed or in a print job: there is nothing to print.',
        );
      }
      return job;
    });
  }

  /**
   * The next card for this printer: the highest-priority running job first, then the
   * oldest job, then the job's order. Undefined when there is nothing to print or the
   * printer already holds a card.
   */
  claimNext(printer: string, now: number = Date.now(), prefer?: number): JobItem | undefined {
    return this.#db.transaction(() => {
      if (this.#db.statement(`SELECT 1 FROM job_items WHERE printer = ? AND state IN ${sqlList(HELD)}`).get(printer))
        return undefined;
      for (;;) {
        // The card the printer drew while printing its last one, if nobody took it meanwhile.
        const preferred =
          prefer === undefined
            ? undefined
            : (this.#db
                .statement(
                  `SELECT i.id FROM job_items i JOIN print_jobs j ON j.id = i.job
                   WHERE i.id = ? AND i.state = 'queued' AND j.status = 'running'`,
                )
                .get(prefer) as { id: number } | undefined);
        prefer = undefined;
        const head = preferred ?? this.#queueHead(1)[0];
        if (!head) return undefined;
        const next = this.#db
          .statement(
            `SELECT i.id, i.serial, i.holder_stamp, h.updated_at AS holder_now, v.status AS badge_status
             FROM job_items i JOIN badge_versions v ON v.serial = i.serial JOIN holders h ON h.id = v.holder
             WHERE i.id = ?`,
          )
          .get(head.id) as { id: number; serial: string; holder_stamp: number | null; holder_now: number; badge_status: string };
        if (next.badge_status !== 'active') {
          // Reprinted or voided since it was queued: this version must never be printed.
          this.#set(next.id, 'cancelled', `${next.serial} was replaced or voided after it was queued.`, now);
          continue;
        }
        if (next.holder_stamp !== null && next.holder_now !== next.holder_stamp) {
          this.#set(
            next.id,
            'held',
            `The holder's roster data changed after ${next.serial} was queued: check the badge, then release it.`,
            now,
          );
          continue;
        }
        this.#db
          .statement(
            `UPDATE job_items SET state = 'claimed', printer = ?, attempts = attempts + 1, reason = NULL, print_name = NULL,
               spooler_job = NULL, updated_at = ? WHERE id = ?`,
          )
          .run(printer, now, next.id);
        return this.item(next.id);
      }
    });
  }

  /** The card a printer holds (after a restart: what it was doing when the station stopped). */
  inPrinter(printer: string): JobItem | undefined {
    return this.#db
      .statement(`SELECT ${ITEM_COLUMNS} FROM job_items WHERE printer = ? AND state IN ${sqlList(HELD)}`)
      .get(printer) as JobItem | undefined;
  }

  /** Cards printed but not yet issued when the station stopped. */
  printedNotIssued(): JobItem[] {
    return this.#db.statement(`SELECT ${ITEM_COLUMNS} FROM job_items WHERE state = 'printed'`).all() as JobItem[];
  }

  /** Cards held in printers that are not among these (removed from the station while holding a card). */
  heldByOthers(printers: readonly string[]): JobItem[] {
    return (
      this.#db.statement(`SELECT ${ITEM_COLUMNS} FROM job_items WHERE state IN ${sqlList(HELD)}`).all() as JobItem[]
    ).filter((item) => !printers.includes(item.printer as string));
  }

  /** The next cards in the order printers will claim them, for rendering ahead. */
  upcoming(limit: number): { id: number; serial: string }[] {
    return this.#queueHead(limit);
  }

  /**
   * The queue's head: the running jobs in claiming order, each read from its own queued
   * index, so finding the next card costs the same in a job of 10 cards or 500,000.
   */
  #queueHead(limit: number): { id: number; serial: string }[] {
    const jobs = this.#db.statement(`SELECT id FROM print_jobs WHERE status = 'running' ORDER BY priority DESC, id`).all() as {
      id: number;
    }[];
    const head: { id: number; serial: string }[] = [];
    const next = this.#db.statement(
      `SELECT id, serial FROM job_items WHERE job = ? AND state = 'queued' ORDER BY position LIMIT ?`,
    );
    for (const job of jobs) {
      if (head.length >= limit) break;
      head.push(...(next.all(job.id, limit - head.length) as { id: number; serial: string }[]));
    }
    return head;
  }

  /** Whether there are cards to print, or cards in these printers still to finish. */
  hasWork(printers: readonly string[]): boolean {
    if (this.#queueHead(1).length > 0) return true;
    const held = this.#db.statement(`SELECT 1 FROM job_items WHERE printer = ? AND state IN ${sqlList(HELD)}`);
    return printers.some((printer) => held.get(printer) !== undefined);
  }

  /**
   * Holds queued cards for a person to look at, with the reason (another station prints
   * their holders: upstream/leases.ts). `jobs release` queues them again.
   */
  hold(serials: readonly string[], reason: (serial: string) => string, now: number = Date.now()): number {
    return this.#db.transaction(() => {
      const find = this.#db.statement(
        `SELECT i.id FROM job_items i JOIN print_jobs j ON j.id = i.job
         WHERE i.serial = ? AND i.state = 'queued' AND j.status <> 'cancelled'`,
      );
      let held = 0;
      for (const serial of serials) {
        for (const { id } of find.all(serial) as { id: number }[]) {
          this.#set(id, 'held', reason(serial), now);
          held += 1;
        }
      }
      return held;
    });
  }

  /** Held cards go back to the queue once the operator has looked (one, or all of a job). */
  release(job: number, serial?: string, now: number = Date.now()): number {
    return this.#db
      .statement(
        `UPDATE job_items SET state = 'queued', reason = NULL, updated_at = ?,
           holder_stamp = (SELECT h.updated_at FROM badge_versions v JOIN holders h ON h.id = v.holder WHERE v.serial = job_items.serial)
         WHERE job = ? AND state = 'held' AND (? IS NULL OR serial = ?)`,
      )
      .run(now, job, serial ?? null, serial ?? null).changes;
  }

  /**
   * Moves a card on, if it is where the caller thinks it is; the ledger event that records
   * the move lands in the same transaction.
   */
  advance(
    id: number,
    from: ItemState,
    to: ItemState,
    options: { reason?: string; event?: NewLedgerEvent; facts?: ItemFacts; now?: number } = {},
  ): JobItem {
    if (!NEXT[from]?.includes(to)) throw new StationError('USAGE', `A card cannot go from ${from} to ${to}.`);
    return this.#db.transaction(() => {
      const keepsPrinter = HELD.includes(to);
      const facts = options.facts ?? {};
      const changed = this.#db
        .statement(
          `UPDATE job_items SET state = ?, reason = ?, updated_at = ?, printer = CASE WHEN ? THEN printer ELSE NULL END,
             print_name = coalesce(?, print_name), spooler_job = coalesce(?, spooler_job),
             print_started_at = coalesce(?, print_started_at), print_finished_at = coalesce(?, print_finished_at)
           WHERE id = ? AND state = ?`,
        )
        .run(
          to,
          options.reason ?? null,
          options.now ?? Date.now(),
          keepsPrinter ? 1 : 0,
          facts.print_name ?? null,
          facts.spooler_job ?? null,
          facts.print_started_at ?? null,
          facts.print_finished_at ?? null,
          id,
          from,
        ).changes;
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
   * A blank card for this badge was rejected at the encoder (it is in the reject box): the
   * badge waits for the next blank card, or, once `maxBadCards` cards were rejected for it,
   * is left rejected for a person to look at. Only bad cards count: a card requeued because
   * its printer went away or its encoder had no card is not a bad card.
   */
  badCard(item: JobItem, reason: string, maxBadCards: number): JobItem {
    return this.#db.transaction(() => {
      const counted = this.#db
        .statement('UPDATE job_items SET bad_cards = bad_cards + 1 WHERE id = ? AND state = ? RETURNING bad_cards')
        .get(item.id, item.state) as { bad_cards: number } | undefined;
      // Not where the caller thinks: advance says so, as for any stale move.
      const bad = counted?.bad_cards ?? 0;
      return counted && bad >= maxBadCards
        ? this.advance(item.id, item.state, 'rejected', { reason: `${bad} cards rejected; last: ${reason}` })
        : this.advance(item.id, item.state, 'queued', { reason });
    });
  }

  /**
   * A printer dropped out: cards it had not started go back to the queue for the others;
   * a card already encoded or sent is physically in that printer, so it is failed with the
   * reason, for a person to look at and retry.
   */
  releasePrinter(printer: string, reason: string, now: number = Date.now()): { requeued: number; failed: number } {
    return this.#db.transaction(() => {
      const held = this.#db
        .statement(`SELECT id, state FROM job_items WHERE printer = ? AND state IN ${sqlList(HELD)}`)
        .all(printer) as { id: number; state: ItemState }[];
      let requeued = 0;
      for (const item of held) {
        if (NOT_STARTED.includes(item.state)) {
          this.#db
            .statement(`UPDATE job_items SET state = 'queued', printer = NULL, updated_at = ? WHERE id = ?`)
            .run(now, item.id);
          requeued += 1;
        } else {
          this.#set(item.id, 'failed', reason, now);
        }
      }
      return { requeued, failed: held.length - requeued };
    });
  }

  pause(job: number): void {
    this.#setStatus(job, 'paused', ['running']);
  }

  resume(job: number): void {
    this.#setStatus(job, 'running', ['paused']);
  }

  /** Stops a job: cards not yet in a printer (or held) are cancelled; cards in a printer finish. */
  cancel(job: number, now: number = Date.now()): number {
    return this.#db.transaction(() => {
      this.#setStatus(job, 'cancelled', ['running', 'paused']);
      return this.#db
        .statement(`UPDATE job_items SET state = 'cancelled', updated_at = ? WHERE job = ? AND state IN ('queued', 'held')`)
        .run(now, job).changes;
    });
  }

  /** Queues the job's rejected and failed cards again. */
  retry(job: number, now: number = Date.now()): number {
    return this.#db
      .statement(
        // A badge retried after its bad cards gets a fresh count: the operator looked at it.
        `UPDATE job_items SET state = 'queued', printer = NULL, bad_cards = 0, updated_at = ? WHERE job = ? AND state IN ('rejected', 'failed')`,
      )
      .run(now, job).changes;
  }

  progress(job: number): JobProgress {
    const row = this.#db.statement('SELECT id, name, status FROM print_jobs WHERE id = ?').get(job) as
      | { id: number; name: string; status: StoredStatus }
      | undefined;
    if (!row) throw new StationError('USAGE', `There is no print job ${job}.`);
    const counts = this.#db.statement('SELECT state, count(*) AS n FROM job_items WHERE job = ? GROUP BY state').all(job) as {
      state: ItemState;
      n: number;
    }[];
    const byState = Object.fromEntries(counts.map((count) => [count.state, count.n])) as JobProgress['byState'];
    const left = (states: readonly ItemState[]) => states.some((state) => (byState[state] ?? 0) > 0);
    const status: JobProgress['status'] =
      row.status !== 'running' || left(['queued', ...HELD, 'printed'])
        ? row.status
        : left(['failed', 'rejected', 'held'])
          ? 'needs-attention'
          : 'done';
    return { job: row.id, name: row.name, status, total: counts.reduce((sum, count) => sum + count.n, 0), byState };
  }

  item(id: number): JobItem | undefined {
    return this.#db.statement(`SELECT ${ITEM_COLUMNS} FROM job_items WHERE id = ?`).get(id) as JobItem | undefined;
  }

  /** Running jobs of the bulk lane (priority 0): a reprint's job (badges/reissue.ts) rides along on any run. */
  runningBulkJobs(): number[] {
    return (
      this.#db.statement(`SELECT id FROM print_jobs WHERE status = 'running' AND priority = 0 ORDER BY id`).all() as {
        id: number;
      }[]
    ).map((row) => row.id);
  }

  /** Reprint jobs (the priority lane) waiting for a run to carry them: made while no run printed. */
  pausedPriorityJobs(): number[] {
    return (
      this.#db.statement(`SELECT id FROM print_jobs WHERE status = 'paused' AND priority > 0 ORDER BY id`).all() as {
        id: number;
      }[]
    ).map((row) => row.id);
  }

  runningJobs(): number[] {
    return (this.#db.statement(`SELECT id FROM print_jobs WHERE status = 'running' ORDER BY id`).all() as { id: number }[]).map(
      (row) => row.id,
    );
  }

  /** Sets a paused or running job running again (a running one whose runner stopped just carries on). */
  resumeIfPaused(job: number): void {
    const { status } = this.progress(job);
    if (status === 'paused') this.resume(job);
    else if (status === 'cancelled') throw new StationError('USAGE', `Print job ${job} was cancelled: it cannot be resumed.`);
  }

  /** Serials of a job's badges printed on printers without an encoder, in print order: their chips come at the desk. */
  printedWithoutChip(job: number): string[] {
    return (
      this.#db
        .statement(
          `SELECT i.serial FROM job_items i WHERE i.job = ? AND i.state = 'issued'
             AND NOT EXISTS (SELECT 1 FROM chips c WHERE c.serial = i.serial AND c.status = 'current')
           ORDER BY i.print_finished_at, i.position`,
        )
        .all(job) as { serial: string }[]
    ).map((row) => row.serial);
  }

  jobs(): JobSummary[] {
    const rows = this.#db.statement('SELECT id, priority, created_at, created_by FROM print_jobs ORDER BY id').all() as {
      id: number;
      priority: number;
      created_at: number;
      created_by: string;
    }[];
    return rows.map((row) => ({
      ...this.progress(row.id),
      priority: row.priority,
      createdAt: row.created_at,
      createdBy: row.created_by,
    }));
  }

  /** A job's cards in one state (or all), in order; at most `limit`. */
  items(job: number, options: { state?: ItemState; limit?: number } = {}): JobItem[] {
    return this.#db
      .statement(`SELECT ${ITEM_COLUMNS} FROM job_items WHERE job = ? AND (? IS NULL OR state = ?) ORDER BY position LIMIT ?`)
      .all(job, options.state ?? null, options.state ?? null, options.limit ?? -1) as JobItem[];
  }

  #set(id: number, state: ItemState, reason: string, now: number): void {
    this.#db
      .statement('UPDATE job_items SET state = ?, reason = ?, printer = NULL, updated_at = ? WHERE id = ?')
      .run(state, reason, now, id);
  }

  #setStatus(job: number, status: StoredStatus, from: readonly string[]): void {
    const changed = this.#db
      .statement(`UPDATE print_jobs SET status = ? WHERE id = ? AND status IN ${sqlList(from)}`)
      .run(status, job).changes;
    if (changed === 0)
      throw new StationError('USAGE', `Print job ${job} cannot be ${status} from where it is (${this.progress(job).status}).`);
  }
}
