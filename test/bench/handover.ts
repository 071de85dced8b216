/**
 * Group `handover` (issue #21): a batch's fold-in venue maps.
 *
 * - handover_maps_per_s: distinct holders' maps (their names, serials, types and zones from
 *   a real batch) laid out, imposed four to a sheet and written to a PDF file, on one core
 *   (this thread), after a warm-up sheet. The batch is 2,000 cards printed on four instant
 *   demo printers, so the holders are the handover order's, from the station's database.
 * - handover_batch_2000_s: `badge-station handover --job N` for that batch, as an operator runs
 *   it: a new process from its start to the whole pack written (reading the job and the
 *   ledger, ordering it, the map sheets, the pick list as PDF and CSV, the separator sheets
 *   and the summary). One process: the second core is free for the desk.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalog } from '../../electron/core/catalog/index.ts';
import { handoverBatch, loadVenueMap, writeMapSheets } from '../../electron/core/handover/index.ts';
import { badgeFonts } from '../../electron/core/render/index.ts';
import { demoPort } from '../../electron/devices/index.ts';
import { repoRoot } from '../support/paths.ts';
import { instantPrinters, pipelineOn, pipelineStation } from '../support/pipeline.ts';
import { note, report } from './report.ts';

const CARDS = 2000;

export async function handoverBench(): Promise<void> {
  const desk = await pipelineStation(CARDS, []);
  const station = desk.open();
  let job: number;
  try {
    const { jobs, run } = pipelineOn(desk, station);
    job = jobs.createJob({ name: 'handover bench', badges: { unprinted: true }, actor: 'system:bench', now: desk.clock() });
    const printers = instantPrinters(desk.dataDir, ['A', 'B', 'C', 'D']);
    const summary = await run(printers.map((printer) => ({ printer: demoPort(printer) })));
    if (summary.issued !== CARDS) throw new Error(`the handover bench's batch issued ${summary.issued} of ${CARDS}`);

    const catalog = loadCatalog();
    const venue = loadVenueMap(catalog);
    const fonts = badgeFonts();
    const batch = handoverBatch(station, catalog, job);
    const file = join(desk.dataDir, 'maps.pdf');
    await writeMapSheets(batch.cards.slice(0, 4), venue, catalog, fonts, createWriteStream(file));
    const started = performance.now();
    const { report: made } = await writeMapSheets(batch.cards, venue, catalog, fonts, createWriteStream(file));
    const elapsed = (performance.now() - started) / 1000;
    note(
      `handover maps: ${made.maps} maps on ${made.sheets} sheets in ${elapsed.toFixed(2)} s on one thread, ` +
        `${(statSync(file).size / 1e6).toFixed(1)} MB (${(statSync(file).size / made.sheets / 1e3).toFixed(0)} KB a sheet)`,
    );
    report({ name: 'handover_maps_per_s', value: Math.round(made.maps / elapsed), unit: 'maps/s' });
  } finally {
    station.close();
  }

  const out = join(desk.dataDir, 'pack');
  const started = performance.now();
  const cli = spawnSync(
    process.execPath,
    [join(repoRoot, 'electron', 'cli', 'bin.mjs'), '--data', desk.dataDir, 'handover', '--job', String(job), '--out', out],
    {
      encoding: 'utf8',
      env: { ...process.env, BADGE_STATION_HOME: '' },
    },
  );
  const elapsed = (performance.now() - started) / 1000;
  if (cli.status !== 0) throw new Error(`badge-station handover failed: ${cli.stderr}`);
  note(`badge-station handover: ${cli.stdout.trim().split('\n').join(' / ')}`);
  report({ name: 'handover_batch_2000_s', value: Math.round(elapsed * 100) / 100, unit: 's' });
  rmSync(join(desk.dataDir, '..'), { recursive: true, force: true });
}
