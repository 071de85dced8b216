/**
 * Group `roster`: importing 500,000 demo holders against the sqlite3 shell's bare
 * `.import` of the same CSV, both timed from an open database (sqliteShellImport says
 * why), then search latency on that roster.
 *
 * The import runs as the app ships it (bundled, built-child.ts), each time in a fresh
 * process into a new station, alternating with the shell, three of each; the medians are
 * reported, and the peak memory of the three imports. `roster_import_xlsx_500k_s` is one
 * import of the same roster saved as an XLSX workbook (shared strings, as Excel saves).
 *
 * The published query mix (1,000 distinct queries, drawn with a fixed seed from the roster):
 *   20% holder ids, typed in full                       H-0123456
 *   10% badge serials: 5% in full, 5% a prefix           V-007-0001234-1, V-007-00012
 *   25% Chinese names, the first 2 or 3 characters      欧阳娜, 王伟
 *   25% Latin letters, 3 to 8 of them: pinyin in full   ouyang, wangwe
 *       (10%), pinyin initials (7.5%), Latin names (7.5%) oynn, wgw, jose mu
 *   20% organisations, the first 4 to 6 characters      上海宁波进, Rhine A
 * and for `search_short_p95_ms`, every distinct one-character query: the letters a-z, the
 * digits, and each character a Chinese name or organisation of the roster starts with.
 * Each query is timed on its first and only run: no query is asked twice (nor one that
 * differs only in case), so none is answered from pages its own earlier run brought in, as
 * an operator's searches are not. (Before, every query ran once untimed to warm the cache,
 * then once timed, and the mix and the one-character list repeated queries.)
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
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backupStation } from '../../electron/core/backup/index.ts';
import { createBadges } from '../../electron/core/badges/index.ts';
import { loadCatalog } from '../../electron/core/catalog/index.ts';
import { mulberry32, searchHolders, writeDemoRoster } from '../../electron/core/roster/index.ts';
import { readTable } from '../../electron/core/roster/read-table.ts';
import { sniffRoster } from '../../electron/core/roster/sniff.ts';
import { initStation, openStation, type Station } from '../../electron/core/station/index.ts';
import { testKek } from '../support/passphrase.ts';
import { builtChild } from './built-child.ts';
import { note, report, seconds } from './report.ts';

/** BENCH_ROSTER_HOLDERS only to try the group out quickly: the metrics are named for 500,000. */
const HOLDERS = Number(process.env.BENCH_ROSTER_HOLDERS ?? 500_000);
/** Imports, each after a run of the shell; the medians are reported. */
const RUNS = 3;
const QUERIES = 1_000;

/**
 * The shell's `.import` timed from an open database, as our import is (roster-import-child
 * times importRoster on an open station): the clock is read in SQL just before and just
 * after the `.import`, inside the shell. Both sides are timed from an open database, not
 * from process start, because that is what an operator waits for: the app is running and
 * its station open when a roster is imported, so Node's start and loading our code are
 * not part of an import, any more than the shell's start is part of `.import`. (Before,
 * the shell was timed from spawning it and ours from an open station.)
 */
