/**
 * `importRoster`: a roster file in, every good row upserted in one transaction, every bad
 * row reported with its row, column, value and reason.
 *
 * Two cores: a worker thread parses, checks and works out the search keys (pinyin too)
 * while this thread writes. Into an empty roster the rows go straight into `holders`
 * inside one transaction that stays open to the end (first-import.ts); a re-import stages
 * them in TEMP tables and one synchronous transaction upserts them with set-based SQL
 * (commit.ts), so added / changed / unchanged can be told. Photos are checked and stored
 * before the end, and the import is recorded in the ledger (counts only, never a name) in
 * the same transaction. Until it commits the station is untouched; a crash or a refused
 * file leaves it exactly as it was.
 *
 * The pieces, in the order a file meets them: sniff.ts (format, encoding and size from the
 * first 256 KB), read-table.ts with csv-scan.ts or read-xlsx.ts (rows numbered as a
 * spreadsheet shows them), fields.ts (headers to fields), rows.ts (checks, problems),
 * search-keys.ts (normalised keys and pinyin), parse-worker.ts (all of that, off this
 * thread, in batches of 2,000, at most four unread), then first-import.ts or
 * staging.ts + commit.ts (writing), photos.ts (matched, checked, stored by hash) and
 * search.ts (reading it back). The catalogue is loaded here while the worker boots.
 * test/integration/roster-bad-input.test.ts fails a file after 12,000 written rows and
 * SIGKILLs first imports and re-imports inside their commits; measured figures are in
 * test/bench/RESULTS.md.
 */

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { loadCatalog } from '../catalog/index.ts';
import { type ErrorCode, StationError } from '../errors.ts';
import type { Station } from '../station/index.ts';
import { startWorker } from '../worker-thread.ts';
import { commitStaged } from './commit.ts';
import { columnLetter, type Mapping, mapColumns } from './fields.ts';
import {
  abandonFirstImport,
  beginFirstImport,
  commitFirstImport,
  finishFirstImport,
  rejectDuplicateHolders,
  rejectHolder,
  rosterIsEmpty,
  writeBatch,
} from './first-import.ts';
import type { CatalogMessage, ParseJob, ParseMessage } from './parse-worker.ts';
import { type CheckedPhoto, checkPhoto, openPhotoSource } from './photos.ts';
import type { RowProblem } from './rows.ts';
import { type EncodingChoice, type RosterEncoding, type RosterFormat, sniffRoster } from './sniff.ts';
import { createStaging, dropStaging, problemsOf, rejectDuplicateIds, rejectRow, stageBatch } from './staging.ts';

export interface ImportOptions {
  encoding?: EncodingChoice;
  mapping?: Mapping;
  sheet?: string;
  /** A folder or zip of photos named by holder id. */
  photos?: string;
  /** Refuse files larger than this many bytes (4 GiB by default). */
  maxBytes?: number;
  /** Who imports: a user id or `system:*`, for the ledger. */
  actor: string;
  /** Write every problem here as CSV (the report keeps the first 1,000). */
  problemsFile?: string;
  templatesDir?: string;
  /** Told as the import moves on, for progress display (and for tests that crash it on purpose). */
  onStage?: (stage: ImportStage) => void;
  /** Told as rows are read and photos checked, a few times a second at most. */
  onProgress?: (progress: ImportProgress) => void;
}

export type ImportStage = 'reading' | 'photos' | 'committing';

export interface ImportProgress {
  stage: 'reading' | 'photos';
  /** Holders read and checked so far, or photos checked so far. */
  done: number;
  /** How far the stage is, 0 to 1: the share of the file's bytes read, or of the photos checked; null when unknown (a workbook is read whole first). */
  fraction: number | null;
}

/** Progress is told at most this often. */
const PROGRESS_EVERY_MS = 250;

/** Calls `tell` at most every PROGRESS_EVERY_MS, and always for the last word of a stage. */
function throttled(tell: ((progress: ImportProgress) => void) | undefined) {
  let last = 0;
  return (progress: ImportProgress, final = false) => {
    if (!tell) return;
    const now = performance.now();
    if (!final && now - last < PROGRESS_EVERY_MS) return;
    last = now;
    tell(progress);
  };
}

export interface ImportReport {
  format: RosterFormat;
  encoding: RosterEncoding;
  /** Rows below the header, blank rows not counted. */
  rows: number;
  added: number;
  changed: number;
  unchanged: number;
  /** Rows not imported because of at least one problem. */
  rejected: number;
  problemCount: number;
  problems: RowProblem[];
  photos: { checked: number; stored: number; unmatched: number } | null;
  /** The ledger event that records this import. */
  ledgerSeq: number;
}

const REPORTED_PROBLEMS = 1_000;
const PHOTO_CONCURRENCY = 16;
/**
 * The parser's old generation is kept small so garbage is collected early: peak memory
 * stays bounded. Its young generation is larger than the default, as nearly everything it
 * allocates (cells, keys) dies within a batch: fewer scavenges, each copying few survivors.
 */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 192, maxYoungGenerationSizeMb: 48 };

