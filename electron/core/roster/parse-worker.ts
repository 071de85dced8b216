/**
 * The import's second core: reads, decodes, parses and checks the roster and works out
 * every search key (pinyin included), while the owning thread writes.
 *
 * It never touches the database (one process, one thread owns it); it hands batches of
 * checked rows and problems to its parent and waits when the parent falls behind, so
 * memory stays bounded whatever the file's size.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadCatalog } from '../catalog/index.ts';
import { isStationError, StationError } from '../errors.ts';
import { type Mapping, mapColumns } from './fields.ts';
import { readTableInRuns } from './read-table.ts';
import { BATCH_WIDTH, type HolderBatch, type RowProblem, rowChecker, SEPARATOR } from './rows.ts';
import { searchKeysOf } from './search-keys.ts';
import type { SniffedRoster } from './sniff.ts';

export interface ParseJob {
  roster: SniffedRoster;
  mapping: Mapping;
  sheet?: string;
  templatesDir?: string;
}

export type ParseMessage =
  | { kind: 'header'; headers: string[] }
  | ({ kind: 'batch' } & HolderBatch)
  | { kind: 'done'; rows: number }
  | { kind: 'error'; code: string; message: string; details?: Record<string, unknown> };

const BATCH = 5_000;
/** Batches the parent may have unread before this thread waits. */
const IN_FLIGHT = 4;

const port = parentPort;
if (!port) throw new Error('parse-worker runs as a worker thread');
let credits = IN_FLIGHT;
let resume: (() => void) | undefined;
port.on('message', () => {
  credits += 1;
  resume?.();
});

async function send(message: ParseMessage): Promise<void> {
  if (message.kind === 'batch') {
    while (credits <= 0) await new Promise<void>((resolve) => (resume = resolve));
    credits -= 1;
  }
  port?.postMessage(message);
}

async function parseRoster(job: ParseJob): Promise<void> {
  const catalog = loadCatalog(job.templatesDir);
  let check: ReturnType<typeof rowChecker> | undefined;
  let holders: (string | number)[] = [];
  let words: (string | number)[] = [];
  let problems: RowProblem[] = [];
  let rows = 0;
  const batch = (): HolderBatch => ({
    holders: holders.join(SEPARATOR),
    count: holders.length / BATCH_WIDTH,
    words: words.join(SEPARATOR),
    problems,
  });
  for await (const run of readTableInRuns(job.roster, { sheet: job.sheet })) {
    for (const { row, cells } of run) {
      if (cells.every((cell) => cell.trim() === '')) continue;
      if (!check) {
        const headers = cells.map((cell) => cell.trim());
        check = rowChecker(
          headers,
          mapColumns(headers, job.mapping),
          catalog,
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
        holders.push(
          h.row,
          h.id,
          h.name,
          h.latinName,
          h.organisation,
          h.country,
          h.docType,
          h.docNumber,
          h.type,
          h.zones,
          keys.nameKey,
          keys.pinyin,
          keys.initials,
          keys.latinKey,
          keys.orgKey,
        );
        for (const word of keys.words) words.push(h.row, word);
      }
      if (checked.problems.length > 0) problems.push(...checked.problems);
      if (holders.length / BATCH_WIDTH + problems.length >= BATCH) {
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

parseRoster(workerData as ParseJob).catch((error: unknown) => {
  port.postMessage(
    isStationError(error)
      ? { kind: 'error', code: error.code, message: error.message, details: error.details as Record<string, unknown> }
      : { kind: 'error', code: 'INTERNAL', message: (error as Error).message ?? String(error) },
  );
});
