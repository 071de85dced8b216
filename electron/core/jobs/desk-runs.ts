/**
 * Print runs started from the desk, inside the core process: the same pipeline as the CLI's
 * `print` / `jobs resume` (pipeline.ts), on the printers the operator chose, with its
 * progress turned into what the Print screen shows and handed to `publish` a few times a
 * second at most. Drawing stays on the card press's worker threads; the main thread only
 * signs, moves cards in the database and answers the desk.
 *
 * One run at a time: the pipeline's printers take cards from every running job of the
 * station (work stealing, reprints first), so a second run beside the first would only mix
 * their cards. A job made from a batch waits paused ("ready") until it is started.
 *
 * Decision: a job that was printing when the core died (a crash, a kill; the host starts
 * the core again) is NOT resumed by itself. It is shown "interrupted" with its counts as the
 * database has them, and waits for the operator's resume, because: the core may have died
 * of the run itself (a card that brings the renderer down), and a run that restarts by
 * itself would take the core down again until the supervisor gives up on it, desk and all;
 * the printers are machines people handle, and after a crash someone may be clearing a jam
 * or taking cards out, and must not be surprised by a printer starting; and a real station's
 * key is unlocked by a person. Nothing is lost or printed twice by waiting: the resume runs
 * the pipeline's own recovery (a card sent before the crash is asked of its printer by its
 * print name and sent again only if the printer never got it; printed cards are issued).
 */
import type { Catalog } from '../catalog/index.ts';
import { StationError } from '../errors.ts';
import type { StationKeyring } from '../keys/index.ts';
import type { Station } from '../station/index.ts';
import type { CardOut, DeskJobStatus, DeskJobView, PrinterView, RunNotice } from './desk-run-views.ts';
import type { JobProgress } from './job-store.ts';
import { JobStore } from './job-store.ts';
import type { DeviceWiring } from './ports.ts';
import type { Lanyard, PipelineEvent } from './progress.ts';
import { stationPrinters } from './station-printers.ts';

export interface DeskRunsOptions {
  dataDir: string;
  station(): Station;
  devices?: DeviceWiring;
  /** The station key for signing, or KEY_MISSING saying how to unlock it. */
  keyring(station: Station): StationKeyring;
  /** The least time between two publications of one job's progress (or one printer's state). */
  publishEveryMs?: number;
  /**
   * A run's leases upstream (upstream/run-leases.ts, given by the handlers: the jobs room
   * does not reach upstream itself). `notice` is what the operator should read about them.
   */
  leases?(
    station: Station,
    store: JobStore,
    notice: (said: RunNotice | { code: 'UPSTREAM_CLAIMED'; message: string }) => void,
  ): { claim(): Promise<void>; settle(): Promise<void> };
}

export type DeskPublish = {
  job(view: DeskJobView): void;
  printer(view: PrinterView & { job: number }): void;
};

interface Run {
  job: number;
  printers: Map<string, PrinterView>;
  stop: AbortController;
  done: Promise<void>;
  cardsPerHour: number;
  secondsLeft: number | null;
  lastCard?: CardOut;
  lastPrinter?: string;
}

const ENDED = ['issued', 'rejected', 'failed', 'cancelled'] as const;

export class DeskRuns {
  readonly #options: DeskRunsOptions;
  #run: Run | undefined;
  /** Why each job's last run stopped short, for as long as the core runs. */
  readonly #stopped = new Map<number, { code: string; message: string }>();
  /** What each job's last run said about its leases upstream when it could not claim them all. */
  readonly #notices = new Map<number, RunNotice>();
  /** Each job's last run, once ended: its pace, its printers' counts and the last card stay on the screen. */
  readonly #ended = new Map<number, Run>();
  #publish: DeskPublish | undefined;
  readonly #throttles = new Map<string, { last: number; timer?: NodeJS.Timeout }>();
  #checkpointing = false;
  #jobEveryMs = 250;
  #catalog: Catalog | undefined;

  constructor(options: DeskRunsOptions) {
    this.#options = options;
  }

  /** Where progress goes (the RPC server's publish, given by each call). */
  publishTo(publish: DeskPublish): void {
    this.#publish = publish;
  }

