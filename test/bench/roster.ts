/**
 * Group `roster`: importing 500,000 demo holders against the sqlite3 shell's bare
 * `.import` of the same CSV, then search latency on that roster.
 *
 * The import runs as the app ships it (bundled, built-child.ts), each time in a fresh
 * process into a new station, alternating with the shell, three of each; the medians are
 * reported, and the peak memory of the three imports. `roster_import_xlsx_500k_s` is one
 * import of the same roster saved as an XLSX workbook (shared strings, as Excel saves).
 *
 * The published query mix (1,000 queries, drawn with a fixed seed from the roster itself):
 *   20% holder ids, typed in full                       H-0123456
 *   10% badge serials: 5% in full, 5% a prefix           V-007-0001234-1, V-007-00012
 *   25% Chinese names, the first 2 or 3 characters      欧阳娜, 王伟
 *   25% Latin letters, 3 to 8 of them: pinyin in full   ouyang, wangwe
 *       (10%), pinyin initials (7.5%), Latin names (7.5%) oynn, wgw, jose mu
 *   20% organisations, the first 4 to 6 characters      上海宁波进, Rhine A
 * and for `search_short_p95_ms`, 200 one-character queries: single letters a-z, digits,
 * and the 20 commonest surname characters. Every query runs once to warm the cache,
 * then once timed.
 *
 * Where the import's time goes, each half timed alone in a fresh process:
 * `roster_read_only_500k_s` is the reader thread's work (decode, parse, check, search keys)
 * with nothing written; `roster_store_only_500k_s` is the writing thread's (the same
 * statements, then the search indexes and the commit) with the rows already in memory.
 * `roster_index_and_commit_s` is the last part of the writing (the search indexes built,
 * the transaction committed), which cannot start before the last row is in.
 * `roster_two_core_floor_ratio_vs_sqlite_cli` is the rest of both halves shared evenly over
 * two cores, then that last part, against the shell: no scheduling of this design on two
 * cores can beat it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBadges } from '../../electron/core/badges/index.ts';
import { loadCatalog } from '../../electron/core/catalog/index.ts';
import { mulberry32, searchHolders, writeDemoRoster } from '../../electron/core/roster/index.ts';
import { readTable } from '../../electron/core/roster/read-table.ts';
import { sniffRoster } from '../../electron/core/roster/sniff.ts';
import { initStation, openStation, type Station } from '../../electron/core/station/index.ts';
import { builtChild } from './built-child.ts';
import { note, report, seconds } from './report.ts';

const HOLDERS = 500_000;
/** Imports, each after a run of the shell; the medians are reported. */
const RUNS = 3;
const QUERIES = 1_000;
const SHORT_QUERIES = 200;

function sqliteShellImport(csv: string, dir: string): number {
  const db = join(dir, 'bare.db');
  rmSync(db, { force: true });
  let status: number | null = null;
  const taken = seconds(() => {
    status = spawnSync('sqlite3', [db, '.mode csv', `.import ${csv} roster`], { stdio: ['ignore', 'ignore', 'inherit'] }).status;
  });
  if (status !== 0) throw new Error('the sqlite3 shell could not import the roster (is the sqlite3 package installed?)');
  return taken;
}

/** One of roster-floor-child's halves of an import, in a fresh process. */
function importHalf(child: string, args: string[]): { seconds: number; tailSeconds?: number } {
  const done = spawnSync(process.execPath, [child, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (done.status !== 0) throw new Error(`the roster bench's ${args[0]} half failed`);
  return JSON.parse(done.stdout) as { seconds: number; tailSeconds?: number };
}

interface Imported {
  seconds: number;
  cpuSeconds: number;
  maxRssMb: number;
}

/** An import into a new station DIR, in a fresh process. */
function stationImport(child: string, csv: string, dir: string): Imported {
  rmSync(dir, { recursive: true, force: true });
  initStation(dir, '7', 'system:bench').close();
  const done = spawnSync(process.execPath, [child, dir, csv], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (done.status !== 0) throw new Error('the roster import failed');
  return JSON.parse(done.stdout) as Imported;
}

/** The CSV's rows as one sheet of an XLSX workbook, its texts shared as Excel writes them. */
async function writeWorkbook(csv: string, path: string): Promise<string> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true });
  const sheet = workbook.addWorksheet('Roster');
  for await (const { cells } of readTable(sniffRoster(csv, 'auto'))) sheet.addRow(cells).commit();
  await sheet.commit();
  await workbook.commit();
  return path;
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
}

interface Sample {
  id: string;
  name: string;
  latin_name: string;
  organisation: string;
  pinyin: string;
  initials: string;
  serial: string | null;
}