/**
 * A first import keeps its transaction open while the reader thread reads, so the import
 * has the database to itself: other work of the station's process is told the station is
 * busy until the import has finished (StationDatabase.alone).
 */
export async function importRoster(station: Station, path: string, options: ImportOptions): Promise<ImportReport> {
  return station.db.alone('importing a roster', () => importAlone(station, path, options));
}

async function importAlone(station: Station, path: string, options: ImportOptions): Promise<ImportReport> {
  const roster = sniffRoster(path, options.encoding ?? 'auto', options.maxBytes);
  const { db } = station;
  const first = rosterIsEmpty(db);
  const now = Date.now();
  createStaging(db);
  let open = false;
  try {
    if (first) {
      beginFirstImport(db);
      open = true;
    }
    let headers: string[] = [];
    let rows = 0;
    let read = 0;
    const progress = throttled(options.onProgress);
    options.onStage?.('reading');
    for await (const message of parseInWorker(
      {
        roster,
        mapping: options.mapping ?? {},
        sheet: options.sheet,
      },
      options.templatesDir,
    )) {
      if (message.kind === 'header') headers = message.headers;
      else if (message.kind === 'batch') {
        if (first) writeBatch(db, message, now);
        else stageBatch(db, message);
        read += message.count;
        progress({ stage: 'reading', done: read, fraction: message.bytesRead > 0 ? message.bytesRead / roster.bytes : null });
      } else if (message.kind === 'done') {
        rows = message.rows;
        progress({ stage: 'reading', done: read, fraction: 1 }, true);
      }
    }
    const idIndex = mapColumns(headers, options.mapping).id;
    const idColumn = { letter: columnLetter(idIndex), header: headers[idIndex] ?? '' };
    if (first) rejectDuplicateHolders(db, idColumn);
    else rejectDuplicateIds(db, idColumn);
    if (options.photos) options.onStage?.('photos');
    const photos = options.photos
      ? await checkPhotos(station, options.photos, first ? WRITTEN_HOLDERS : STAGED_HOLDERS, progress)
      : null;

    const counts = db.transaction(() => {
      options.onStage?.('committing');
      const committed = first ? finishFirstImport(db) : commitStaged(db, Date.now());
      const problemCount = (db.statement('SELECT count(*) AS n FROM temp.import_problems').get() as { n: number }).n;
      const rejected = (db.statement('SELECT count(DISTINCT row) AS n FROM temp.import_problems').get() as { n: number }).n;
      const event = station.ledger.append({
        type: 'ROSTER_IMPORTED',
        actor: options.actor,
        subject: `station:${station.number}`,
        data: {
          format: roster.format,
          encoding: roster.encoding,
          rows,
          ...committed,
          rejected,
          problems: problemCount,
          photos_stored: photos?.stored ?? 0,
        },
      });
      return { ...committed, rejected, problemCount, ledgerSeq: event.seq };
    });
    if (open) {
      commitFirstImport(db);
      open = false;
    }
    if (options.problemsFile) await writeProblems(db, options.problemsFile);
    return {
      format: roster.format,
      encoding: roster.encoding,
      rows,
      ...counts,
      problems: problemsOf(db, REPORTED_PROBLEMS),
      photos,
    };
  } finally {
    if (open) abandonFirstImport(db);
    dropStaging(db);
  }
}

/**
 * Runs the parse worker and yields what it sends, acknowledging each batch once used.
 * Exported for the roster benchmark, which times the reading alone.
 */