function sqliteShellImport(csv: string, dir: string): number {
  const db = join(dir, 'bare.db');
  rmSync(db, { force: true });
  // 'now' is read once per statement, to the millisecond; the first SELECT opens the file.
  const clock = "SELECT (julianday('now') - 2440587.5) * 86400.0";
  const done = spawnSync('sqlite3', [db, clock, `.import --csv ${csv} roster`, clock], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [before, after] = done.stdout.trim().split('\n').map(Number);
  if (done.status !== 0 || before === undefined || after === undefined || !(after >= before))
    throw new Error('the sqlite3 shell could not import the roster (is the sqlite3 package installed?)');
  return after - before;
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
  initStation(dir, '7', 'system:bench', testKek()).close();
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

/** How search compares a query: two that differ only in case ask the same thing. */
const asked = (query: string) => query.trim().normalize('NFC').toLowerCase();

/** The published mix above, drawn from the imported roster, none asked twice (nor any in `taken`). */
export function queryMix(station: Station, count: number, taken: Set<string>, seed = 7): string[] {
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
  const draw = (roll: number): string => {
    if (roll < 20) return pick(chinese).id;
    if (roll < 25) return pick(badged).serial as string;
    if (roll < 30) return prefix(pick(badged).serial as string, 9, 12);
    if (roll < 55) return prefix(pick(chinese).name, 2, 3);
    if (roll < 65) return prefix(pick(chinese).pinyin, 3, 8);
    if (roll < 72.5) return prefix(pick(chinese).initials, 3, 4);
    if (roll < 80) return prefix(pick(latin).latin_name.toLowerCase(), 3, 8);
    return prefix(pick([...chinese, ...latin]).organisation, 4, 6);
  };
  const queries: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const roll = random() * 100;
    // A query already asked is drawn again from the same kind, so the mix keeps its shares.
    for (let tries = 0; ; tries += 1) {
      const query = draw(roll);
      if (!taken.has(asked(query))) {
        taken.add(asked(query));
        queries.push(query);
        break;
      }
      if (tries === 10_000) throw new Error(`the roster has too few distinct queries of the kind of "${query}"`);
    }
  }
  return queries;
}

/** Every one-character query not in `taken`: a-z, 0-9, and the first characters of the roster's Chinese names and organisations. */
export function shortQueries(station: Station, taken: Set<string>): string[] {
  const firsts = station.db
    .statement(
      `SELECT DISTINCT substr(name, 1, 1) AS c FROM holders WHERE pinyin <> ''
       UNION SELECT DISTINCT substr(organisation, 1, 1) FROM holders`,
    )
    .all() as { c: string }[];
  const han = firsts.map((row) => row.c).filter((c) => /\p{Script=Han}/u.test(c));
  return [...'abcdefghijklmnopqrstuvwxyz0123456789', ...han.sort()].filter((query) => !taken.has(asked(query)));
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

/** Each query timed on its first run, in milliseconds, sorted. */
function timeQueries(station: Station, queries: string[]): number[] {
  return queries.map((query) => seconds(() => searchHolders(station.db, query)) * 1000).sort((a, b) => a - b);
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
    initStation(floorDir, '7', 'system:bench', testKek()).close();
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

    const station = openStation(dir, 'bench', { kek: testKek() });
    try {
      // Serials to search for: badges for the guests, media and security (about 8% of holders).
      const catalog = loadCatalog();
      for (const type of ['guest', 'media', 'security'])
        createBadges(station, catalog, { allWithoutBadge: true, type, actor: 'system:bench' });
      const taken = new Set<string>();
      const mix = timeQueries(station, queryMix(station, QUERIES, taken));
      report({ name: 'search_p95_ms', value: percentile(mix, 95), unit: 'ms' });
      report({ name: 'search_p99_ms', value: percentile(mix, 99), unit: 'ms' });
      const singles = shortQueries(station, taken);
      note(
        `search: ${mix.length} distinct queries of the mix, then ${singles.length} distinct one-character queries, each run once`,
      );
      const short = timeQueries(station, singles);
      report({ name: 'search_short_p95_ms', value: percentile(short, 95), unit: 'ms' });
      await backupWhileWriting(station, join(root, 'backup-drive'));
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

/**
 * `backup_500k_s`: a backup of the 500,000-holder station (its database and keys; this
 * roster has no photos, which a backup copies once each and not again) while the core goes on
 * writing as a print run does: a card's events every 10 ms on the same thread (the pace of
 * 16 printers at 6 s a card, six times over). Also how long the writer's longest wait was:
 * the backup must not hold the core's thread.
 */
async function backupWhileWriting(station: Station, to: string): Promise<void> {
  let writes = 0;
  let longestGapMs = 0;
  let last = performance.now();
  const writer = setInterval(() => {
    const now = performance.now();
    longestGapMs = Math.max(longestGapMs, now - last);
    last = now;
    station.ledger.append({ type: 'KEY_EVENT', actor: 'system:bench', subject: 'a card printed', data: { n: writes } });
    writes += 1;
  }, 10);
  mkdirSync(to);
  try {
    const made = await backupStation(station, to);
    note(
      `backup: ${(made.manifest.database.bytes / 1e6).toFixed(0)} MB database in ${(made.ms / 1000).toFixed(2)} s, ${writes} ledger events written meanwhile, the writer's longest wait ${longestGapMs.toFixed(0)} ms`,
    );
    report({ name: 'backup_500k_s', value: made.ms / 1000, unit: 's' });
    report({ name: 'backup_500k_writer_longest_wait_ms', value: Math.round(longestGapMs), unit: 'ms' });
  } finally {
    clearInterval(writer);
  }
}
