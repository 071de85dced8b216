/**
 * `badge-station print` (a batch becomes a print job and runs on the station's printers)
 * and `badge-station jobs ...` (list, show, pause, resume, cancel, retry, release).
 *
 * One process owns a station, so a job runs inside the command that started or resumed
 * it; Ctrl-C stops it cleanly (cards in printers finish) and `jobs resume` carries on.
 */
import { readFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { StationError } from '../../core/errors.ts';
import type { JobStore, PipelineEvent, PipelineOptions, PipelineSummary } from '../../core/jobs/index.ts';
import type { Logger } from '../../core/log/index.ts';
import type { Station } from '../../core/station/index.ts';
import { type CliContext, withStation } from '../context.ts';
import { run } from '../run.ts';
import { keyFromPassphrase, STATION_PASSPHRASE_ENV } from '../secrets.ts';

interface RunOptions {
  printer?: string[];
  passphraseFile?: string;
  giveUpAfter: string;
  quiet?: boolean;
}

interface PrintOptions extends RunOptions {
  all?: boolean;
  type?: string;
  serial?: string[];
  serialsFile?: string;
  name?: string;
}

const jobsModule = () => import('../../core/jobs/index.ts');

const collect = (value: string, previous: string[] = []) => [...previous, value];

function runOptions(command: Command): Command {
  return command
    .option('--printer <name>', 'print on this station printer only (repeatable; default: all of them)', collect)
    .addOption(
      new Option('--passphrase-file <file>', `read the station passphrase from this file instead of $${STATION_PASSPHRASE_ENV}`),
    )
    .option('--give-up-after <seconds>', 'stop (the job stays resumable) when no printer could print for this long', '300')
    .option('--quiet', 'no progress lines');
}

/** Told of each durable move of a print run as it is made (the pipeline's `at`). */
export type PipelineObserver = NonNullable<PipelineOptions['at']>;

export function registerPrint(program: Command, observe?: PipelineObserver): void {
  runOptions(
    program
      .command('print')
      .description('print badges: a batch becomes a print job on the station printers (chips encoded inline where a printer can)')
      .option('--all', 'every active badge not yet printed')
      .option('--type <type>', 'every active badge of this type not yet printed')
      .option('--serial <serial>', 'this badge (repeatable)', collect)
      .option('--serials-file <file>', 'the badges listed in this file, one serial a line')
      .option('--name <name>', "the job's name, as the desk will see it"),
  ).action(
    run((options: PrintOptions, context) =>
      withStation(context, 'print', async (station, log, person) => {
        const { JobStore, REPRINT_PRIORITY } = await jobsModule();
        const jobs = new JobStore(station.db, station.ledger);
        const choice = badgeChoice(options);
        // Everything the run needs is checked before the job exists: a refused command leaves nothing behind.
        const runner = await prepareRun(context, station, log, jobs, person.actor, options, observe);
        const reprint = 'serials' in choice && choice.serials.length > 0 && choice.serials.every(isReprint);
        const job = jobs.createJob({
          name: options.name ?? jobName(choice),
          badges: choice,
          priority: reprint ? REPRINT_PRIORITY : 0,
          actor: person.actor,
        });
        return outcome(jobs, job, await runner());
      }),
    ),
  );

  const jobs = program.command('jobs').description('print jobs: list, show, pause, resume, cancel, retry, release');
  jobs
    .command('list')
    .description('every print job with its counts')
    .action(
      run((_options, context) =>
        withStation(context, 'jobs list', async (station) => {
          const store = new (await jobsModule()).JobStore(station.db, station.ledger);
          const list = store.jobs();
          const text =
            list.length === 0
              ? 'No print jobs yet: badge-station print --all starts one.'
              : list
                  .map((job) => `${job.job}  ${job.status.padEnd(15)} ${describeCounts(job.total, job.byState)}  ${job.name}`)
                  .join('\n');
          return { result: list, text };
        }),
      ),
    );
  jobs
    .command('show <job>')
    .description("a job's counts, and its cards in one state (failed, rejected, held ...)")
    .option('--state <state>', 'list the cards in this state')
    .action(
      run((options: { state?: string }, context, [job]) =>
        withStation(context, 'jobs show', async (station) => {
          const store = new (await jobsModule()).JobStore(station.db, station.ledger);
          const id = jobNumber(job);
          const progress = store.progress(id);
          const cards = store.items(id, { ...(options.state ? { state: options.state as never } : {}), limit: 1000 });
          const listed = options.state ?? 'every';
          const lines = [
            `Job ${id} "${progress.name}": ${progress.status}; ${describeCounts(progress.total, progress.byState)}`,
            ...cards
              .filter((card) => options.state || card.reason)
              .map(
                (card) =>
                  `  ${card.serial}  ${card.state}${card.printer ? ` on ${card.printer}` : ''}${card.reason ? `: ${card.reason}` : ''}`,
              ),
          ];
          return { result: { ...progress, cards, listed }, text: lines.join('\n') };
        }),
      ),
    );
  for (const [verb, description] of [
    ['pause', 'stop taking new cards for a job (it resumes with jobs resume)'],
    ['cancel', "cancel a job's cards that are not yet in a printer"],
    ['retry', "queue a job's rejected and failed cards again (print them with jobs resume)"],
  ] as const) {
    jobs
      .command(`${verb} <job>`)
      .description(description)
      .action(
        run((_options, context, [job]) =>
          withStation(context, `jobs ${verb}`, async (station, _log, person) => {
            const store = new (await jobsModule()).JobStore(station.db, station.ledger);
            const id = jobNumber(job);
            if (verb === 'pause') {
              store.pause(id);
              return {
                result: { job: id, status: 'paused' },
                text: `Job ${id} is paused: badge-station jobs resume ${id} carries on.`,
              };
            }
            if (verb === 'cancel') {
              const cancelled = store.cancel(id);
              // A supervisor's decision (context.ts): they asked and approved it.
              station.ledger.append({
                type: 'JOB_CANCELLED',
                actor: person.actor,
                subject: `job:${id}`,
                data: { job: id, cancelled, approvedBy: person.actor },
              });
              return { result: { job: id, cancelled }, text: `Job ${id} is cancelled: ${cancelled} cards will not be printed.` };
            }
            const queued = store.retry(id);
            return {
              result: { job: id, queued },
              text: `${queued} cards of job ${id} are queued again: badge-station jobs resume ${id} prints them.`,
            };
          }),
        ),
      );
  }
  jobs
    .command('release <job>')
    .description("queue a job's held cards again once the holder's changed data is checked")
    .option('--serial <serial>', 'only this card')
    .action(
      run((options: { serial?: string }, context, [job]) =>
        withStation(context, 'jobs release', async (station) => {
          const store = new (await jobsModule()).JobStore(station.db, station.ledger);
          const id = jobNumber(job);
          const released = store.release(id, options.serial?.toUpperCase());
          return {
            result: { job: id, released },
            text: `${released} held cards of job ${id} are queued again: badge-station jobs resume ${id} prints them.`,
          };
        }),
      ),
    );
  runOptions(jobs.command('resume <job>').description('carry on printing a job (after a pause, a stop or a crash)')).action(
    run((options: RunOptions, context, [job]) =>
      withStation(context, 'jobs resume', async (station, log, person) => {
        const store = new (await jobsModule()).JobStore(station.db, station.ledger);
        const id = jobNumber(job);
        store.resumeIfPaused(id);
        const summary = await runJobs(context, station, log, store, person.actor, options, observe);
        return outcome(store, id, summary);
      }),
    ),
  );
}

function badgeChoice(options: PrintOptions): { serials: string[] } | { unprinted: true; type?: string } {
  const listed = [...(options.serial ?? []), ...(options.serialsFile ? readSerials(options.serialsFile) : [])];
  const chosen = [options.all, options.type !== undefined, listed.length > 0].filter(Boolean).length;
  if (chosen !== 1)
    throw new StationError(
      'USAGE',
      'Choose the badges with exactly one of --all, --type TYPE, --serial S (repeatable) or --serials-file FILE.',
    );
  if (listed.length > 0) return { serials: listed };
  return { unprinted: true, ...(options.type ? { type: options.type } : {}) };
}

function readSerials(file: string): string[] {
  try {
    return readFileSync(file, 'utf8')
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'));
  } catch (error) {
    throw new StationError('USAGE', `Cannot read the serials file ${file}: ${(error as Error).message}.`);
  }
}

function isReprint(serial: string): boolean {
  return !serial.trim().endsWith('-1');
}

function jobName(choice: ReturnType<typeof badgeChoice>): string {
  if ('serials' in choice) return choice.serials.length === 1 ? `badge ${choice.serials[0]}` : `${choice.serials.length} badges`;
  return choice.type ? `every ${choice.type} badge not yet printed` : 'every badge not yet printed';
}

function jobNumber(text: string | undefined): number {
  const id = Number(text);
  if (!Number.isInteger(id) || id <= 0)
    throw new StationError('USAGE', `"${text}" is not a job number (see badge-station jobs list).`);
  return id;
}

/** Runs the station's print jobs on its printers until done or stopped. */
export async function runJobs(
  context: CliContext,
  station: Station,
  log: Logger,
  jobs: JobStore,
  /** Who the run's events name. */
  actor: string,
  options: RunOptions,
  observe?: PipelineObserver,
): Promise<PipelineSummary> {
  return (await prepareRun(context, station, log, jobs, actor, options, observe))();
}

/** Checks the printers and unlocks the station key; gives back the run itself. */
async function prepareRun(
  context: CliContext,
  station: Station,
  log: Logger,
  jobs: JobStore,
  actor: string,
  options: RunOptions,
  observe?: PipelineObserver,
): Promise<() => Promise<PipelineSummary>> {
  const [
    { CardFaces, Pipeline, stationPrinters },
    { loadCatalog },
    { signCheckpointsAsLedgerGrows, stationClockGuard, unlockStation },
    { chipContext, openDevices },
  ] = await Promise.all([
    jobsModule(),
    import('../../core/catalog/index.ts'),
    import('../../core/keys/index.ts'),
    import('../../devices/index.ts'),
  ]);
  const giveUpAfter = Number(options.giveUpAfter);
  if (!(giveUpAfter > 0))
    throw new StationError('USAGE', `--give-up-after must be a number of seconds, not "${options.giveUpAfter}".`);
  const all = stationPrinters(station);
  const chosen = options.printer ?? all.map((printer) => printer.name);
  if (all.length === 0)
    throw new StationError('PRINTERS_UNAVAILABLE', 'The station has no printers: add one with badge-station printers add.');
  const unknown = chosen.filter((name) => !all.some((printer) => printer.name === name));
  if (unknown.length > 0)
    throw new StationError(
      'PRINTER_UNKNOWN',
      `The station has no printer called ${unknown.join(', ')}: see badge-station printers list.`,
    );
  const kek = keyFromPassphrase(STATION_PASSPHRASE_ENV, options.passphraseFile);
  const keyring = unlockStation(context.dataDir, kek, stationClockGuard(station));
  // A long run adds thousands of events: sign a checkpoint every 1,000, as the desk app does.
  signCheckpointsAsLedgerGrows(station, keyring, undefined, log);
  const catalog = loadCatalog();
  const devices = openDevices(
    context.dataDir,
    all.filter((printer) => chosen.includes(printer.name)),
  );
  // A station connected to upstream claims its holders there first (core/upstream/run-leases.ts).
  // Loaded only here: PostgreSQL's client is no cost to a station without upstream.
  const upstream = await import('../../core/upstream/index.ts');
  const url = upstream.upstreamPlaceOf(context.dataDir) ? upstream.openUpstreamUrl(context.dataDir, kek) : undefined;
  const leases = upstream.runLeases(station, jobs, url, log, (said) => {
    if (!context.json) process.stderr.write(`${said.message}\n`);
  });
  return async () => {
    await leases.claim();
    const stop = new AbortController();
    const onSignal = () => stop.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    const progress = progressPrinter(Boolean(options.quiet) || context.json);
    const faces = new CardFaces(station, catalog, keyring);
    try {
      return await new Pipeline(
        {
          station,
          jobs,
          faces,
          chips: chipContext(station, keyring, catalog, actor, log),
          actor,
          log,
        },
        devices,
        {
          signal: stop.signal,
          giveUpAfterMs: giveUpAfter * 1000,
          stationPrinters: all.map((printer) => printer.name),
          onEvent: progress,
          ...(observe ? { at: observe } : {}),
        },
      ).run();
    } finally {
      await faces.close();
      await leases.settle();
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  };
}

function progressPrinter(quiet: boolean): (event: PipelineEvent) => void {
  let last = 0;
  return (event) => {
    if (quiet) return;
    if (event.type === 'printer' && event.state === 'unavailable') {
      process.stderr.write(`${event.printer}: ${event.message ?? 'unavailable'}\n`);
    } else if (event.type === 'warnings') {
      // Every such card, as it comes out: someone should look at it before it is handed over.
      for (const warning of event.warnings) process.stderr.write(`${event.serial}: check this card: ${warning.message}\n`);
    } else if (event.type === 'progress') {
      const now = Date.now();
      if (now - last < (process.stderr.isTTY ? 1000 : 10_000)) return;
      last = now;
      const eta = event.etaSeconds === null ? '' : ` · ETA ${formatDuration(event.etaSeconds)}`;
      process.stderr.write(
        `${event.done}/${event.total} done (${event.issued} issued) · ${event.cardsPerHour.toLocaleString('en')} cards/h${eta}\n`,
      );
    }
  };
}

function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

function describeCounts(total: number, byState: Partial<Record<string, number>>): string {
  const parts = Object.entries(byState)
    .filter(([, n]) => n)
    .map(([state, n]) => `${n} ${state}`);
  return `${total} cards: ${parts.join(', ')}`;
}

function outcome(jobs: JobStore, job: number, summary: PipelineSummary) {
  const progress = jobs.progress(job);
  const rejected = summary.rejectedCards > 0 ? `, ${summary.rejectedCards} blank cards rejected` : '';
  const withoutChip = jobs.printedWithoutChip(job);
  const text = [
    `Job ${job} "${progress.name}" is ${progress.status}: ${describeCounts(progress.total, progress.byState)}.`,
    `This run issued ${summary.issued} badges in ${(summary.ms / 1000).toFixed(1)} s${rejected}.`,
    ...Object.entries(summary.printers).map(([name, printer]) => `  ${name}: ${printer.cards} cards`),
    ...(summary.warned.length > 0
      ? [
          `Check ${summary.warned.length} card(s) before handing them over (the renderer changed or could not draw something): ${summary.warned
            .map((card) => `${card.serial} (${card.codes.join(', ')})`)
            .join('; ')}.`,
        ]
      : []),
    ...(progress.byState.failed || progress.byState.rejected || progress.byState.held
      ? [`Cards needing a person: badge-station jobs show ${job} --state failed|rejected|held.`]
      : []),
    ...(withoutChip.length > 0
      ? [
          `${withoutChip.length} badge(s) printed without a chip, on printers without an encoder: encode them at the desk with badge-station chip encode --job ${job}.`,
        ]
      : []),
  ].join('\n');
  const result = { job: progress, run: summary, withoutChip };
  if (summary.stopped) {
    return {
      result,
      text,
      failure: {
        code: summary.stopped.code,
        message: `${summary.stopped.message} Job ${job} is resumable: badge-station jobs resume ${job}.`,
      },
    };
  }
  return { result, text };
}
