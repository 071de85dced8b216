/**
 * The bulk pipeline: every printer of the station takes cards from the print jobs, one at
 * a time, until nothing is left: lay out the card (signing its barcode form), encode its
 * chip when the printer has an encoder, print it, issue it.
 *
 * Each step is one durable move of the card (JobStore), so the pipeline can stop anywhere
 * (a crash, a kill, a full disk) and the next run carries every card on from the state it
 * is in. The one step that cannot be made atomic with the database is the printer's: a
 * card's print is recorded as sent, under a unique name, before it goes out; after a
 * restart the printer is asked what became of that name, and the card is sent again only
 * when the printer never got it, with the ledger saying so.
 *
 * test/integration/pipeline-crash.test.ts proves it: the shipped CLI, run through
 * test/support/halting-cli.ts (which observes the pipeline's moves through `at` and freezes
 * at a chosen pass, for the harness to SIGKILL), is killed 20 times over 300 cards on 4
 * printers (two encoding, with bad chips), resuming each time; every badge ends issued and
 * printed once, every rejected chip recorded once, the ledger intact (`CRASH_SEED=` reruns).
 */
import { setMaxListeners } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import type { ChipContext } from '../chips/index.ts';
import { StationError } from '../errors.ts';
import type { CardFace } from './card-faces.ts';
import type { CardWarning, DrawnCard } from './card-press.ts';
import type { JobItem } from './card-states.ts';
import { encodeAtPrinter } from './chip-step.ts';
import type { PipelineContext, PipelineOptions, PipelinePoint, PipelineSummary } from './pipeline-contract.ts';
import type { EncoderPort, PipelineDevice, PrintedAt } from './ports.ts';
import { DOCUMENT_FAILURES, PRINTER_USABLE, type PrinterFailure, printerFailure, settleFailedPrint } from './printer-failures.ts';
import { ProgressTracker } from './progress.ts';
import { fateOfSent, printName } from './sent-cards.ts';

interface DrawnAhead {
  item: number;
  face: CardFace;
  drawn: Promise<DrawnCard | undefined>;
}

/** The printer's encoder cannot give a card now: the card goes back, the printer waits. */
class Unavailable extends Error {}

export class Pipeline {
  readonly #context: PipelineContext;
  readonly #devices: readonly PipelineDevice[];
  readonly #options: PipelineOptions;
  readonly #progress: ProgressTracker;
  readonly #stop = new AbortController();
  readonly #unavailableSince = new Map<string, number>();
  /** Per printer: the next card, drawn while the printer was busy with its last one. */
  readonly #drawnAhead = new Map<string, DrawnAhead>();
  #wake: (() => void) | undefined;
  #woken: Promise<void>;
  #fatal: unknown;
  #stopped: PipelineSummary['stopped'];
  #rejectedCards = 0;
  /** This run's printers. */
  readonly #names: readonly string[];

