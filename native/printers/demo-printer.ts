/**
 * The demo printer: the station's embedded default, for demos, training and tests.
 *
 * It "prints" by writing each card to a folder (the PDF, and the PNG preview when the
 * caller has one) at a card printer's pace, keeps count of cards and ribbon, and can be
 * told to jam, run out or be unplugged, reporting each through the same status model and
 * the same error codes as a real printer behind CUPS.
 *
 * Like a real printer's own counter, what it printed survives the process: each card out
 * is one line of `printed.jsonl` in its folder, synced to disk before `print` resolves,
 * so a station killed mid-batch can ask it (`lookup`) which cards came out. A card whose
 * print was cut off by the kill has no line: the printer never finished it.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay, setImmediate as nextTurn } from 'node:timers/promises';
import type { DemoEncoder } from '../chips/demo-encoder.ts';
import type { CardPrinter, PrintedCard, SentCard } from './card-printer.ts';
import type { CardJob } from './cups-spooler.ts';
import { PrinterError, type PrinterErrorCode } from './printer-error.ts';
import { type PlainPrinterState, type PrinterStatus, plainState } from './printer-status.ts';

export interface DemoPrinterOptions {
  name: string;
  outputDir: string;
  /** Milliseconds a card takes; 2 s like a real dye-sublimation printer. */
  paceMs?: number;
  cardsLoaded?: number;
  /** Panels left on the ribbon: one card each. */
  ribbonPanels?: number;
  /**
   * false: the journal of printed cards is not synced to disk card by card (benchmarks and
   * throwaway demos, where a power cut may lose the last cards' lines). Default true.
   */
  durable?: boolean;
  /** A demo printer with an inline encoder: cards pass its encoding station before printing. */
  encoder?: DemoEncoder;
}

/** One card out of the printer, as its journal keeps it. */
interface JournalEntry {
  jobName: string;
  jobId: number;
  startedAt: number;
  finishedAt: number;
}

const JOURNAL = 'printed.jsonl';

type Fault = 'jam' | 'offline' | 'door-open';

export class DemoPrinter implements CardPrinter {
  readonly name: string;
  readonly outputDir: string;
  readonly encoder: DemoEncoder | undefined;
  readonly durable: boolean;
  paceMs: number;
  #cards: number;
  #ribbon: number;
  readonly #ribbonCapacity: number;
  #fault: Fault | undefined;
  #busy = false;
  #printed = 0;
  readonly #byName = new Map<string, JournalEntry>();
  readonly #byId = new Map<number, JournalEntry>();
  #journal: number | undefined;
  /** The journal ends in a line cut short by a kill: the next line must not run on from it. */
  #tornTail = false;
  #inFlight: { jobName: string; jobId: number; done: Promise<PrintedCard> } | undefined;

  constructor(options: DemoPrinterOptions) {
    this.name = options.name;
    this.outputDir = options.outputDir;
    this.paceMs = options.paceMs ?? 2000;
    this.#cards = options.cardsLoaded ?? 200;
    this.#ribbonCapacity = options.ribbonPanels ?? 250;
    this.#ribbon = this.#ribbonCapacity;
    this.encoder = options.encoder;
    this.durable = options.durable ?? true;
    mkdirSync(this.outputDir, { recursive: true });
    this.#readJournal();
  }

  /** Cards this printer has printed, over every process that drove it. */
  get printed(): number {
    return this.#printed;
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

  print(job: CardJob, signal?: AbortSignal): Promise<PrintedCard> {
    if (this.#busy) return Promise.reject(new PrinterError('JOB_REFUSED', `${this.name} already has a card in it.`));
    try {
      this.#refuseIfBlocked();
    } catch (error) {
      return Promise.reject(error);
    }
    this.#busy = true;
    const jobId = this.#printed + 1;
    const done = this.#printCard(job, jobId, signal).finally(() => {
      this.#busy = false;
      this.#inFlight = undefined;
    });
    this.#inFlight = { jobName: job.jobName, jobId, done };
    return done;
  }

