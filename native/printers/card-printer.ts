/**
 * One card printer, whatever is behind it: a CUPS queue, the demo printer, later the
 * Windows spooler. The pipeline only ever sees this.
 */
import type { CardJob, CupsSpooler } from './cups-spooler.ts';
import type { PrinterStatus } from './printer-status.ts';

export interface PrintedCard {
  /** The spooler's job id, or the demo printer's card number. */
  jobId: number;
  startedAt: number;
  finishedAt: number;
}

export interface CardPrinter {
  readonly name: string;
  status(): Promise<PrinterStatus>;
  /** Prints one card and resolves once it is out; rejects with a PrinterError otherwise. */
  print(job: CardJob, signal?: AbortSignal): Promise<PrintedCard>;
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
}