  constructor(context: PipelineContext, devices: readonly PipelineDevice[], options: PipelineOptions = {}) {
    if (devices.length === 0)
      throw new StationError('PRINTERS_UNAVAILABLE', 'The station has no printers: add one with badge-station printers add.');
    if (devices.some((device) => device.encoder) && !context.chips)
      throw new StationError('KEY_MISSING', 'A printer with an encoder needs the station key unlocked.');
    this.#context = context;
    this.#devices = devices;
    this.#names = devices.map((device) => device.printer.name);
    this.#options = options;
    this.#progress = new ProgressTracker(context.jobs, (event) => options.onEvent?.(event));
    this.#woken = this.#nextWake();
    // Every printer and encoder listens for the stop: 16 printers are not a leak.
    setMaxListeners(8 + 4 * devices.length, this.#stop.signal);
  }

  /** Runs until every running job is done, or the run has to stop (then `stopped` says why). */
  async run(): Promise<PipelineSummary> {
    const started = Date.now();
    const outside = this.#options.signal;
    const onAbort = () => this.#halt({ code: 'STOPPED', message: 'Stopped by the operator.' });
    outside?.addEventListener('abort', onAbort, { once: true });
    const ticker = setInterval(() => this.#progress.tick(), this.#options.progressEveryMs ?? 1000);
    try {
      this.#recoverOrphans();
      await this.#issuePrinted();
      await Promise.all(this.#devices.map((device) => this.#runPrinter(device)));
    } finally {
      clearInterval(ticker);
      outside?.removeEventListener('abort', onAbort);
    }
    if (this.#fatal) throw this.#fatal;
    this.#progress.tick();
    const counts = this.#progress.totals();
    return {
      issued: counts.issued,
      rejectedCards: this.#rejectedCards,
      failed: counts.failed,
      ms: Date.now() - started,
      printers: this.#progress.printers(),
      warned: this.#progress.warned(),
      ...(this.#stopped ? { stopped: this.#stopped } : {}),
    };
  }

  /** Cards held by printers no longer at the station: untouched ones go back, others wait for a person. */
  #recoverOrphans(): void {
    const names = this.#options.stationPrinters ?? this.#devices.map((device) => device.printer.name);
    for (const item of this.#context.jobs.heldByOthers(names)) {
      this.#context.jobs.releasePrinter(item.printer as string, `Printer ${item.printer} is no longer at this station.`);
    }
  }

  /** Cards printed when the station stopped, not yet issued. */
  async #issuePrinted(): Promise<void> {
    for (const item of this.#context.jobs.printedNotIssued()) this.#issue(item);
  }

  async #runPrinter(device: PipelineDevice): Promise<void> {
    const { jobs } = this.#context;
    const name = device.printer.name;
    while (!this.#stop.signal.aborted) {
      let item: JobItem | undefined;
      try {
        item = jobs.inPrinter(name) ?? jobs.claimNext(name, Date.now(), this.#drawnAhead.get(name)?.item);
        if (!item) {
          if (!jobs.hasWork(this.#names)) return;
          await this.#idle();
          continue;
        }
        if (item.state === 'claimed') this.#at('claimed', item);
        await this.#carry(device, item);
        this.#unavailableSince.delete(name);
      } catch (error) {
        await this.#handle(device, item, error);
      }
    }
  }

  /** Takes one card from whatever state it is in to issued (or rejected / failed). */
  async #carry(device: PipelineDevice, claimed: JobItem): Promise<void> {
    const { jobs } = this.#context;
    let item = claimed;
    let face: CardFace | undefined;
    let drawn: DrawnCard | undefined;
    if (item.state === 'claimed') {
      const ahead = this.#drawnAhead.get(device.printer.name);
      this.#drawnAhead.delete(device.printer.name);
      if (ahead?.item === item.id) {
        face = ahead.face;
        drawn = await ahead.drawn;
      }
      face ??= this.#context.faces.face(item.serial);
      drawn ??= await this.#context.faces.draw(face, device.calibration);
      item = jobs.advance(item.id, 'claimed', 'rendered');
      this.#item(item, face);
      this.#at('rendered', item);
    }
    if (item.state === 'rendered' && device.encoder) {
      const encoded = await this.#encode(device, device.encoder, item);
      if (!encoded) return;
      item = encoded;
    }
    if (item.state === 'rendered' || item.state === 'encoded') {
      // After a restart the drawn card is gone with the process: draw it again.
      face ??= this.#context.faces.face(item.serial);
      drawn ??= await this.#context.faces.draw(face, device.calibration);
      item = jobs.advance(item.id, item.state, 'sent', { facts: { print_name: printName(item) } });
      this.#item(item, face);
      this.#at('sent', item);
      await this.#print(device, item, drawn, face);
      return;
    }
    if (item.state === 'sent') {
      await this.#resumeSent(device, item);
      return;
    }
    throw new StationError('INTERNAL', `Card ${item.serial} is ${item.state}, which a printer does not hold.`);
  }

  async #print(device: PipelineDevice, item: JobItem, drawn: DrawnCard, face?: CardFace): Promise<void> {
    this.#progress.printerState(device.printer.name, 'printing');
    const twoSided = face?.twoSided ?? true;
    const printing = device.printer.print({ jobName: item.print_name as string, pdf: drawn.pdf, twoSided }, this.#stop.signal);
    this.#drawAhead(device);
    const printed = await printing;
    this.#at('at-printer', item);
    this.#printed(device, item, printed, face, drawn.warnings);
  }

  /** After a restart: ask the printer what became of the card sent under its name. */
  async #resumeSent(device: PipelineDevice, item: JobItem): Promise<void> {
    const { jobs, actor, faces } = this.#context;
    const fate = await fateOfSent({ jobs, actor }, device, item, this.#stop.signal);
    if ('printed' in fate) {
      this.#printed(device, item, fate.printed);
      return;
    }
    if ('setAside' in fate) {
      this.#item(jobs.item(item.id) as JobItem);
      this.#wakeAll();
      return;
    }
    const face = faces.face(fate.resend.serial);
    await this.#print(device, fate.resend, await faces.draw(face, device.calibration), face);
  }

  /**
   * The card is out. What the renderer had to say about it (a name made smaller or cut,
   * a glyph the font lacks, a Latin name printed instead) goes into the ledger by code and
   * element (no personal data), and to the desk with its message, so someone looks at it.
   */
  #printed(device: PipelineDevice, item: JobItem, printed: PrintedAt, face?: CardFace, warnings: CardWarning[] = []): void {
    const moved = this.#context.jobs.advance(item.id, 'sent', 'printed', {
      facts: { spooler_job: printed.jobId, print_started_at: printed.startedAt, print_finished_at: printed.finishedAt },
      event: {
        type: 'BADGE_PRINTED',
        actor: this.#context.actor,
        subject: `badge:${item.serial}`,
        data: {
          serial: item.serial,
          job: item.job,
          printer: device.printer.name,
          printerJob: printed.jobId,
          ...(warnings.length > 0 ? { warnings: warnings.map((warning) => `${warning.code}:${warning.element}`) } : {}),
        },
      },
    });
    if (warnings.length > 0) this.#progress.cardWarnings(moved, warnings);
    this.#progress.cardPrinted(device.printer.name, printed, face?.lanyard);
    this.#item(moved, face);
    this.#at('printed', moved);
    this.#issue(moved);
  }

  #issue(item: JobItem): void {
    const chip = this.#context.station.db
      .statement(`SELECT uid FROM chips WHERE serial = ? AND status = 'current'`)
      .get(item.serial) as { uid: string } | undefined;
    const issued = this.#context.jobs.advance(item.id, 'printed', 'issued', {
      event: {
        type: 'BADGE_ISSUED',
        actor: this.#context.actor,
        subject: `badge:${item.serial}`,
        data: { serial: item.serial, job: item.job, chip: chip?.uid ?? null },
      },
    });
    this.#item(issued);
    this.#at('issued', issued);
    this.#wakeAll();
  }

  /**
   * The card's chip at the printer's encoder (chip-step.ts). A bad chip sends the badge
   * back for the next blank card, up to maxCardsPerBadge; an encoder that cannot go on
   * makes the printer wait.
   */
  async #encode(device: PipelineDevice, encoder: EncoderPort, item: JobItem): Promise<JobItem | undefined> {
    const { jobs, station, actor } = this.#context;
    const step = await encodeAtPrinter(
      { jobs, chips: this.#context.chips as ChipContext, ledger: station.ledger, actor },
      encoder,
      item,
      {
        signal: this.#stop.signal,
        afterChipWritten: this.#options.at && (() => this.#at('chip-written', item)),
      },
    );
    if (step.kind === 'unavailable') throw new Unavailable(step.message);
    if (step.kind === 'encoded') {
      this.#item(step.item);
      this.#at('encoded', step.item);
      return step.item;
    }
    this.#rejectedCards += 1;
    this.#progress.cardRejected(device.printer.name);
    const moved = jobs.badCard(item, step.reason, this.#options.maxCardsPerBadge ?? 3);
    this.#item(moved);
    this.#at('rejected', moved);
    this.#wakeAll();
    if (step.stuck)
      throw new Unavailable(
        `${device.printer.name} could not be told to drop the bad card in its reject box (${step.stuck}): take it out of the printer by hand.`,
      );
    return undefined;
  }

  async #handle(device: PipelineDevice, item: JobItem | undefined, error: unknown): Promise<void> {
    const { jobs } = this.#context;
    const name = device.printer.name;
    if (this.#stop.signal.aborted) return;
    const current = item ? jobs.item(item.id) : undefined;
    const failure = printerFailure(error);
    if (failure && current) {
      // A refusal is the printer's when its queue is not taking jobs at all (switched off
      // in the printer settings): the card goes to another printer. Otherwise it is the
      // card's document, and the printer carries on with the next card.
      const refusedByPrinter =
        failure.code === 'JOB_REFUSED' && (await device.printer.status().catch(() => undefined))?.acceptingJobs === false;
      await this.#printFailed(device, current, failure, refusedByPrinter);
      if (DOCUMENT_FAILURES.has(failure.code) && !refusedByPrinter) return;
      await this.#waitFor(device, `${failure.code}: ${failure.message}`);
      return;
    }
    if (error instanceof Unavailable) {
      if (current && (current.state === 'claimed' || current.state === 'rendered'))
        jobs.advance(current.id, current.state, 'queued', { reason: error.message });
      this.#wakeAll();
      await this.#waitFor(device, error.message);
      return;
    }
    if (error instanceof StationError && current && ['claimed', 'rendered'].includes(current.state) && isCardsFault(error)) {
      // This card cannot be made (its layout, photo or data): it waits for a person, the rest print.
      const failed = jobs.advance(current.id, current.state, 'failed', { reason: `${error.code}: ${error.message}` });
      this.#item(failed);
      this.#wakeAll();
      return;
    }
    this.#context.log?.error({ printer: name, err: error }, 'print pipeline stopped');
    this.#fatal ??= error;
    this.#halt({ code: (error as { code?: string }).code ?? 'INTERNAL', message: (error as Error).message });
  }

  /** The printer could not print the card: where the card is decides what happens to it. */
  async #printFailed(device: PipelineDevice, item: JobItem, failure: PrinterFailure, refusedByPrinter = false): Promise<void> {
    const { jobs, station, actor } = this.#context;
    await settleFailedPrint({ jobs, db: station.db, actor }, device, item, failure, refusedByPrinter);
    const after = jobs.item(item.id);
    if (after) this.#item(after);
    this.#wakeAll();
  }

  /** Waits until the printer can print again; stops the run if no printer can for too long. */
  async #waitFor(device: PipelineDevice, why: string): Promise<void> {
    const name = device.printer.name;
    const since = this.#unavailableSince.get(name) ?? Date.now();
    this.#unavailableSince.set(name, since);
    this.#progress.printerState(name, 'unavailable', why);
    const recheck = this.#options.recheckMs ?? 2000;
    while (!this.#stop.signal.aborted) {
      if (!this.#context.jobs.hasWork(this.#names)) return;
      const giveUp = this.#options.giveUpAfterMs ?? 300_000;
      const now = Date.now();
      const everyone = this.#devices.every((other) => {
        const down = this.#unavailableSince.get(other.printer.name);
        return down !== undefined && now - down >= giveUp;
      });
      if (everyone) {
        this.#halt({
          code: 'PRINTERS_UNAVAILABLE',
          message: `No printer has been able to print for ${Math.round(giveUp / 1000)} s (${name}: ${why}). Fix the printers, then resume the job.`,
        });
        return;
      }
      await delay(recheck, undefined, { signal: this.#stop.signal }).catch(() => undefined);
      const status = await device.printer
        .status()
        .catch((error: Error) => ({ state: 'offline', message: error.message, acceptingJobs: false }));
      if (PRINTER_USABLE.has(status.state) && status.acceptingJobs !== false) {
        this.#unavailableSince.delete(name);
        this.#progress.printerState(name, 'idle');
        return;
      }
      this.#progress.printerState(name, 'unavailable', status.message);
    }
  }

  /**
   * While a printer prints, its next card is drawn (with its calibration), so it never
   * waits for the card press between cards. Only a wish: the card is claimed when the
   * printer is free, and if another printer took it meanwhile the drawing is dropped.
   */
  #drawAhead(device: PipelineDevice): void {
    const name = device.printer.name;
    if (this.#drawnAhead.has(name)) return;
    const taken = new Set([...this.#drawnAhead.values()].map((ahead) => ahead.item));
    const next = this.#context.jobs.upcoming(this.#devices.length + 1).find((candidate) => !taken.has(candidate.id));
    if (!next) return;
    let face: CardFace;
    try {
      face = this.#context.faces.face(next.serial);
    } catch {
      return; // Its own claim reports why it cannot be made.
    }
    const drawn = this.#context.faces.draw(face, device.calibration).catch(() => undefined);
    this.#drawnAhead.set(name, { item: next.id, face, drawn });
  }

  #item(item: JobItem, face?: CardFace): void {
    this.#progress.item(item, face?.lanyard);
  }

  #at(point: PipelinePoint, item: JobItem): void {
    this.#options.at?.(point, item.serial);
  }

  #halt(stopped: NonNullable<PipelineSummary['stopped']>): void {
    this.#stopped ??= stopped;
    this.#stop.abort();
    this.#wakeAll();
  }

  async #idle(): Promise<void> {
    await Promise.race([this.#woken, delay(250)]);
  }

  #nextWake(): Promise<void> {
    return new Promise((resolve) => {
      this.#wake = resolve;
    });
  }

  #wakeAll(): void {
    this.#wake?.();
    this.#woken = this.#nextWake();
  }
}

function isCardsFault(error: StationError): boolean {
  return [
    'RENDER_FAILED',
    'LAYOUT_MISSING',
    'LAYOUT_INVALID',
    'BADGE_TYPE_UNKNOWN',
    'BADGE_NOT_FOUND',
    'POLICY_REFUSED',
  ].includes(error.code);
}
