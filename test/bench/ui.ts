/**
 * Group `ui` (issue #18, item 9): the desk page measured from Debian's Chromium (headless,
 * playwright-core) against `npm start`'s browser mode (electron/start.ts: the built page,
 * the desk socket and the core in its own process), on a station of 500,000 holders made
 * through the real import (ui-station.ts; kept between runs under the OS temp dir), copied
 * into a fresh data folder for the run.
 *
 * - `ui_first_data_ms`: a fresh page (a new browser context: no cache) from the start of its
 *   navigation to the Roster's first holder row painted, the Roster pressed the moment the
 *   navigation shows it (ui-page.ts). The median of 3, each on a newly started desk (so the
 *   core's roster listing is cold and the page is the first it serves).
 * - `ui_search_roundtrip_ms_p95`: the last keystroke of a query to its results painted, over
 *   distinct queries (ui-queries.ts), each typed into an emptied box (ui-page.ts).
 * - `ui_scroll_frame_ms_p95`: the main thread's busy time per scroll step (ui-scroll.ts).
 * - `rpc_roundtrip_ms_p99_idle`: station.status from the page on an idle station (ui-rpc.ts),
 *   the baseline for `rpc_roundtrip_ms_p99_during_print`.
 * - `rpc_roundtrip_ms_p99_during_print`: the same while a 500-card run (distinct holders' badges)
 *   prints on the station's 16 demo printers (ui-print.ts), from its start to its end.
 * - `renderer_js_gzip_kb`: the built page's JavaScript, gzipped (ui-size.ts).
 *
 * Every figure comes from a machine shared with others' builds and tests unless said
 * otherwise: the notes on stderr give the parts of each, to read the figures by.
 */
import type { ChildProcess } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { openStation } from '../../electron/core/station/index.ts';
import { launchChromium } from '../support/chromium.ts';
import { type StartedDesk, startDesk } from '../support/desk-page.ts';
import { testKek } from '../support/passphrase.ts';
import { note, percentile, report } from './report.ts';
import { type BuiltPage, buildPage } from './ui-built.ts';
import { firstData, rosterPage, searchRoundTrips } from './ui-page.ts';
import { printRunEnded, startPrintRun } from './ui-print.ts';
import { uiQueries } from './ui-queries.ts';
import { startPinging } from './ui-rpc.ts';
import { scrollStepTimes } from './ui-scroll.ts';
import { rendererJsGzip } from './ui-size.ts';
import { freshUiStation, UI_HOLDERS } from './ui-station.ts';

const FIRST_DATA_RUNS = 3;
const SEARCHES = Number(process.env.BENCH_UI_SEARCHES ?? 150);
const IDLE_PING_MS = 10_000;
const PRINT_CARDS = 500;
/** Far longer than 500 cards take on 16 printers at half a second a card (16 s and the drawing). */
const PRINT_LIMIT_MS = 10 * 60_000;

const median = (values: readonly number[]) => percentile(values, 50);

function stopped(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => child.once('exit', () => done()));
}

/** A desk serving the page, started on the data folder; its core is new, so its roster listing is cold. */
interface Host {
  address: string;
  stop(): Promise<void>;
}

async function deskHost(dataDir: string): Promise<Host> {
  const desk: StartedDesk = await startDesk(dataDir);
  return {
    address: desk.address,
    stop: async () => {
      desk.stop();
      await stopped(desk.process);
    },
  };
}

/** The median first data of FIRST_DATA_RUNS hosts, each started afresh; the last is left running. */
async function measureFirstData(
  browser: Browser,
  start: () => Promise<Host>,
  label: string,
): Promise<{ ms: number; host: Host }> {
  const firsts: number[] = [];
  let host = await start();
  try {
    for (let run = 0; run < FIRST_DATA_RUNS; run += 1) {
      if (run > 0) {
        await host.stop();
        host = await start();
      }
      const seen = await firstData(browser, host.address);
      note(
        `${label} first data, run ${run + 1}: HTML ${seen.responseEnd.toFixed(0)} ms, DOMContentLoaded ${seen.domContentLoaded.toFixed(0)} ms, ` +
          `Roster pressed ${seen.rosterPressed.toFixed(0)} ms, first row in the document ${seen.inDocument.toFixed(0)} ms, painted ${seen.shown.toFixed(0)} ms`,
      );
      firsts.push(seen.shown);
    }
  } catch (error) {
    await host.stop();
    throw error;
  }
  return { ms: median(firsts), host };
}