export async function* parseInWorker(job: ParseJob, templatesDir: string | undefined): AsyncGenerator<ParseMessage> {
  const script = new URL('./parse-worker.ts', import.meta.url);
  const worker = startWorker(script, { workerData: job, resourceLimits: WORKER_LIMITS });
  const queue: ParseMessage[] = [];
  let wake: (() => void) | undefined;
  let failure: unknown;
  worker.on('message', (message: ParseMessage) => {
    queue.push(message);
    wake?.();
  });
  worker.on('error', (error) => {
    failure =
      (error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? new StationError(
            'ROSTER_UNREADABLE',
            'Reading the roster ran out of memory (a workbook with very many distinct texts?); nothing was imported. Save it as "CSV UTF-8" and import that.',
          )
        : error;
    wake?.();
  });
  worker.on('exit', (code) => {
    failure ??= code === 0 ? undefined : new Error(`the roster reader stopped (exit ${code})`);
    wake?.();
  });
  try {
    const { types, zones } = loadCatalog(templatesDir);
    worker.postMessage({ catalog: { types, zones } } satisfies CatalogMessage);
    for (;;) {
      const message = queue.shift();
      if (!message) {
        if (failure) throw failure;
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      if (message.kind === 'error') throw new StationError(message.code as ErrorCode, message.message, message.details);
      if (message.kind === 'failure') throw readerFailure(message);
      yield message;
      if (message.kind === 'batch') worker.postMessage('ack');
      if (message.kind === 'done') return;
    }
  } finally {
    await worker.terminate();
  }
}

/**
 * The reader thread's bug as the error it was, stack and all: as a StationError it would
 * read like advice to the office and leave the log nothing to find the bug by.
 */
function readerFailure({ name, message, stack }: { name: string; message: string; stack?: string }): Error {
  const error = new Error(message);
  error.name = name;
  if (stack) error.stack = stack;
  return error;
}

interface PhotoSummary {
  checked: number;
  stored: number;
  unmatched: number;
}

/** Where the rows waiting for their photos are, and how a photo or a rejection lands on one. */
interface PhotoTarget {
  /** How many rows there are (`n`). */
  count: string;
  /** The next rows (`row`, `id`) after row `?`, in order. */
  page: string;
  setPhoto(db: Station['db'], row: number, photo: CheckedPhoto): void;
  reject(db: Station['db'], problem: RowProblem): void;
}

/** A re-import: photos are staged with the rows and copied at the commit. */
const STAGED_HOLDERS: PhotoTarget = {
  count: 'SELECT count(*) AS n FROM temp.import_rows',
  page: 'SELECT row, id FROM temp.import_rows WHERE row > ? ORDER BY row LIMIT 256',
  setPhoto(db, row, { hash, format, width, height, bytes }) {
    db.statement('INSERT OR IGNORE INTO temp.import_photos (hash, format, width, height, bytes) VALUES (?, ?, ?, ?, ?)').run(
      hash,
      format,
      width,
      height,
      bytes.length,
    );
    db.statement('UPDATE temp.import_rows SET photo = ? WHERE row = ?').run(hash, row);
  },
  reject: rejectRow,
};

/** A first import: the holders are already written (hid = row), inside the import's transaction. */
const WRITTEN_HOLDERS: PhotoTarget = {
  count: 'SELECT count(*) AS n FROM holders',
  page: 'SELECT hid AS row, id FROM holders WHERE hid > ? ORDER BY hid LIMIT 256',
  setPhoto(db, row, { hash, format, width, height, bytes }) {
    db.statement('INSERT OR IGNORE INTO photos (hash, format, width, height, bytes) VALUES (?, ?, ?, ?, ?)').run(
      hash,
      format,
      width,
      height,
      bytes.length,
    );
    db.statement('UPDATE holders SET photo = ? WHERE hid = ?').run(hash, row);
  },
  reject: rejectHolder,
};

/** Finds, checks and stores each holder's photo; a missing or broken one rejects its row. */
async function checkPhotos(
  station: Station,
  from: string,
  target: PhotoTarget,
  progress: ReturnType<typeof throttled>,
): Promise<PhotoSummary> {
  const { db } = station;
  const source = await openPhotoSource(from);
  const used = new Set<string>();
  const summary: PhotoSummary = { checked: 0, stored: 0, unmatched: 0 };
  try {
    const total = (db.statement(target.count).get() as { n: number }).n;
    let done = 0;
    let after = 0;
    for (;;) {
      const page = db.statement(target.page).all(after) as { row: number; id: string }[];
      if (page.length === 0) break;
      after = (page.at(-1) as { row: number }).row;
      for (let start = 0; start < page.length; start += PHOTO_CONCURRENCY) {
        const slice = page.slice(start, start + PHOTO_CONCURRENCY);
        const results = await Promise.all(
          slice.map(async ({ row, id }) => {
            const found = source.find(id);
            if ('missing' in found) return { row, id, name: '', problem: found.missing };
            used.add(id);
            const bytes = await source.read(found.name);
            const checked = Buffer.isBuffer(bytes) ? await checkPhoto(bytes) : bytes;
            return 'reason' in checked
              ? { row, id, name: found.name, problem: `${found.name} ${checked.reason}` }
              : { row, id, name: found.name, photo: checked };
          }),
        );
        // One transaction per slice: the staging writes of a slice of photos land together.
        db.transaction(() => {
          for (const result of results) {
            summary.checked += result.name ? 1 : 0;
            if ('photo' in result && result.photo) {
              if (station.photos.store(result.photo)) summary.stored += 1;
              target.setPhoto(db, result.row, result.photo);
            } else {
              target.reject(db, {
                row: result.row,
                column: '',
                header: 'photo',
                value: result.name || result.id,
                reason: `photo: ${result.problem}`,
              });
            }
          }
        });
        done += slice.length;
        progress({ stage: 'photos', done, fraction: total > 0 ? done / total : 1 }, done === total);
      }
    }
    summary.unmatched = source.unmatched(used);
    return summary;
  } finally {
    source.close();
  }
}

async function writeProblems(db: Station['db'], file: string): Promise<void> {
  const out = createWriteStream(file);
  const cell = (value: string | number) => {
    const text = String(value);
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  out.write('\uFEFFrow,column,header,value,reason\r\n');
  for (const p of problemsOf(db)) {
    if (!out.write(`${[p.row, p.column, p.header, p.value, p.reason].map(cell).join(',')}\r\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}
