/**
 * Group `render`: the standard badge of issue 5 (CR80, front and back, a distinct JPEG
 * per holder, a ~190-character QR) from one CSV into one PDF, by us and by ReportLab.
 * BENCH_RENDER_BADGES (default 2,000) sets the rate runs, BENCH_RENDER_RSS_BADGES (default
 * 10,000) the memory run.
 *
 * render_badges_per_s_1core: this thread alone lays out and draws the cards into one PDF
 * (in this process, under tsx, after laying out 20 cards), from the first card to the PDF
 * finished.
 *
 * render_badges_per_s: the same cards as one batch through renderBatch on every core (layout
 * on worker threads and on this thread, the PDF written in order), with the code as the app
 * ships it (below). A fresh process builds the cards and lays out the same 20 first, then
 * times renderBatch from the call to the PDF finished, the worker threads' start included.
 * The median of three processes.
 *
 * render_first_badge_ms: from starting a process to the first badge's PDF bytes, the median
 * of five, with the code as the app ships it: bundled by esbuild as `npm run build` bundles
 * the app (our sources in one file, each worker thread in its own, packages from
 * node_modules). The same through tsx, as in development, is render_first_badge_dev_ms:
 * tsx's start and its per-module loader hooks add about 170 ms that no built app pays.
 *
 * render_peak_rss_mb: the peak resident memory of a fresh process (under tsx) that makes the
 * memory run's batch, its cards made one by one as the pipeline reads them.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog } from '../../electron/core/catalog/index.ts';
import { badgeFonts, engineContext, fontFile, layoutCard, loadLayout, PdfCards } from '../../electron/core/render/index.ts';
import { rosterCards, writeBenchRoster } from './render-roster.ts';
import { note, report } from './report.ts';

const PYTHON = '/usr/bin/python3';

export async function renderBench(): Promise<void> {
  const count = Number(process.env.BENCH_RENDER_BADGES ?? 2000);
  const rssCount = Number(process.env.BENCH_RENDER_RSS_BADGES ?? 10_000);
  const dir = mkdtempSync(join(tmpdir(), 'bench-render-'));
  try {
    const catalog = loadCatalog();
    const layoutFile = new URL('./standard-badge.json', import.meta.url).pathname;
    mkdirSync(join(dir, 'layouts'));
    copyFileSync(layoutFile, join(dir, 'layouts', 'standard.json'));
    note(`render: writing a roster of ${Math.max(count, rssCount)} holders with a JPEG each ...`);
    await writeBenchRoster(dir, Math.max(count, rssCount), catalog);
    const csv = readFileSync(join(dir, 'roster.csv'), 'utf8');

    const firstArgs = ['first', dir, layoutFile];
    const built = await buildChild();
    report({ name: 'render_first_badge_ms', value: Math.round(await firstBadge([built, ...firstArgs])), unit: 'ms' });
    report({
      name: 'render_first_badge_dev_ms',
      value: Math.round(await firstBadge(['--import', 'tsx', CHILD, ...firstArgs])),
      unit: 'ms',
    });

    // One core: this thread lays out and writes.
    const layout = loadLayout(layoutFile);
    const context = engineContext();
    const warm = rosterCards(csv, catalog, 20);
    for (const card of warm) layoutCard(layout, card, context);
    const cards = rosterCards(csv, catalog, count);
    let layoutMs = 0;
    const started = performance.now();
    // The same file buffer as renderBatch's, so the two rates differ only in the threads.
    const pdf = new PdfCards(badgeFonts(), {}, createWriteStream(join(dir, 'one-core.pdf'), { highWaterMark: 1 << 20 }));
    for (const [i, card] of cards.entries()) {
      if (i % 20 === 0) await pdf.settle();
      const t = performance.now();
      const rendered = layoutCard(layout, card, context);
      layoutMs += performance.now() - t;
      pdf.addSide(rendered.front);
      if (rendered.back) pdf.addSide(rendered.back);
    }
    await pdf.end();
    const oneCoreSeconds = (performance.now() - started) / 1000;
    const oneCore = count / oneCoreSeconds;
    note(
      `render (1 core): ${((layoutMs / count) * 1).toFixed(2)} ms/badge layout (text fit, QR, photo header), ${((oneCoreSeconds * 1000 - layoutMs) / count).toFixed(2)} ms/badge PDF drawing and writing`,
    );
    report({ name: 'render_badges_per_s_1core', value: Math.round(oneCore), unit: 'badges/s' });

    const rates = [0, 1, 2].map(() => Number(run(process.execPath, [built, 'rate', dir, String(count)])));
    note(`render (all cores, built): ${rates.map((rate) => Math.round(rate)).join(', ')} badges/s`);
    report({ name: 'render_badges_per_s', value: Math.round(median(rates)), unit: 'badges/s' });

    const [rss, rssSeconds] = child(['batch', dir, String(rssCount)])
      .split(' ')
      .map(Number) as [number, number];
    note(
      `render: ${rssCount} badges into one batch PDF in ${rssSeconds.toFixed(1)} s (${Math.round(rssCount / rssSeconds)} badges/s with process start)`,
    );
    report({ name: 'render_peak_rss_mb', value: Math.round(rss), unit: 'MB' });

    const peer = reportlab(dir, count);
    if (peer !== null) {
      report({ name: 'reportlab_badges_per_s', value: Math.round(peer), unit: 'badges/s' });
      report({ name: 'render_ratio_vs_reportlab_1core', value: Number((oneCore / peer).toFixed(2)), unit: 'x' });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const CHILD = new URL('./render-child.ts', import.meta.url).pathname;

function child(args: string[]): string {
  return run(process.execPath, ['--import', 'tsx', CHILD, ...args]);
}

function run(command: string, args: string[]): string {
  const done = spawnSync(command, args, { encoding: 'utf8', timeout: 900_000 });
  if (done.status !== 0) throw new Error(`render bench child ${args.join(' ')} failed: ${done.stderr}`);
  return done.stdout.trim();
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
}

/**
 * The child bundled as the app is built, with the core's worker threads beside it as the app
 * has them. It goes two folders below the repository, like the app's dist/electron/main.mjs,
 * so templates/ and node_modules/ are found as they are there.
 */
