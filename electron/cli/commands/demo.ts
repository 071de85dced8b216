/**
 * `badge-station demo` (`npm run demo`): the station's main job end to end on demo
 * devices, with no hardware and no network. A fresh data folder, the event's keys, a
 * demo roster with photos, a badge per holder, six demo printers (the first with the
 * virtual encoder inside), every badge printed, the chips of cards printed without an
 * encoder encoded at the desk afterwards (matched by serial), and the ledger verified.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { StationError } from '../../core/errors.ts';
import { ledgerChecks } from '../../core/ledger-checks.ts';
import type { CliContext } from '../context.ts';
import { run } from '../run.ts';
import { runJobs } from './print.ts';

interface DemoOptions {
  out?: string;
  holders: string;
  printers: string;
  paceMs: string;
  quiet?: boolean;
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('the whole main job on demo devices: roster -> badges -> printed cards -> signed chips -> verified ledger')
    .option('--out <dir>', 'an empty folder for the demo station (default: a new folder in the system temp folder)')
    .option('--holders <N>', 'holders on the demo roster', '120')
    .option('--printers <N>', 'demo printers (the first has the encoder inside)', '6')
    .option('--pace-ms <ms>', "each demo printer's time per card", '500')
    .option('--quiet', 'no progress lines')
    .action(run((options: DemoOptions, context) => demo(options, context)));
}

async function demo(options: DemoOptions, context: CliContext) {
  const holders = whole(options.holders, '--holders', 1, 100_000);
  const printers = whole(options.printers, '--printers', 1, 32);
  const paceMs = whole(options.paceMs, '--pace-ms', 0, 60_000);
  const folder = options.out ? resolve(options.out) : mkdtempSync(join(tmpdir(), 'badge-station-demo-'));
  if (existsSync(folder) && readdirSync(folder).length > 0)
    throw new StationError('USAGE', `${folder} is not empty: the demo makes a fresh station; give an empty or new folder.`);
  // The demo's station, roster and event keys are all in it: its user's alone, as a real
  // station's folder is (mkdtemp makes it so already).
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const dataDir = join(folder, 'station');
  const started = performance.now();
  const say = (line: string) => {
    if (!options.quiet && !context.json) process.stderr.write(`${line}\n`);
  };

  const [{ initStation }, _keys, { fillDemoStation, demoPassphraseKey }, jobsCore, { openLog }, ledger] = await Promise.all([
    import('../../core/station/index.ts'),
    import('../../core/keys/index.ts'),
    import('../../core/demo/index.ts'),
    import('../../core/jobs/index.ts'),
    import('../../core/log/index.ts'),
    import('../../core/ledger/index.ts'),
  ]);
  const actor = 'system:demo';
  // The demo's passphrase (written in its folder) opens its data, as it unlocks its keys.
  const station = initStation(dataDir, '7', actor, demoPassphraseKey());
  try {
    const log = await openLog(dataDir);
    // The event's keys, the roster with photos, a badge each and the demo printers: made as
    // the desk's "try with demo data" makes them (electron/core/demo).
    const { passphraseFile, imported, badges } = await fillDemoStation({
      station,
      folder,
      holders,
      printers,
      paceMs,
      actor,
      onProgress: ({ step }) => {
        if (step === 'roster') say(`Demo station 007 in ${dataDir}; event keys made and the desk enrolled.`);
      },
    });
    say(`Roster: ${holders} holders imported with photos; ${badges} badges made.`);

    const jobs = new jobsCore.JobStore(station.db, station.ledger);
    const job = jobs.createJob({ name: 'demo: every badge', badges: { unprinted: true }, actor });
    say(`Printing job ${job} on ${printers} demo printers (${paceMs} ms a card; Demo-1 encodes chips inline).`);
    const summary = await runJobs({ ...context, dataDir }, station, log, jobs, actor, {
      passphraseFile,
      giveUpAfter: '60',
      ...(options.quiet ? { quiet: true } : {}),
    });
    if (summary.stopped) throw new StationError('INTERNAL', `The demo job stopped: ${summary.stopped.message}`);

    const desk = await encodeAtDesk(station, dataDir, passphraseFile, actor, job);
    say(`Desk encoder: ${desk.encoded} chips encoded for cards printed without an encoder.`);

    const verdict = ledger.verifyLedger(station.db, station.ledger, ledgerChecks(station));
    const progress = jobs.progress(job);
    const inline = summary.printers['Demo-1']?.cards ?? 0;
    const result = {
      folder,
      dataDir,
      holders,
      badges,
      issued: progress.byState.issued ?? 0,
      rejectedCards: summary.rejectedCards,
      chipsInline: inline,
      chipsAtDesk: desk.encoded,
      seconds: Math.round((performance.now() - started) / 100) / 10,
      printing: { seconds: Math.round(summary.ms / 100) / 10, printers: summary.printers },
      pdfs: join(dataDir, 'demo-printers'),
      ledger: { intact: verdict.intact, events: verdict.events },
      imported: { added: imported.added },
    };
    const text = [
      `Demo done in ${result.seconds} s: ${result.issued} of ${result.badges} badges issued on ${printers} demo printers in ${result.printing.seconds} s.`,
      `Chips: ${inline} encoded inline on Demo-1 (${summary.rejectedCards} bad blank cards went to its reject box), ${desk.encoded} at the desk encoder.`,
      `Card PDFs: ${result.pdfs}/Demo-N/`,
      `Ledger: ${verdict.intact ? 'intact' : `NOT intact: ${verdict.problem?.message}`} (${verdict.events} events).`,
      `Look around: its data opens with the demo's passphrase (export BADGE_STATION_PASSPHRASE_FILE=${passphraseFile}); sign in as a demo user (BADGE_STATION_USER=supervisor BADGE_STATION_SECRET=demo-supervisor badge-station --data ${dataDir} login), then badge-station --data ${dataDir} jobs list | search 王 | ledger verify | report.`,
    ].join('\n');
    if (!verdict.intact) return { result, text, failure: { code: 'LEDGER_BROKEN', message: 'The demo ledger does not verify.' } };
    return { result, text };
  } finally {
    station.close();
  }
}

/** The desk encoder: chips for issued badges printed on printers without one, matched by serial. */
async function encodeAtDesk(
  station: import('../../core/station/index.ts').Station,
  dataDir: string,
  passphraseFile: string,
  actor: string,
  job: number,
): Promise<{ encoded: number }> {
  const [
    { DemoEncoder },
    { chipContext },
    { runChipJob },
    { stationClockGuard, unlockStation },
    { loadCatalog },
    { keyFromPassphrase, STATION_PASSPHRASE_ENV },
  ] = await Promise.all([
    import('../../../native/chips/index.ts'),
    import('../../devices/index.ts'),
    import('../../core/chips/index.ts'),
    import('../../core/keys/index.ts'),
    import('../../core/catalog/index.ts'),
    import('../secrets.ts'),
  ]);
  const serials = new (await import('../../core/jobs/index.ts')).JobStore(station.db, station.ledger).printedWithoutChip(job);
  const keyring = unlockStation(dataDir, keyFromPassphrase(STATION_PASSPHRASE_ENV, passphraseFile), stationClockGuard(station));
  const encoder = new DemoEncoder({ name: 'Demo desk encoder', seed: Date.now() });
  const outcomes = await runChipJob(
    chipContext(station, keyring, loadCatalog(), actor),
    {
      waitForCard: (call) => encoder.present(call),
      waitForRemoval: async () => encoder.pass(),
      waitForReader: async () => {},
    },
    serials,
  );
  return { encoded: outcomes.filter((outcome) => outcome.ok).length };
}

function whole(text: string, option: string, min: number, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new StationError('USAGE', `${option} must be a whole number from ${min} to ${max}, not "${text}".`);
  return value;
}