  /** The demo printer's journal is never purged: a name it has no line for, it never printed. */
  async lookup(jobName: string, _sentAt?: number): Promise<SentCard> {
    if (this.#inFlight?.jobName === jobName) return { state: 'printing', jobId: this.#inFlight.jobId };
    const entry = this.#byName.get(jobName);
    if (!entry) return { state: 'unknown' };
    return { state: 'printed', jobId: entry.jobId, startedAt: entry.startedAt, finishedAt: entry.finishedAt };
  }

  async follow(jobId: number, signal?: AbortSignal): Promise<PrintedCard> {
    const entry = this.#byId.get(jobId);
    if (entry) return { jobId, startedAt: entry.startedAt, finishedAt: entry.finishedAt };
    const inFlight = this.#inFlight;
    if (inFlight?.jobId !== jobId) {
      throw new PrinterError('JOB_ABORTED', `${this.name} has no card ${jobId} printing or printed: the card was not printed.`);
    }
    signal?.throwIfAborted();
    if (!signal) return inFlight.done;
    // Giving up on following leaves the card to finish; only print's own signal stops it.
    let stop = () => {};
    const stopped = new Promise<never>((_, reject) => {
      stop = () => reject(signal.reason);
    });
    signal.addEventListener('abort', stop, { once: true });
    try {
      return await Promise.race([inFlight.done, stopped]);
    } finally {
      signal.removeEventListener('abort', stop);
    }
  }

  async #printCard(job: CardJob, jobId: number, signal: AbortSignal | undefined): Promise<PrintedCard> {
    const startedAt = Date.now();
    // At pace 0 (benchmarks) a timer's millisecond floor would be the bottleneck: only yield.
    if (this.paceMs > 0) await delay(this.paceMs, undefined, { signal });
    else await nextTurn(undefined, { signal });
    // Faulted while the card was going through: it may be half printed.
    this.#refuseIfBlocked(true);
    const base = join(this.outputDir, `${String(jobId).padStart(5, '0')}-${safe(job.jobName)}`);
    writeFileSync(`${base}.pdf`, job.pdf);
    if (job.preview) writeFileSync(`${base}.png`, job.preview);
    const entry: JournalEntry = { jobName: job.jobName, jobId, startedAt, finishedAt: Date.now() };
    this.#append(entry);
    this.#remember(entry);
    this.#cards -= 1;
    this.#ribbon -= 1;
    return { jobId, startedAt, finishedAt: entry.finishedAt };
  }

  /** The card counts as printed once its line is on disk: the line is the printer's word for it. */
  #append(entry: JournalEntry): void {
    if (this.#journal === undefined) {
      this.#journal = openSync(join(this.outputDir, JOURNAL), 'a');
      // A journal file just created must survive a crash too, so its folder entry is synced.
      if (this.durable) syncFolder(this.outputDir);
    }
    writeSync(this.#journal, `${this.#tornTail ? '\n' : ''}${JSON.stringify(entry)}\n`);
    this.#tornTail = false;
    if (this.durable) fsyncSync(this.#journal);
  }

  #readJournal(): void {
    let text: string;
    try {
      text = readFileSync(join(this.outputDir, JOURNAL), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    this.#tornTail = text.length > 0 && !text.endsWith('\n');
    for (const line of text.split('\n')) {
      const entry = parseEntry(line);
      if (entry) this.#remember(entry);
    }
  }

  #remember(entry: JournalEntry): void {
    this.#byName.set(entry.jobName, entry);
    this.#byId.set(entry.jobId, entry);
    if (entry.jobId > this.#printed) this.#printed = entry.jobId;
  }

  /** Lets go of the journal file; for tests that reopen the same folder. */
  close(): void {
    if (this.#journal !== undefined) closeSync(this.#journal);
    this.#journal = undefined;
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

  #refuseIfBlocked(cardStarted = false): void {
    const state = plainState(3, this.#reasons());
    const card = cardStarted ? 'the card it was printing may be half printed' : 'the card was not printed';
    const fail = (code: PrinterErrorCode, message: string) =>
      new PrinterError(code, message, cardStarted ? this.#printed + 1 : undefined, { cardStarted });
    if (state === 'offline') throw fail('PRINTER_OFFLINE', `${this.name} is offline: ${card}.`);
    if (state === 'jammed') throw fail('PRINTER_JAMMED', `${this.name} has a card jam: clear it; ${card}.`);
    if (state === 'door-open') throw fail('DOOR_OPEN', `${this.name}'s cover is open: ${card}.`);
    // An empty feeder picked no card: nothing was printed, even mid-job.
    if (state === 'out-of-cards')
      throw new PrinterError('MEDIA_EMPTY', `${this.name} is out of cards: load cards; the card was not printed.`);
    if (state === 'ribbon-out') throw fail('RIBBON_EMPTY', `${this.name}'s ribbon is used up: change it; ${card}.`);
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

/** A line cut short by a kill mid-write is no card: the print never finished. */
function parseEntry(line: string): JournalEntry | undefined {
  if (line.trim() === '') return undefined;
  try {
    const value = JSON.parse(line) as Partial<JournalEntry>;
    if (typeof value.jobName !== 'string' || !Number.isInteger(value.jobId)) return undefined;
    if (typeof value.startedAt !== 'number' || typeof value.finishedAt !== 'number') return undefined;
    return value as JournalEntry;
  } catch {
    return undefined;
  }
}

function syncFolder(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function safe(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, '_');
}
