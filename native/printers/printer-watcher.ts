/**
 * Watches a card printer while it works and says when its plain state, reasons or ribbon
 * level change, so the counter sees "out of cards" when it happens, not at the next card.
 * Polls (CUPS sends no push notifications to a client without a listener of its own); a
 * printer that cannot be asked becomes `offline` until it answers again.
 */
import { EventEmitter } from 'node:events';
import type { CardPrinter } from './card-printer.ts';
import { PrinterError } from './printer-error.ts';
import type { PrinterStatus } from './printer-status.ts';

export interface PrinterWatcherEvents {
  change: [status: PrinterStatus, previous: PrinterStatus | undefined];
}

export class PrinterWatcher extends EventEmitter<PrinterWatcherEvents> {
  readonly printer: CardPrinter;
  readonly intervalMs: number;
  #timer: NodeJS.Timeout | undefined;
  #last: PrinterStatus | undefined;
  #polling = false;

  constructor(printer: CardPrinter, options: { intervalMs?: number } = {}) {
    super();
    this.printer = printer;
    this.intervalMs = options.intervalMs ?? 2000;
  }

  get status(): PrinterStatus | undefined {
    return this.#last;
  }

  start(): this {
    if (!this.#timer) {
      this.#timer = setInterval(() => void this.poll(), this.intervalMs);
      void this.poll();
    }
    return this;
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Asks once now; emits `change` if anything the counter would see changed. */
  async poll(): Promise<PrinterStatus | undefined> {
    if (this.#polling) return this.#last;
    this.#polling = true;
    try {
      const status = await this.printer.status().catch((error: unknown) => unreachable(error));
      const previous = this.#last;
      if (!previous || fingerprint(previous) !== fingerprint(status)) {
        this.#last = status;
        this.emit('change', status, previous);
      }
      return status;
    } finally {
      this.#polling = false;
    }
  }
}

function fingerprint(status: PrinterStatus): string {
  return JSON.stringify([
    status.state,
    [...status.reasons].sort(),
    status.markers.map((marker) => marker.level),
    status.acceptingJobs,
  ]);
}

function unreachable(error: unknown): PrinterStatus {
  const message = error instanceof PrinterError ? error.message : 'The printer did not answer.';
  return { state: 'offline', reasons: ['offline-report'], message, markers: [], acceptingJobs: false };
}
