/**
 * Draws the pipeline's cards on worker threads, so the printers' cards are drawn on every
 * core while the main thread keeps the durable state. A card is drawn per printer (its
 * calibration is applied as it is drawn); whichever thread is free takes the next card.
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { StationError } from '../errors.ts';
import type { Calibration, CardData } from '../render/index.ts';
import { startWorker } from '../worker-thread.ts';

export interface CardRequest {
  id: number;
  card: CardData;
  calibration: Calibration | undefined;
}

/** What the renderer had to say about a card it drew (a name made smaller, a glyph missing ...). */
export interface CardWarning {
  code: string;
  element: string;
  message: string;
}

/** A card drawn for its printer: the PDF, and the warnings its layout raised. */
export interface DrawnCard {
  pdf: Uint8Array;
  warnings: CardWarning[];
}

export type CardReply = ({ id: number; ok: true } & DrawnCard) | { id: number; ok: false; code: string; message: string };

interface Pending {
  resolve(card: DrawnCard): void;
  reject(error: Error): void;
}

export class CardPress {
  readonly #workers: { worker: Worker; busy: number }[];
  readonly #pending = new Map<number, Pending>();
  #next = 1;

  /** One thread per core by default: the main thread mostly waits on printers and SQLite. */
  constructor(options: { threads?: number; layoutsDir?: string } = {}) {
    const threads = Math.max(1, options.threads ?? availableParallelism());
    this.#workers = Array.from({ length: threads }, () => {
      const worker = startWorker(new URL('./card-worker.ts', import.meta.url), {
        workerData: { layoutsDir: options.layoutsDir },
      });
      const entry = { worker, busy: 0 };
      worker.on('message', (reply: CardReply | 'ready') => {
        if (reply === 'ready') return;
        entry.busy -= 1;
        const pending = this.#pending.get(reply.id);
        this.#pending.delete(reply.id);
        if (!pending) return;
        if (reply.ok) pending.resolve({ pdf: reply.pdf, warnings: reply.warnings });
        else pending.reject(new StationError(reply.code as never, reply.message));
      });
      worker.on('error', (error) => this.#failAll(error));
      // A press left open never keeps the process alive (a command ends when its work does).
      worker.unref();
      return entry;
    });
  }

  /** The card drawn as a PDF for the spooler, with the printer's calibration. */
  draw(card: CardData, calibration?: Calibration): Promise<DrawnCard> {
    const id = this.#next++;
    const entry = this.#workers.reduce((least, worker) => (worker.busy < least.busy ? worker : least));
    entry.busy += 1;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      entry.worker.postMessage({ id, card, calibration } satisfies CardRequest);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.#workers.map(({ worker }) => worker.terminate()));
    this.#failAll(new Error('The card press was closed.'));
  }

  #failAll(error: Error): void {
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
  }
}