async function buildChild(): Promise<string> {
  const { build } = await import('esbuild');
  const { bundleWorkers, CORE_BUNDLE } = await import('../../electron/bundle-workers.ts');
  const outDir = new URL('../../dist/bench/', import.meta.url).pathname;
  const outfile = join(outDir, 'render-child.mjs');
  const settings = { ...CORE_BUNDLE, target: `node${process.versions.node.split('.')[0]}` };
  await Promise.all([build({ ...settings, entryPoints: [CHILD], outfile }), bundleWorkers(outDir, settings)]);
  return outfile;
}

/** Median of five cold starts: from spawning the process to its line saying the PDF exists. */
async function firstBadge(args: string[]): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < 5; run += 1) {
    times.push(
      await new Promise<number>((resolve, reject) => {
        const started = performance.now();
        const process_ = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
        let at: number | undefined;
        let errors = '';
        process_.stdout.once('data', () => {
          at = performance.now() - started;
        });
        process_.stderr.on('data', (chunk: Buffer) => {
          errors += chunk.toString();
        });
        process_.on('error', reject);
        process_.on('exit', (code) => {
          if (code === 0 && at !== undefined) resolve(at);
          else reject(new Error(`render bench first badge failed (exit ${code}): ${errors}`));
        });
      }),
    );
  }
  return times.sort((a, b) => a - b)[2] as number;
}

/** The same roster through ReportLab (Debian's python3-reportlab). */
function reportlab(dir: string, count: number): number | null {
  if (!existsSync(PYTHON) || spawnSync(PYTHON, ['-c', 'import reportlab']).status !== 0) {
    note('render: python3-reportlab is not installed (apt-get install python3-reportlab); no peer numbers');
    return null;
  }
  const roster = join(dir, 'roster.csv');
  const limited = join(dir, 'roster-peer.csv');
  const lines = readFileSync(roster, 'utf8')
    .trim()
    .split('\n')
    .slice(0, count + 1);
  spawnSync('sh', ['-c', `head -n ${lines.length} "${roster}" > "${limited}"`]);
  const script = new URL('./peers/reportlab_badges.py', import.meta.url).pathname;
  const run = spawnSync(PYTHON, [script, limited, fontFile('regular'), fontFile('bold'), join(dir, 'reportlab.pdf')], {
    encoding: 'utf8',
    timeout: 900_000,
  });
  if (run.status !== 0) throw new Error(`reportlab peer failed: ${run.stderr}`);
  return Number(/badges_per_s ([\d.]+)/.exec(run.stdout)?.[1]);
}