  jobs(limit = 50): DeskJobView[] {
    const store = this.#store();
    return store
      .jobs()
      .reverse()
      .slice(0, limit)
      .map((summary) => this.#view(summary, summary.createdAt));
  }

  view(job: number): DeskJobView {
    const station = this.#options.station();
    const row = station.db.statement('SELECT created_at FROM print_jobs WHERE id = ?').get(job) as
      | { created_at: number }
      | undefined;
    if (!row) throw new StationError('JOB_NOT_FOUND', `There is no print job ${job}: pick one from the list.`);
    return this.#view(this.#store().progress(job), row.created_at);
  }

  /** The job a printer is printing now, if any. */
  /** The job of the run printing now, if one is. */
  get printing(): number | undefined {
    return this.#run?.job;
  }

  printerJob(printer: string): number | null {
    return this.#run?.printers.has(printer) ? this.#run.job : null;
  }

  /** Waits for the present run (if any) to end: tests, and closing the station. */
  async settled(): Promise<void> {
    await this.#run?.done;
  }

  /** Stops the present run (cards in printers finish) and waits for it. */
  async close(): Promise<void> {
    this.#run?.stop.abort();
    await this.settled();
    for (const throttle of this.#throttles.values()) clearTimeout(throttle.timer);
  }

  /** `actor`: who started the run, named on every card event it records. */
  async start(job: number, printers: readonly string[], actor: string): Promise<DeskJobView> {
    const station = this.#options.station();
    const store = this.#store();
    const before = this.view(job);
    if (this.#run)
      throw new StationError(
        'JOB_RUNNING',
        this.#run.job !== job
          ? `Job ${this.#run.job} is printing: pause it or wait for it to finish, then start job ${job}.`
          : before.status === 'paused' || before.status === 'ready'
            ? `Job ${job} is still finishing the cards in its printers: start it again in a few seconds.`
            : `Job ${job} is already printing.`,
        { job: this.#run.job },
      );
    if (before.status === 'cancelled' || before.status === 'done')
      throw new StationError('USAGE', `Job ${job} is ${before.status}: there is nothing left to print in it.`);
    const all = stationPrinters(station);
    const unknown = printers.filter((name) => !all.some((printer) => printer.name === name));
    if (unknown.length > 0)
      throw new StationError(
        'PRINTER_UNKNOWN',
        `The station has no printer called ${unknown.join(', ')}: choose from the station's printers.`,
      );
    const devices = this.#options.devices;
    if (!devices) throw new StationError('PRINTERS_UNAVAILABLE', 'This desk was started without its printers: restart it.');
    // Everything that can be refused is checked before the job changes.
    const keyring = this.#options.keyring(station);
    const [{ loadCatalog }, { signCheckpointsAsLedgerGrows }, { CardFaces }, { Pipeline }] = await Promise.all([
      import('../catalog/index.ts'),
      import('../keys/index.ts'),
      import('./card-faces.ts'),
      import('./pipeline.ts'),
    ]);
    if (this.#run) throw new StationError('JOB_RUNNING', `Job ${(this.#run as Run).job} is printing.`);
    this.#catalog ??= loadCatalog();
    if (!this.#checkpointing) {
      signCheckpointsAsLedgerGrows(station, keyring);
      this.#checkpointing = true;
    }
    const chosen = all.filter((printer) => printers.includes(printer.name));
    const ports = devices.open(this.#options.dataDir, chosen);
    // Another bulk job left running by a run that died would be printed by this run's
    // printers too: it is paused instead (its cards already in a printer still finish, being
    // there). A reprint's job (the priority lane) is meant to ride along, ahead of this one.
    for (const other of store.runningBulkJobs())
      if (other !== job && store.progress(other).status === 'running') store.pause(other);
    // Reprints made while nothing printed ride along now, ahead of this job's cards.
    for (const reprint of store.pausedPriorityJobs()) if (reprint !== job) store.resume(reprint);
    store.resumeIfPaused(job);
    this.#stopped.delete(job);
    this.#notices.delete(job);
    this.#ended.delete(job);
    const run: Run = {
      job,
      printers: new Map(chosen.map((printer) => [printer.name, idlePrinter(printer.name)])),
      stop: new AbortController(),
      done: Promise.resolve(),
      cardsPerHour: 0,
      secondsLeft: null,
    };
    const faces = new CardFaces(station, this.#catalog, keyring);
    const pipeline = new Pipeline(
      {
        station,
        jobs: store,
        faces,
        chips: devices.chipContext(station, keyring, this.#catalog, actor),
        actor,
      },
      ports,
      {
        signal: run.stop.signal,
        stationPrinters: all.map((printer) => printer.name),
        onEvent: (event) => this.#onEvent(run, event),
      },
    );
    this.#run = run;
    const leases = this.#options.leases?.(station, store, (said) => {
      if (said.code !== 'UPSTREAM_CLAIMED') this.#notices.set(job, { code: said.code, message: said.message });
    });
    run.done = (leases ? leases.claim() : Promise.resolve())
      .then(() => pipeline.run())
      .then((summary) => {
        if (summary.stopped && summary.stopped.code !== 'STOPPED') this.#stopped.set(job, summary.stopped);
      })
      .catch((error: unknown) => {
        const failure = error as { code?: string; message?: string };
        this.#stopped.set(job, { code: failure.code ?? 'INTERNAL', message: failure.message ?? String(error) });
      })
      .finally(async () => {
        await faces.close().catch(() => {});
        await leases?.settle();
        this.#run = undefined;
        run.secondsLeft = null;
        this.#ended.set(job, run);
        for (const printer of run.printers.values()) {
          printer.state = 'idle';
          printer.secondsLeft = null;
          this.#publish?.printer({ ...printer, job });
        }
        this.#flushJob(job);
      });
    return this.view(job);
  }

  pause(job: number): DeskJobView {
    this.#store().pause(job);
    this.#flushJob(job);
    return this.view(job);
  }

  cancel(job: number): { job: DeskJobView; cancelled: number } {
    const cancelled = this.#store().cancel(job);
    this.#flushJob(job);
    return { job: this.view(job), cancelled };
  }

  /** Failed and rejected cards queued again: printed by the run printing the job, else when it is started. */
  retry(job: number): { job: DeskJobView; queued: number } {
    const queued = this.#store().retry(job);
    this.#waitUnlessPrinting(job);
    return { job: this.view(job), queued };
  }

  release(job: number, serial?: string): { job: DeskJobView; released: number } {
    const released = this.#store().release(job, serial);
    this.#waitUnlessPrinting(job);
    return { job: this.view(job), released };
  }

  /** Cards queued again in a job no run is printing wait for its start, not for the next run of another job. */
  #waitUnlessPrinting(job: number): void {
    const store = this.#store();
    if (this.#run?.job !== job && store.progress(job).status === 'running') store.pause(job);
    this.#flushJob(job);
  }

  #store(): JobStore {
    const station = this.#options.station();
    return new JobStore(station.db, station.ledger);
  }

  #view(progress: JobProgress, createdAt: number): DeskJobView {
    const count = (state: keyof JobProgress['byState']) => progress.byState[state] ?? 0;
    const active = this.#run?.job === progress.job ? this.#run : undefined;
    const run = active ?? this.#ended.get(progress.job);
    // A paused job none of whose cards ever left the queue was never started: it is ready.
    const started = (['claimed', 'rendered', 'encoded', 'sent', 'printed', 'issued', 'rejected', 'failed'] as const).some(
      (state) => count(state) > 0,
    );
    const status: DeskJobStatus =
      progress.status === 'running'
        ? active
          ? 'printing'
          : 'interrupted'
        : progress.status === 'paused' && !started
          ? 'ready'
          : progress.status;
    const stopped = this.#stopped.get(progress.job);
    const notice = this.#notices.get(progress.job);
    // The pipeline's pace comes once a second; until then, the printers' own paces added up.
    const printersPace = run ? [...run.printers.values()].reduce((sum, printer) => sum + printer.cardsPerHour, 0) : 0;
    const pace = run?.cardsPerHour || printersPace;
    const left = progress.total - ENDED.reduce((sum, state) => sum + count(state), 0) - count('held');
    const secondsLeft = !active ? null : (active.secondsLeft ?? (pace > 0 ? Math.round((left / pace) * 3600) : null));
    return {
      job: progress.job,
      name: progress.name,
      status,
      total: progress.total,
      done: ENDED.reduce((sum, state) => sum + count(state), 0),
      issued: count('issued'),
      failed: count('failed'),
      rejected: count('rejected'),
      held: count('held'),
      cancelled: count('cancelled'),
      cardsPerHour: pace,
      secondsLeft,
      createdAt,
      printers: run
        ? [...run.printers.values()].map((printer) => ({
            ...printer,
            // Printers steal work from one another, so each finishes its share at about the job's end.
            secondsLeft: active && printer.cardsPerHour > 0 ? secondsLeft : null,
          }))
        : [],
      ...(run?.lastCard ? { lastCard: run.lastCard } : {}),
      ...(stopped ? { stopped } : {}),
      ...(notice ? { notice } : {}),
    };
  }

  #onEvent(run: Run, event: PipelineEvent): void {
    if (event.type === 'printer') {
      const printer = run.printers.get(event.printer) ?? idlePrinter(event.printer);
      run.printers.set(event.printer, printer);
      printer.state = event.state;
      if (event.message) printer.message = event.message;
      else delete printer.message;
      printer.cards = event.cards;
      printer.rejects = event.rejects;
      printer.cardsPerHour = event.cardsPerHour;
      // The item event that follows is this card's: it carries the serial.
      run.lastPrinter = event.lanyard ? event.printer : undefined;
      this.#throttled(`printer:${event.printer}`, () => this.#publish?.printer({ ...printer, job: run.job }));
    } else if (event.type === 'item') {
      if (event.state === 'printed' && event.lanyard) {
        const card = this.#cardOut(event.serial, event.lanyard);
        run.lastCard = card;
        const printer = run.printers.get(event.printer ?? run.lastPrinter ?? '');
        if (printer) printer.lastCard = card;
      }
      this.#throttled(`job:${event.job}`, () => this.#publishJob(event.job));
    } else if (event.type === 'progress') {
      run.cardsPerHour = event.cardsPerHour;
      run.secondsLeft = event.etaSeconds;
      this.#throttled(`job:${run.job}`, () => this.#publishJob(run.job));
    }
  }

  #cardOut(serial: string, lanyard: Lanyard): CardOut {
    const row = this.#options.station().db.statement('SELECT type FROM badge_versions WHERE serial = ?').get(serial) as
      | { type: string }
      | undefined;
    return {
      serial,
      type: row?.type ?? '',
      lanyard: { colour: lanyard.colour, nameZh: lanyard.name_zh, nameEn: lanyard.name_en },
    };
  }

  #publishJob(job: number): void {
    if (!this.#publish) return;
    try {
      const started = performance.now();
      const view = this.view(job);
      // Counting a huge job's cards costs milliseconds: it is never more than a twentieth of the main thread.
      this.#jobEveryMs = Math.max(this.#options.publishEveryMs ?? 250, 20 * (performance.now() - started));
      this.#publish.job(view);
    } catch {
      // The station closed under a last publication: nobody is listening any more.
    }
  }

  #flushJob(job: number): void {
    const throttle = this.#throttles.get(`job:${job}`);
    if (throttle) clearTimeout(throttle.timer);
    this.#throttles.delete(`job:${job}`);
    this.#publishJob(job);
  }

  /** At most one publication per key per interval; the last change is always published (trailing). */
  #throttled(key: string, publish: () => void): void {
    const every = key.startsWith('job:') ? this.#jobEveryMs : (this.#options.publishEveryMs ?? 250);
    const throttle = this.#throttles.get(key) ?? { last: 0 };
    this.#throttles.set(key, throttle);
    if (throttle.timer) return;
    const wait = throttle.last + every - Date.now();
    if (wait <= 0) {
      throttle.last = Date.now();
      publish();
      return;
    }
    throttle.timer = setTimeout(() => {
      throttle.timer = undefined;
      throttle.last = Date.now();
      publish();
    }, wait);
    throttle.timer.unref();
  }
}

function idlePrinter(printer: string): PrinterView {
  return { printer, state: 'idle', cards: 0, rejects: 0, cardsPerHour: 0, secondsLeft: null };
}

export type { CardOut, DeskJobStatus, DeskJobView, PrinterView } from './desk-run-views.ts';