/** The published mix above, drawn from the imported roster. */
export function queryMix(station: Station, count: number, seed = 7): string[] {
  const random = mulberry32(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const last = (station.db.statement('SELECT max(hid) AS n FROM holders').get() as { n: number }).n;
  const byHid = station.db.statement(
    `SELECT h.id, h.name, h.latin_name, h.organisation, h.pinyin, h.initials,
            (SELECT serial FROM badge_versions v WHERE v.holder = h.id AND v.status = 'active') AS serial
     FROM holders h WHERE h.hid = ?`,
  );
  const drawn = Array.from({ length: 20_000 }, () => byHid.get(1 + Math.floor(random() * last)) as Sample | undefined).filter(
    (s): s is Sample => s !== undefined,
  );
  const sample = (keep: (s: Sample) => boolean) => drawn.filter(keep);
  const chinese = sample((s) => s.pinyin !== '');
  const latin = sample((s) => s.latin_name !== '');
  const badged = sample((s) => s.serial !== null);
  const prefix = (text: string, min: number, max: number) => text.slice(0, min + Math.floor(random() * (max - min + 1)));
  const queries: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const roll = random() * 100;
    if (roll < 20) queries.push(pick(chinese).id);
    else if (roll < 25) queries.push(pick(badged).serial as string);
    else if (roll < 30) queries.push(prefix(pick(badged).serial as string, 9, 12));
    else if (roll < 55) queries.push(prefix(pick(chinese).name, 2, 3));
    else if (roll < 65) queries.push(prefix(pick(chinese).pinyin, 3, 8));
    else if (roll < 72.5) queries.push(prefix(pick(chinese).initials, 3, 4));
    else if (roll < 80) queries.push(prefix(pick(latin).latin_name.toLowerCase(), 3, 8));
    else queries.push(prefix(pick([...chinese, ...latin]).organisation, 4, 6));
  }
  return queries;
}

function shortQueries(count: number): string[] {
  const singles = [...'abcdefghijklmnopqrstuvwxyz0123456789', ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗'];
  return Array.from({ length: count }, (_, i) => singles[i % singles.length] as string);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

function timeQueries(station: Station, queries: string[]): number[] {
  for (const query of queries) searchHolders(station.db, query);
  return queries
    .map((query) => {
      const started = process.hrtime.bigint();
      searchHolders(station.db, query);
      return Number(process.hrtime.bigint() - started) / 1e6;
    })
    .sort((a, b) => a - b);
}

export async function rosterBench(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'badge-bench-roster-'));
  try {
    note(`writing ${HOLDERS} demo holders ...`);
    const { roster } = await writeDemoRoster({ holders: HOLDERS, out: join(root, 'demo'), photos: false });

    const importChild = await builtChild(new URL('./roster-import-child.ts', import.meta.url));
    const floorChild = await builtChild(new URL('./roster-floor-child.ts', import.meta.url));
    const dir = join(root, 'station');
    const baselines: number[] = [];
    const imports: Imported[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      baselines.push(sqliteShellImport(roster, root));
      const imported = stationImport(importChild, roster, dir);
      imports.push(imported);
      // CPU time (both threads) is noted too: on a shared machine it varies less than wall time.
      note(
        `sqlite3 shell .import ${(baselines.at(-1) as number).toFixed(2)} s; badge-station import ${imported.seconds.toFixed(2)} s wall, ${imported.cpuSeconds.toFixed(2)} s CPU, peak RSS ${imported.maxRssMb.toFixed(0)} MB`,
      );
    }
    const baseline = median(baselines);
    const imported = median(imports.map((run) => run.seconds));
    report({ name: 'roster_import_500k_s', value: imported, unit: 's' });
    report({ name: 'sqlite_cli_import_500k_s', value: baseline, unit: 's' });
    report({ name: 'roster_import_ratio_vs_sqlite_cli', value: imported / baseline, unit: 'x' });

    // Each half alone: the reader's work with nothing written, and the writing with nothing
    // to read. The writing's tail (the search indexes and the commit) needs the last row, so
    // two cores can do no better than the rest of both halves shared evenly, then the tail.
    const read = importHalf(floorChild, ['read', roster]).seconds;
    const floorDir = join(root, 'store-only');
    initStation(floorDir, '7', 'system:bench').close();
    const store = importHalf(floorChild, ['store', dir, floorDir]);
    const tail = store.tailSeconds ?? 0;
    note(
      `import halves: reading alone ${read.toFixed(2)} s, writing alone ${(store.seconds - tail).toFixed(2)} s, then indexing and committing ${tail.toFixed(2)} s`,
    );
    report({ name: 'roster_read_only_500k_s', value: read, unit: 's' });
    report({ name: 'roster_store_only_500k_s', value: store.seconds, unit: 's' });
    report({ name: 'roster_index_and_commit_s', value: tail, unit: 's' });
    report({
      name: 'roster_two_core_floor_ratio_vs_sqlite_cli',
      value: ((read + store.seconds - tail) / 2 + tail) / baseline,
      unit: 'x',
    });

    const station = openStation(dir, 'bench');
    try {
      // Serials to search for: badges for the guests, media and security (about 8% of holders).
      const catalog = loadCatalog();
      for (const type of ['guest', 'media', 'security'])
        createBadges(station, catalog, { allWithoutBadge: true, type, actor: 'system:bench' });
      const mix = timeQueries(station, queryMix(station, QUERIES));
      report({ name: 'search_p95_ms', value: percentile(mix, 95), unit: 'ms' });
      report({ name: 'search_p99_ms', value: percentile(mix, 99), unit: 'ms' });
      const short = timeQueries(station, shortQueries(SHORT_QUERIES));
      report({ name: 'search_short_p95_ms', value: percentile(short, 95), unit: 'ms' });
    } finally {
      station.close();
    }
    report({ name: 'import_peak_rss_mb', value: Math.round(Math.max(...imports.map((run) => run.maxRssMb))), unit: 'MB' });

    // The same roster as Excel saves a workbook (shared strings), imported once.
    const workbook = await writeWorkbook(roster, join(root, 'roster.xlsx'));
    const fromWorkbook = stationImport(importChild, workbook, join(root, 'station-xlsx'));
    report({ name: 'roster_import_xlsx_500k_s', value: fromWorkbook.seconds, unit: 's' });
    report({ name: 'roster_import_xlsx_peak_rss_mb', value: Math.round(fromWorkbook.maxRssMb), unit: 'MB' });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
