/**
 * Group `pipeline`: the bulk print pipeline in this process, as the CLI runs it.
 *
 * - pipeline_cards_per_s_max: the software's ceiling: instant demo printers (no fsync),
 *   each card laid out, its barcode form signed, drawn as PDF, and moved through every
 *   durable state with its ledger events; no encoders.
 * - pipeline_printer_utilisation_pct: 16 demo printers at 1 s a card; the printers' own
 *   start and finish times, summed, over 16 x the span from the first card's start to
 *   the last card's finish.
 * - job_create_500k_s: "every badge not yet printed" as one job over 500,000 badges;
 *   then how long the next card takes to find in it, and the process's peak RSS.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBadges } from '../../electron/core/badges/index.ts';
import { loadCatalog } from '../../electron/core/catalog/index.ts';
import { JobStore } from '../../electron/core/jobs/index.ts';
import { importRoster, writeDemoRoster } from '../../electron/core/roster/index.ts';
import { initStation } from '../../electron/core/station/index.ts';
import { demoPort } from '../../electron/devices/index.ts';
import { DemoPrinter } from '../../native/printers/index.ts';
import { testKek } from '../support/passphrase.ts';
import { instantPrinters, pipelineOn, pipelineStation } from '../support/pipeline.ts';
import { note, report, seconds } from './report.ts';

const CEILING_CARDS = 1500;
const PACED_PRINTERS = 16;
const PACED_CARDS_EACH = 20;
const JOB_BADGES = 500_000;

export async function pipelineBench(): Promise<void> {
  await ceiling();
  await utilisation();
  await jobCreate();
}

async function ceiling(): Promise<void> {
  const desk = await pipelineStation(CEILING_CARDS, [], { photos: true });
  const station = desk.open();
  try {
    const { jobs, run } = pipelineOn(desk, station);
    jobs.createJob({ name: 'ceiling', badges: { unprinted: true }, actor: 'system:bench' });
    const printers = instantPrinters(desk.dataDir, ['A', 'B', 'C', 'D']);
    const started = performance.now();
    const summary = await run(printers.map((printer) => ({ printer: demoPort(printer) })));
    const elapsed = (performance.now() - started) / 1000;
    if (summary.issued !== CEILING_CARDS) throw new Error(`ceiling run issued ${summary.issued} of ${CEILING_CARDS}`);
    note(`pipeline ceiling: ${CEILING_CARDS} cards with photos on 4 instant demo printers in ${elapsed.toFixed(2)} s`);
    report({ name: 'pipeline_cards_per_s_max', value: Math.round(CEILING_CARDS / elapsed), unit: 'cards/s' });
  } finally {
    station.close();
    rmSync(join(desk.dataDir, '..'), { recursive: true, force: true });
  }
}

async function utilisation(): Promise<void> {
  const cards = PACED_PRINTERS * PACED_CARDS_EACH;
  const desk = await pipelineStation(cards, [], { photos: true });
  const station = desk.open();
  try {
    const { jobs, run } = pipelineOn(desk, station);
    const job = jobs.createJob({ name: 'paced', badges: { unprinted: true }, actor: 'system:bench' });
    const printers = Array.from(
      { length: PACED_PRINTERS },
      (_, i) =>
        new DemoPrinter({
          name: `P${i + 1}`,
          outputDir: join(desk.dataDir, 'cards', `P${i + 1}`),
          paceMs: 1000,
          durable: false,
        }),
    );
    await run(printers.map((printer) => ({ printer: demoPort(printer) })));
    const times = station.db
      .statement('SELECT print_started_at AS s, print_finished_at AS f FROM job_items WHERE job = ? AND state = ?')
      .all(job, 'issued') as { s: number; f: number }[];
    if (times.length !== cards) throw new Error(`paced run issued ${times.length} of ${cards}`);
    const busy = times.reduce((sum, time) => sum + (time.f - time.s), 0);
    const span = Math.max(...times.map((time) => time.f)) - Math.min(...times.map((time) => time.s));
    note(`pipeline utilisation: ${cards} cards on ${PACED_PRINTERS} printers at 1 s a card, span ${(span / 1000).toFixed(2)} s`);
    report({
      name: 'pipeline_printer_utilisation_pct',
      value: Math.round((1000 * busy) / (PACED_PRINTERS * span)) / 10,
      unit: '%',
    });
  } finally {
    station.close();
    rmSync(join(desk.dataDir, '..'), { recursive: true, force: true });
  }
}

async function jobCreate(): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'badge-station-bench-'));
  try {
    const station = initStation(join(folder, 'station'), '007', 'system:bench', testKek());
    const roster = await writeDemoRoster({ holders: JOB_BADGES, out: folder, photos: false });
    await importRoster(station, roster.roster, { actor: 'system:bench' });
    createBadges(station, loadCatalog(), { allWithoutBadge: true, actor: 'system:bench' });
    note(`pipeline job create: ${JOB_BADGES} badges ready`);
    const jobs = new JobStore(station.db, station.ledger);
    let job = 0;
    const rssBefore = process.memoryUsage().rss;
    const created = seconds(() => {
      job = jobs.createJob({ name: 'everyone', badges: { unprinted: true }, actor: 'system:bench' });
    });
    if (jobs.progress(job).total !== JOB_BADGES) throw new Error('the job did not get every badge');
    report({ name: 'job_create_500k_s', value: created, unit: 's' });
    // The job streams from one statement: the process grows by SQLite's page cache, not by the job.
    report({
      name: 'job_create_rss_growth_mb',
      value: Math.round((process.memoryUsage().rss - rssBefore) / 1024 / 1024),
      unit: 'MB',
    });
    const claims = 200;
    const claimed = seconds(() => {
      for (let i = 0; i < claims; i += 1) {
        const item = jobs.claimNext('bench-printer');
        if (!item) throw new Error('nothing to claim');
        jobs.releasePrinter('bench-printer', 'bench');
      }
    });
    report({ name: 'job_claim_500k_ms', value: (claimed * 1000) / claims, unit: 'ms' });
    // What the once-a-second progress line costs the main thread on a job this size.
    const counted = seconds(() => {
      for (let i = 0; i < 10; i += 1) jobs.progress(job);
    });
    report({ name: 'job_progress_500k_ms', value: (counted * 1000) / 10, unit: 'ms' });
    station.close();
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
