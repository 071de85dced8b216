/**
 * Group `render`: the standard badge of issue 5 (CR80, front and back, a distinct JPEG
 * per holder, a ~190-character QR) from one CSV into one PDF, by us and by ReportLab. The
 * holders are distinct: the demo roster's names, organisations and types (render-roster.ts).
 *
 * The rates are measured on a batch of BENCH_RENDER_BADGES (default 10,000: the batch size
 * the issue gives for memory, and a day's batch for one type at the reference expo), both
 * the same way: a fresh process of the code as the app ships it (below) builds the cards,
 * lays out and draws WARM_UP_BADGES (20) into a PDF thrown away to compile its code, then
 * is timed from the first card to the PDF finished.
 * One and all cores alternate, three of each; the medians are reported.
 *
 * render_badges_per_s_1core: that thread alone lays out and draws each card into the PDF.
 * render_badges_per_s: the same cards through renderBatch on every core (layout on worker
 * threads and on that thread, the PDF written in order), the worker threads' start included.
 * render_second_core_ratio: the second over the first. The same three for a short batch
 * (BENCH_RENDER_SHORT_BADGES, default 2,000) end in `_short`: there a render thread's start
 * and warm-up (about 0.4 s) weigh on fewer cards.
 *
 * reportlab_badges_per_s: the peer (peers/reportlab_badges.py) in the short batch's rounds,
 * on the same badges (the roster's first BENCH_RENDER_SHORT_BADGES), with the same warm-up
 * (WARM_UP_BADGES drawn into a PDF thrown away), timed the same way (from the first badge
 * to the saved PDF, in a fresh process, the median of three). render_ratio_vs_reportlab_1core
 * is our one-core rate over it on that batch (render_badges_per_s_1core_short), like for
 * like. Before, it set our rate on 10,000 badges (where our warm-up weighs least) against
 * the peer's on 2,000 with no warm-up. (The peer on 10,000 badges would take over three
 * minutes a run: BENCH_RENDER_SHORT_BADGES=10000 compares there, at that cost.)
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
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog } from '../../electron/core/catalog/index.ts';
import { fontFile } from '../../electron/core/render/index.ts';
import { builtChild } from './built-child.ts';
import { WARM_UP_BADGES } from './render-cards.ts';
import { writeBenchRoster } from './render-roster.ts';
import { note, report } from './report.ts';

const PYTHON = '/usr/bin/python3';

export async function renderBench(): Promise<void> {
  const count = Number(process.env.BENCH_RENDER_BADGES ?? 10_000);
  const shortCount = Number(process.env.BENCH_RENDER_SHORT_BADGES ?? 2000);
  const rssCount = Number(process.env.BENCH_RENDER_RSS_BADGES ?? 10_000);
  const dir = mkdtempSync(join(tmpdir(), 'bench-render-'));
  try {
    const catalog = loadCatalog();
    const layoutFile = new URL('./standard-badge.json', import.meta.url).pathname;
    mkdirSync(join(dir, 'layouts'));
    copyFileSync(layoutFile, join(dir, 'layouts', 'standard.json'));
    const holders = Math.max(count, shortCount, rssCount);
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

    // Both rates the same way: fresh processes of the built code, alternating, the median of
    // three; with the peer in the rounds, when asked, so that all three see the same load.
    const peer = reportlabPeer(dir);
    const rates = (badges: number, withPeer: boolean) => {
      const runs = { one: [] as number[], all: [] as number[], layoutMs: [] as number[], peer: [] as number[] };
      for (let round = 0; round < 3; round += 1) {
        const [one, layoutMs] = run(process.execPath, [built, 'rate', dir, String(badges), 'one-core'])
          .split(' ')
          .map(Number);
        runs.one.push(one as number);
        runs.layoutMs.push(layoutMs as number);
        runs.all.push(Number(run(process.execPath, [built, 'rate', dir, String(badges), 'all-cores']).split(' ')[0]));
        if (withPeer && peer) runs.peer.push(peer(badges));
      }
      note(
        `render, ${badges} badges: one core ${runs.one.map(Math.round).join(', ')}; all cores ${runs.all.map(Math.round).join(', ')}${runs.peer.length > 0 ? `; ReportLab ${runs.peer.map(Math.round).join(', ')}` : ''} badges/s`,
      );
      return {
        one: median(runs.one),
        all: median(runs.all),
        layoutMs: median(runs.layoutMs),
        peer: runs.peer.length > 0 ? median(runs.peer) : null,
      };
    };
    const batch = rates(count, false);
    note(
      `render (1 core): ${batch.layoutMs.toFixed(2)} ms/badge layout (text fit, QR, photo header), ${(1000 / batch.one - batch.layoutMs).toFixed(2)} ms/badge PDF drawing and writing`,
    );
    report({ name: 'render_badges_per_s_1core', value: Math.round(batch.one), unit: 'badges/s' });
    report({ name: 'render_badges_per_s', value: Math.round(batch.all), unit: 'badges/s' });
    report({ name: 'render_second_core_ratio', value: Number((batch.all / batch.one).toFixed(2)), unit: 'x' });
    // A short batch pays the render thread's start and warm-up (about 0.4 s) on fewer cards.
    const short = rates(shortCount, true);
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

    if (short.peer !== null) {
      report({ name: 'reportlab_badges_per_s', value: Math.round(short.peer), unit: 'badges/s' });
      report({ name: 'render_ratio_vs_reportlab_1core', value: Number((short.one / short.peer).toFixed(2)), unit: 'x' });
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

/**
 * The same roster through ReportLab (Debian's python3-reportlab): a run of its first N
 * badges, in badges per second; null when ReportLab is not installed.
 */
function reportlabPeer(dir: string): ((count: number) => number) | null {
  if (!existsSync(PYTHON) || spawnSync(PYTHON, ['-c', 'import reportlab']).status !== 0) {
    note('render: python3-reportlab is not installed (apt-get install python3-reportlab); no peer numbers');
    return null;
  }
  const script = new URL('./peers/reportlab_badges.py', import.meta.url).pathname;
  const lines = readFileSync(join(dir, 'roster.csv'), 'utf8').trim().split('\n');
  return (count) => {
    const limited = join(dir, `roster-peer-${count}.csv`);
    writeFileSync(limited, `${lines.slice(0, count + 1).join('\n')}\n`);
    const out = join(dir, 'reportlab.pdf');
    const args = [script, limited, fontFile('regular'), fontFile('bold'), out, String(WARM_UP_BADGES)];
    const done = spawnSync(PYTHON, args, { encoding: 'utf8', timeout: 900_000 });
    if (done.status !== 0) throw new Error(`reportlab peer failed: ${done.stderr}`);
    return Number(/badges_per_s ([\d.]+)/.exec(done.stdout)?.[1]);
  };
}
