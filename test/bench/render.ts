/**
 * Group `render`: the standard badge of issue 5 (CR80, front and back, a distinct JPEG
 * per holder, a ~190-character QR) from one CSV into one PDF, by us and by ReportLab.
 *
 * The rates are measured on a batch of BENCH_RENDER_BADGES (default 10,000: the batch size
 * the issue gives for memory, and a day's batch for one type at the reference expo), both
 * the same way: a fresh process of the code as the app ships it (below) builds the cards,
 * lays out 20 to compile its code, then is timed from the first card to the PDF finished.
 * One and all cores alternate, three of each; the medians are reported.
 *
 * render_badges_per_s_1core: that thread alone lays out and draws each card into the PDF.
 * render_badges_per_s: the same cards through renderBatch on every core (layout on worker
 * threads and on that thread, the PDF written in order), the worker threads' start included.
 * render_second_core_ratio: the second over the first. The same three for a short batch
 * (BENCH_RENDER_SHORT_BADGES, default 2,000) end in `_short`: there a render thread's start
 * and warm-up (about 0.4 s) weigh on fewer cards.
 *
 * reportlab_badges_per_s: the peer on BENCH_RENDER_PEER_BADGES (default 2,000): it has no
 * compiler to warm, so its rate does not depend on the batch's size, and 10,000 would take
 * it over three minutes. render_ratio_vs_reportlab_1core is our one-core rate over it.
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
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog } from '../../electron/core/catalog/index.ts';
import { fontFile } from '../../electron/core/render/index.ts';
import { builtChild } from './built-child.ts';
import { writeBenchRoster } from './render-roster.ts';
import { note, report } from './report.ts';

const PYTHON = '/usr/bin/python3';

export async function renderBench(): Promise<void> {
  const count = Number(process.env.BENCH_RENDER_BADGES ?? 10_000);
  const shortCount = Number(process.env.BENCH_RENDER_SHORT_BADGES ?? 2000);
  const rssCount = Number(process.env.BENCH_RENDER_RSS_BADGES ?? 10_000);
  const peerCount = Number(process.env.BENCH_RENDER_PEER_BADGES ?? 2000);
  const dir = mkdtempSync(join(tmpdir(), 'bench-render-'));
  try {
    const catalog = loadCatalog();
    const layoutFile = new URL('./standard-badge.json', import.meta.url).pathname;
    mkdirSync(join(dir, 'layouts'));
    copyFileSync(layoutFile, join(dir, 'layouts', 'standard.json'));
    const holders = Math.max(count, shortCount, rssCount, peerCount);
    note(`render: writing a roster of ${holders} holders with a JPEG each ...`);
    await writeBenchRoster(dir, holders, catalog);

    const firstArgs = ['first', dir, layoutFile];
    const built = await builtChild(new URL('./render-child.ts', import.meta.url));
    report({ name: 'render_first_badge_ms', value: Math.round(await firstBadge([built, ...firstArgs])), unit: 'ms' });
    report({
      name: 'render_first_badge_dev_ms',
      value: Math.round(await firstBadge(['--import', 'tsx', CHILD, ...firstArgs])),
      unit: 'ms',
    });

    // Both rates the same way: fresh processes of the built code, alternating, the median of three.
    const rates = (badges: number) => {
      const runs = { one: [] as number[], all: [] as number[], layoutMs: [] as number[] };
      for (let round = 0; round < 3; round += 1) {
        const [one, layoutMs] = run(process.execPath, [built, 'rate', dir, String(badges), 'one-core'])
          .split(' ')
          .map(Number);
        runs.one.push(one as number);
        runs.layoutMs.push(layoutMs as number);
        runs.all.push(Number(run(process.execPath, [built, 'rate', dir, String(badges), 'all-cores']).split(' ')[0]));
      }
      note(
        `render, ${badges} badges: one core ${runs.one.map(Math.round).join(', ')}; all cores ${runs.all.map(Math.round).join(', ')} badges/s`,
      );
      return { one: median(runs.one), all: median(runs.all), layoutMs: median(runs.layoutMs) };
    };
    const batch = rates(count);
    note(
      `render (1 core): ${batch.layoutMs.toFixed(2)} ms/badge layout (text fit, QR, photo header), ${(1000 / batch.one - batch.layoutMs).toFixed(2)} ms/badge PDF drawing and writing`,
    );
    const oneCore = batch.one;
    report({ name: 'render_badges_per_s_1core', value: Math.round(batch.one), unit: 'badges/s' });
    report({ name: 'render_badges_per_s', value: Math.round(batch.all), unit: 'badges/s' });
    report({ name: 'render_second_core_ratio', value: Number((batch.all / batch.one).toFixed(2)), unit: 'x' });
    // A short batch pays the render thread's start and warm-up (about 0.4 s) on fewer cards.
    const short = rates(shortCount);
    report({ name: 'render_badges_per_s_1core_short', value: Math.round(short.one), unit: 'badges/s' });
    report({ name: 'render_badges_per_s_short', value: Math.round(short.all), unit: 'badges/s' });
    report({ name: 'render_second_core_ratio_short', value: Number((short.all / short.one).toFixed(2)), unit: 'x' });

    const [rss, rssSeconds] = child(['batch', dir, String(rssCount)])
      .split(' ')
      .map(Number) as [number, number];
    note(
      `render: ${rssCount} badges into one batch PDF in ${rssSeconds.toFixed(1)} s (${Math.round(rssCount / rssSeconds)} badges/s with process start)`,
    );
    report({ name: 'render_peak_rss_mb', value: Math.round(rss), unit: 'MB' });

    const peer = reportlab(dir, peerCount);
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
