/**
 * The demo printer: the station's embedded default, for demos, training and tests.
 *
 * It "prints" by writing each card to a folder (the PDF, and the PNG preview when the
 * caller has one) at a card printer's pace, keeps count of cards and ribbon, and can be
 * told to jam, run out or be unplugged, reporting each through the same status model and
 * the same error codes as a real printer behind CUPS.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { CardPrinter, PrintedCard } from './card-printer.ts';
import type { CardJob } from './cups-spooler.ts';
import { PrinterError } from './printer-error.ts';
import { type PlainPrinterState, type PrinterStatus, plainState } from './printer-status.ts';

export interface DemoPrinterOptions {
  name: string;
  outputDir: string;
  /** Milliseconds a card takes; 2 s like a real dye-sublimation printer. */
  paceMs?: number;
  cardsLoaded?: number;
  /** Panels left on the ribbon: one card each. */
  ribbonPanels?: number;
}

type Fault = 'jam' | 'offline' | 'door-open';

export class DemoPrinter implements CardPrinter {
  readonly name: string;
  readonly outputDir: string;
  paceMs: number;
  #cards: number;
  #ribbon: number;
  readonly #ribbonCapacity: number;
  #fault: Fault | undefined;
  #busy = false;
  #printed = 0;

  constructor(options: DemoPrinterOptions) {
    this.name = options.name;
    this.outputDir = options.outputDir;
    this.paceMs = options.paceMs ?? 2000;
    this.#cards = options.cardsLoaded ?? 200;
    this.#ribbonCapacity = options.ribbonPanels ?? 250;
    this.#ribbon = this.#ribbonCapacity;
    mkdirSync(this.outputDir, { recursive: true });
  }

  /** For demos and tests: make the next card fail the way a real printer would. */
  fault(kind: Fault | undefined): void {
    this.#fault = kind;
  }

  loadCards(count: number): void {
    this.#cards += count;
  }

  changeRibbon(): void {
    this.#ribbon = this.#ribbonCapacity;
  }

  async status(): Promise<PrinterStatus> {
    const reasons = this.#reasons();
    const state = plainState(this.#busy ? 4 : reasons.some((reason) => reason.endsWith('-error')) ? 5 : 3, reasons);
    return {
      state,
      reasons,
      message: MESSAGES[state],
      markers: [{ name: 'Ribbon', type: 'ink-ribbon', level: Math.round((100 * this.#ribbon) / this.#ribbonCapacity) }],
      acceptingJobs: true,
    };
  }

  async print(job: CardJob, signal?: AbortSignal): Promise<PrintedCard> {
    if (this.#busy) throw new PrinterError('JOB_REFUSED', `${this.name} already has a card in it.`);
    this.#refuseIfBlocked();
    this.#busy = true;
    const startedAt = Date.now();
    try {
      await delay(this.paceMs, undefined, { signal });
      this.#refuseIfBlocked();
      this.#printed += 1;
      const base = join(this.outputDir, `${String(this.#printed).padStart(5, '0')}-${safe(job.jobName)}`);
      writeFileSync(`${base}.pdf`, job.pdf);
      if (job.preview) writeFileSync(`${base}.png`, job.preview);
      this.#cards -= 1;
      this.#ribbon -= 1;
      return { jobId: this.#printed, startedAt, finishedAt: Date.now() };
    } finally {
      this.#busy = false;
    }
  }

  #reasons(): string[] {
    const reasons: string[] = [];
    if (this.#fault === 'offline') reasons.push('offline-report');
    if (this.#fault === 'jam') reasons.push('media-jam-error');
    if (this.#fault === 'door-open') reasons.push('door-open-error');
    if (this.#cards <= 0) reasons.push('media-empty-error');
    if (this.#ribbon <= 0) reasons.push('marker-supply-empty-error');
    else if (this.#ribbon < this.#ribbonCapacity * 0.1) reasons.push('marker-supply-low-warning');
    return reasons.length > 0 ? reasons : ['none'];
  }

  #refuseIfBlocked(): void {
    const state = plainState(3, this.#reasons());
    const card = 'the card was not printed';
    if (state === 'offline') throw new PrinterError('PRINTER_OFFLINE', `${this.name} is offline: ${card}.`);
    if (state === 'jammed') throw new PrinterError('PRINTER_JAMMED', `${this.name} has a card jam: clear it; ${card}.`);
    if (state === 'door-open') throw new PrinterError('DOOR_OPEN', `${this.name}'s cover is open: ${card}.`);
    if (state === 'out-of-cards') throw new PrinterError('MEDIA_EMPTY', `${this.name} is out of cards: load cards; ${card}.`);
    if (state === 'ribbon-out') throw new PrinterError('RIBBON_EMPTY', `${this.name}'s ribbon is used up: change it; ${card}.`);
  }
}

const MESSAGES: Record<PlainPrinterState, string> = {
  ready: 'Ready',
  printing: 'Printing',
  'ribbon-low': 'Ribbon low',
  paused: 'Paused',
  offline: 'Not connected',
  'out-of-cards': 'Out of cards',
  'ribbon-out': 'Ribbon used up',
  'door-open': 'Cover open',
  jammed: 'Card jam',
  error: 'Error',
};

function safe(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, '_');
}
