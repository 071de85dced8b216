/**
 * Progress of a pipeline run for the desk: each card's moves, each printer's state and
 * pace (cards per hour, from the printer's own start and finish times), the lanyard for
 * the card just printed, and each job's counts with an ETA.
 */
import type { CardWarning } from './card-press.ts';
import type { ItemState, JobItem } from './card-states.ts';
import type { JobProgress, JobStore } from './job-store.ts';

export interface Lanyard {
  colour: string;
  name_zh: string;
  name_en: string;
}

export type PrinterActivity = 'idle' | 'printing' | 'unavailable';

export type PipelineEvent =
  | {
      type: 'item';
      job: number;
      item: number;
      serial: string;
      state: ItemState;
      printer: string | null;
      reason: string | null;
      lanyard?: Lanyard;
    }
  | {
      type: 'printer';
      printer: string;
      state: PrinterActivity;
      message?: string;
      cards: number;
      rejects: number;
      cardsPerHour: number;
      /** The lanyard for the card that just came out. */
      lanyard?: Lanyard;
    }
  | {
      /** A card printed with something the renderer had to change or could not draw: someone should look at it. */
      type: 'warnings';
      job: number;
      serial: string;
      printer: string | null;
      warnings: CardWarning[];
    }
  | {
      type: 'progress';
      jobs: JobProgress[];
      total: number;
      /** Cards that reached an end: issued, rejected, failed or cancelled. */
      done: number;
      issued: number;
      cardsPerHour: number;
      /** Seconds until the queued cards are printed at the current pace; null until there is a pace. */
      etaSeconds: number | null;
    };

interface PrinterTally {
  state: PrinterActivity;
  message?: string;
  cards: number;
  rejects: number;
  busyMs: number;
  firstStart: number | null;
  lastFinish: number | null;
}

const ENDED: readonly ItemState[] = ['issued', 'rejected', 'failed', 'cancelled'];

export class ProgressTracker {
  readonly #jobs: JobStore;
  readonly #emit: (event: PipelineEvent) => void;
  readonly #printers = new Map<string, PrinterTally>();
  readonly #touched = new Set<number>();
  #issued = 0;
  #failed = 0;
  readonly #warned: { serial: string; codes: string[] }[] = [];

  constructor(jobs: JobStore, emit: (event: PipelineEvent) => void) {
    this.#jobs = jobs;
    this.#emit = emit;
    for (const job of jobs.runningJobs()) this.#touched.add(job);
  }

  cardWarnings(item: JobItem, warnings: CardWarning[]): void {
    this.#warned.push({ serial: item.serial, codes: warnings.map((warning) => warning.code) });
    this.#emit({ type: 'warnings', job: item.job, serial: item.serial, printer: item.printer, warnings });
  }

  /** The cards printed with warnings in this run, by serial. */
  warned(): { serial: string; codes: string[] }[] {
    return [...this.#warned];
  }

  item(item: JobItem, lanyard?: Lanyard): void {
    this.#touched.add(item.job);
    if (item.state === 'issued') this.#issued += 1;
    if (item.state === 'failed') this.#failed += 1;
    this.#emit({
      type: 'item',
      job: item.job,
      item: item.id,
      serial: item.serial,
      state: item.state,
      printer: item.printer,
      reason: item.reason,
      ...(lanyard ? { lanyard } : {}),
    });
  }

  printerState(printer: string, state: PrinterActivity, message?: string): void {
    const tally = this.#tally(printer);
    if (tally.state === state && tally.message === message) return;
    tally.state = state;
    tally.message = message;
    this.#printerEvent(printer);
  }

  cardPrinted(printer: string, printed: { startedAt: number; finishedAt: number }, lanyard?: Lanyard): void {
    const tally = this.#tally(printer);
    tally.cards += 1;
    tally.busyMs += Math.max(0, printed.finishedAt - printed.startedAt);
    tally.firstStart = Math.min(tally.firstStart ?? printed.startedAt, printed.startedAt);
    tally.lastFinish = Math.max(tally.lastFinish ?? printed.finishedAt, printed.finishedAt);
    tally.state = 'idle';
    this.#printerEvent(printer, lanyard);
  }

  cardRejected(printer: string): void {
    this.#tally(printer).rejects += 1;
    this.#printerEvent(printer);
  }

  /** Once a second: the jobs' counts, the pace and the ETA. */
  tick(): void {
    const jobs = [...this.#touched].map((job) => this.#jobs.progress(job));
    const count = (states: readonly ItemState[]) =>
      jobs.reduce((sum, job) => sum + states.reduce((n, state) => n + (job.byState[state] ?? 0), 0), 0);
    const total = jobs.reduce((sum, job) => sum + job.total, 0);
    const done = count(ENDED);
    const perHour = this.#cardsPerHour();
    const remaining = total - done - count(['held']);
    this.#emit({
      type: 'progress',
      jobs,
      total,
      done,
      issued: count(['issued']),
      cardsPerHour: Math.round(perHour),
      etaSeconds: perHour > 0 ? Math.round((remaining / perHour) * 3600) : null,
    });
  }

  totals(): { issued: number; failed: number } {
    return { issued: this.#issued, failed: this.#failed };
  }

  printers(): Record<string, { cards: number; busyMs: number; firstStart: number | null; lastFinish: number | null }> {
    return Object.fromEntries(
      [...this.#printers].map(([name, tally]) => [
        name,
        { cards: tally.cards, busyMs: tally.busyMs, firstStart: tally.firstStart, lastFinish: tally.lastFinish },
      ]),
    );
  }

  /** All printers together, over the stretch they have been printing. */
  #cardsPerHour(): number {
    let cards = 0;
    let first = Number.POSITIVE_INFINITY;
    let last = 0;
    for (const tally of this.#printers.values()) {
      if (tally.firstStart === null || tally.lastFinish === null) continue;
      cards += tally.cards;
      first = Math.min(first, tally.firstStart);
      last = Math.max(last, tally.lastFinish);
    }
    return cards > 0 && last > first ? (cards * 3_600_000) / (last - first) : 0;
  }

  #printerEvent(printer: string, lanyard?: Lanyard): void {
    const tally = this.#tally(printer);
    const span = tally.firstStart !== null && tally.lastFinish !== null ? tally.lastFinish - tally.firstStart : 0;
    this.#emit({
      type: 'printer',
      printer,
      state: tally.state,
      ...(tally.message ? { message: tally.message } : {}),
      cards: tally.cards,
      rejects: tally.rejects,
      cardsPerHour: span > 0 ? Math.round((tally.cards * 3_600_000) / span) : 0,
      ...(lanyard ? { lanyard } : {}),
    });
  }

  #tally(printer: string): PrinterTally {
    let tally = this.#printers.get(printer);
    if (!tally) {
      tally = { state: 'idle', cards: 0, rejects: 0, busyMs: 0, firstStart: null, lastFinish: null };
      this.#printers.set(printer, tally);
    }
    return tally;
  }
}
