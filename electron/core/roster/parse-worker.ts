/**
 * The import's second core: reads, decodes, parses and checks the roster and works out
 * every search key (pinyin included), while the owning thread writes.
 *
 * It never touches the database (one process, one thread owns it); it hands batches of
 * checked rows and problems to its parent and waits when the parent falls behind, so
 * memory stays bounded whatever the file's size.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isStationError, StationError } from '../errors.ts';
import { type Mapping, mapColumns } from './fields.ts';
import { readTableInRuns } from './read-table.ts';
import { type CatalogData, type HolderBatch, type RowProblem, rowChecker, SEPARATOR } from './rows.ts';
import { searchKeysOf } from './search-keys.ts';
import type { SniffedRoster } from './sniff.ts';

export interface ParseJob {
  roster: SniffedRoster;
  mapping: Mapping;
  sheet?: string;
}

/**
 * The event's types and zones, sent by the parent just after this thread starts: the
 * parent loads and validates the catalogue while this thread boots, which keeps the
 * schema library out of this thread's start (about 90 ms).
 */
export interface CatalogMessage {
  catalog: CatalogData;
}

export type ParseMessage =
  | { kind: 'header'; headers: string[] }
  | ({ kind: 'batch'; bytesRead: number } & HolderBatch)
  | { kind: 'done'; rows: number }
  | { kind: 'error'; code: string; message: string; details?: Record<string, unknown> }
  /** A bug, not the file's fault: its class and stack cross too, for the log (which keeps its frames only). */
  | { kind: 'failure'; name: string; message: string; stack?: string };

/** Smaller batches keep less alive in both threads: peak memory went from about 450 to 390 MB. */
const BATCH = 2_000;
/** Batches the parent may have unread before this thread waits. */
const IN_FLIGHT = 4;

const port = parentPort;
if (!port) throw new Error('parse-worker runs as a worker thread');
let credits = IN_FLIGHT;
let resume: (() => void) | undefined;
let catalogArrived: (catalog: CatalogData) => void = () => {};
const catalog = new Promise<CatalogData>((resolve) => (catalogArrived = resolve));
port.on('message', (message: 'ack' | CatalogMessage) => {
  if (message === 'ack') {
    credits += 1;
    resume?.();
  } else catalogArrived(message.catalog);
});

async function send(message: ParseMessage): Promise<void> {
  if (message.kind === 'batch') {
    while (credits <= 0) await new Promise<void>((resolve) => (resume = resolve));
    credits -= 1;
  }
  port?.postMessage(message);
}

async function parseRoster(job: ParseJob): Promise<void> {
  let check: ReturnType<typeof rowChecker> | undefined;
  /** One string per holder, its values joined: building it as a template is cheaper than joining an array. */
  let holders: string[] = [];
  let words: (string | number)[] = [];
  let problems: RowProblem[] = [];
  let rows = 0;
  const position = { bytes: 0 };
  const batch = (): HolderBatch & { bytesRead: number } => ({
    bytesRead: position.bytes,
    holders: holders.join(SEPARATOR),
    count: holders.length,
    words: words.join(SEPARATOR),
    problems,
  });
  for await (const run of readTableInRuns(job.roster, { sheet: job.sheet, position })) {
    for (const { row, cells } of run) {
      if (cells.every((cell) => cell.trim() === '')) continue;
      if (!check) {
        const headers = cells.map((cell) => cell.trim());
        check = rowChecker(
          headers,
          mapColumns(headers, job.mapping),
          await catalog,
          job.roster.format === 'csv' ? 'short-is-bad' : 'pad',
        );
        await send({ kind: 'header', headers });
        continue;
      }
      rows += 1;
      const checked = check(row, cells);
      const h = checked.holder;
      if (h) {
        const keys = searchKeysOf(h.name, h.latinName, h.organisation);
        // In BATCH_COLUMNS order.
        holders.push(
          flat(
            `${h.row}\0${h.id}\0${h.name}\0${h.latinName}\0${h.organisation}\0${h.country}\0${h.docType}\0${h.docNumber}\0${h.type}\0${h.zones}\0${keys.nameKey}\0${keys.pinyin}\0${keys.initials}\0${keys.latinKey}\0${keys.orgKey}`,
          ),
        );
        for (const word of keys.words) words.push(h.row, word);
      }
      if (checked.problems.length > 0) problems.push(...checked.problems);
      if (holders.length + problems.length >= BATCH) {
        await send({ kind: 'batch', ...batch() });
        holders = [];
        words = [];
        problems = [];
      }
    }
  }
  if (!check) throw new StationError('ROSTER_UNREADABLE', 'The roster has no header row: export the roster again.');
  if (rows === 0) throw new StationError('ROSTER_UNREADABLE', 'The roster has a header row but no holders below it.');
  await send({ kind: 'batch', ...batch() });
  await send({ kind: 'done', rows });
}

/**
 * The same text as one flat string. A template makes a rope of thirty pieces, each
 * holding on to the megabyte of file text its cells were cut from; a batch keeps
 * thousands of them alive through young-generation collections, and copying them there
 * cost more than everything else the reader does (measured with batches of 5,000: 4.6 s
 * of CPU against 2.9 s for 500,000 rows). Reading a character makes V8 flatten the rope
 * in place.
 */
function flat(text: string): string {
  text.charCodeAt(0);
  return text;
}

parseRoster(workerData as ParseJob).catch((error: unknown) => {
  port.postMessage(
    isStationError(error)
      ? { kind: 'error', code: error.code, message: error.message, details: error.details as Record<string, unknown> }
      : error instanceof Error
        ? { kind: 'failure', name: error.name, message: error.message, stack: error.stack }
        : { kind: 'failure', name: 'Error', message: String(error) },
  );
});