async function measureSearch(page: Page, queries: readonly string[], label: string): Promise<number> {
  const searches = await searchRoundTrips(page, queries);
  const slowest = [...searches].sort((a, b) => b.shown - a.shown).slice(0, 5);
  const shown = searches.map((s) => s.shown);
  const inDocument = searches.map((s) => s.inDocument);
  note(
    `${label} search: ${searches.length} distinct queries; median ${median(shown).toFixed(1)} ms; in the document (before the paint) ` +
      `p95 ${percentile(inDocument, 95).toFixed(1)} ms; slowest ${slowest.map((s) => `"${s.query}" ${s.shown.toFixed(0)} ms`).join(', ')}`,
  );
  return percentile(shown, 95);
}

async function measureScroll(browser: Browser, page: Page, label: string): Promise<number> {
  const steps = await scrollStepTimes(browser, page);
  note(
    `${label} scroll: ${steps.length} steps; median ${median(steps).toFixed(1)} ms, p99 ${percentile(steps, 99).toFixed(1)} ms, ` +
      `max ${Math.max(...steps).toFixed(1)} ms of main-thread time`,
  );
  return percentile(steps, 95);
}

export async function uiBench(): Promise<void> {
  const made = await freshUiStation();
  const { dataDir } = made;
  const station = openStation(dataDir, 'bench', { kek: testKek() });
  const queries = uiQueries(station, SEARCHES);
  // The run's cards: badges of different holders from all over the roster.
  const active = station.db.statement(`SELECT serial FROM badge_versions WHERE status = 'active' ORDER BY holder`).all() as {
    serial: string;
  }[];
  const serials = Array.from(
    { length: Math.min(PRINT_CARDS, active.length) },
    (_, n) => (active[Math.floor((n * active.length) / PRINT_CARDS)] as { serial: string }).serial,
  );
  station.close();
  let built: BuiltPage | undefined;
  let browser: Browser | undefined;
  let host: Host | undefined;
  let size: ReturnType<typeof rendererJsGzip>;
  try {
    const pageBuild = await buildPage();
    built = pageBuild;
    size = rendererJsGzip(pageBuild.outDir);
    browser = await launchChromium();
    const first = await measureFirstData(browser, () => deskHost(dataDir), 'npm start');
    host = first.host;
    report({ name: 'ui_first_data_ms', value: first.ms, unit: 'ms' });
    const page = await rosterPage(browser, host.address);
    report({
      name: 'ui_search_roundtrip_ms_p95',
      value: await measureSearch(page, queries, 'npm start'),
      unit: 'ms',
    });
    report({ name: 'ui_scroll_frame_ms_p95', value: await measureScroll(browser, page, 'npm start'), unit: 'ms' });

    const pinging = await startPinging(page);
    await new Promise((done) => setTimeout(done, IDLE_PING_MS));
    const idle = await pinging.stop();
    if (idle.failures.length > 0) throw new Error(`station.status failed on an idle station: ${idle.failures[0]}`);
    note(`rpc idle: ${idle.times.length} calls, median ${median(idle.times).toFixed(2)} ms`);
    report({ name: 'rpc_roundtrip_ms_p99_idle', value: percentile(idle.times, 99), unit: 'ms' });

    const run = await startPrintRun(page, serials);
    const started = performance.now();
    const pingingDuringPrint = await startPinging(page);
    const ended = await printRunEnded(page, run.job, PRINT_LIMIT_MS);
    const during = await pingingDuringPrint.stop();
    note(
      `print run: job ${run.job}, ${run.cards} cards on ${run.printers} demo printers, ${ended.status} after ${((performance.now() - started) / 1000).toFixed(1)} s ` +
        `(${ended.issued} issued, ${ended.done} of ${ended.total} at an end); ${during.times.length} station.status calls meanwhile, ` +
        `median ${median(during.times).toFixed(2)} ms, max ${Math.max(...during.times).toFixed(1)} ms, ${during.failures.length} failed${during.failures[0] ? ` (${during.failures[0]})` : ''}`,
    );
    if (ended.status === 'printing')
      throw new Error(`the bench's print run was still printing after ${PRINT_LIMIT_MS / 60_000} minutes`);
    report({ name: 'rpc_roundtrip_ms_p99_during_print', value: percentile(during.times, 99), unit: 'ms' });
    await page.context().close();
  } finally {
    await browser?.close();
    if (host) await host.stop();
    built?.remove();
    made.remove();
  }

  note(
    `renderer JavaScript: ${size.files.map((f) => `${f.file} ${f.kb.toFixed(0)} KB, ${f.gzipKb.toFixed(1)} KB gzipped`).join('; ')}`,
  );
  report({ name: 'renderer_js_gzip_kb', value: size.kb, unit: 'KB' });
  if (UI_HOLDERS !== 500_000) note(`(BENCH_UI_HOLDERS=${UI_HOLDERS}: not the 500,000 the metrics are named for)`);
}
