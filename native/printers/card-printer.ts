/**
 * One card printer, whatever is behind it: a CUPS queue, the demo printer, later the
 * Windows spooler. The pipeline only ever sees this.
 */
import type { CardJob, CupsSpooler } from './cups-spooler.ts';
import type { PrinterErrorCode } from './printer-error.ts';
import type { PrinterStatus } from './printer-status.ts';

export interface PrintedCard {
  /** The spooler's job id, or the demo printer's card number. */
  jobId: number;
  startedAt: number;
  finishedAt: number;
}

/** What the printer itself knows of a card sent to it, asked after a crash. */
export type SentCard =
  | { state: 'printed'; jobId: number; startedAt?: number; finishedAt?: number }
  | { state: 'printing'; jobId: number }
  | { state: 'failed'; jobId: number; code: PrinterErrorCode; message: string; cardStarted?: boolean }
  /** The printer never got it. */
  | { state: 'unknown' }
  /** The printer no longer remembers that far back: whether the card came out, nobody can say. */
  | { state: 'forgotten' };

export interface CardPrinter {
  readonly name: string;
  status(): Promise<PrinterStatus>;
  /** Prints one card and resolves once it is out; rejects with a PrinterError otherwise. */
  print(job: CardJob, signal?: AbortSignal): Promise<PrintedCard>;
  /**
   * What became of a card sent under this job name (the pipeline names each card's job
   * uniquely) at `sentAt` (ms), for resuming after a crash.
   */
  lookup(jobName: string, sentAt: number): Promise<SentCard>;
  /** Waits for a job `lookup` found still printing; resolves once out, or rejects with a PrinterError. */
  follow(jobId: number, signal?: AbortSignal): Promise<PrintedCard>;
}

export class CupsCardPrinter implements CardPrinter {
  readonly name: string;
  readonly #spooler: CupsSpooler;

  constructor(spooler: CupsSpooler, queue: string) {
    this.#spooler = spooler;
    this.name = queue;
  }

  status(): Promise<PrinterStatus> {
    return this.#spooler.status(this.name);
  }

  async print(job: CardJob, signal?: AbortSignal): Promise<PrintedCard> {
    const startedAt = Date.now();
    const jobId = await this.#spooler.submit(this.name, job);
    await this.#spooler.waitForJob(this.name, jobId, signal ? { signal } : {});
    return { jobId, startedAt, finishedAt: Date.now() };
  }

  lookup(jobName: string, sentAt: number): Promise<SentCard> {
    return this.#spooler.findJob(this.name, jobName, sentAt);
  }

  async follow(jobId: number, signal?: AbortSignal): Promise<PrintedCard> {
    const followedFrom = Date.now();
    await this.#spooler.waitForJob(this.name, jobId, signal ? { signal } : {});
    // The spooler's own times: the card may have started long before we came back to it.
    const times = await this.#spooler.jobState(this.name, jobId);
    return { jobId, startedAt: times.startedAt ?? followedFrom, finishedAt: times.finishedAt ?? Date.now() };
  }
}
