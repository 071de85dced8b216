/**
 * The two halves of a roster import, each alone in a process of its own: how far the whole
 * can go on two cores. Prints {"seconds":..} on stdout.
 *
 * `read FILE`: the reader thread's work (decoding, parsing, checking, search keys and
 * pinyin) with nothing written; this thread only takes the batches.
 *
 * `store FROM DIR`: this thread's work with nothing to read: the holders of the imported
 * station FROM, already in the reader's batches in memory, written into the empty station
 * DIR as a first import writes them (the same statements), then its search indexes built
 * and the transaction committed. That last part, which cannot start before the last row
 * is in, is also given alone ({"tailSeconds":..}).
 */

import { beginFirstImport, commitFirstImport, finishFirstImport, writeBatch } from '../../electron/core/roster/first-import.ts';
import { parseInWorker } from '../../electron/core/roster/import.ts';
import { BATCH_COLUMNS, type HolderBatch, SEPARATOR } from '../../electron/core/roster/rows.ts';
import { sniffRoster } from '../../electron/core/roster/sniff.ts';
import { createStaging } from '../../electron/core/roster/staging.ts';
import { openStation } from '../../electron/core/station/index.ts';
import { testKek } from '../support/passphrase.ts';

const BATCH = 2_000;
const [mode, ...args] = process.argv.slice(2);

const since = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e9;

function done(started: bigint, tailFrom?: bigint): void {
  const tail = tailFrom === undefined ? {} : { tailSeconds: since(tailFrom) };
  process.stdout.write(`${JSON.stringify({ seconds: since(started), ...tail })}\n`);
}

if (mode === 'read') {
  const roster = sniffRoster(args[0] as string, 'auto');
  const started = process.hrtime.bigint();
  let holders = 0;
  for await (const message of parseInWorker({ roster, mapping: {} }, undefined)) {
    if (message.kind === 'batch') holders += message.count;
  }
  done(started);
  if (holders === 0) throw new Error('the reader sent no holders');
} else if (mode === 'store') {
  const from = openStation(args[0] as string, 'bench', { kek: testKek() });
  const columns = BATCH_COLUMNS.map((column) => (column === 'row' ? 'hid' : column)).join(', ');
  const batches: HolderBatch[] = [];
  const words = from.db.statement('SELECT hid, word FROM holder_words WHERE hid BETWEEN ? AND ? ORDER BY hid');
  const page = from.db.statement(`SELECT ${columns} FROM holders WHERE hid > ? ORDER BY hid LIMIT ${BATCH}`).raw();
  for (let after = 0; ; ) {
    const rows = page.all(after) as (string | number)[][];
    if (rows.length === 0) break;
    const last = (rows.at(-1) as (string | number)[])[0] as number;
    const pairs = (words.raw().all(after + 1, last) as [number, string][]).flat();
    batches.push({
      holders: rows.map((row) => row.join(SEPARATOR)).join(SEPARATOR),
      count: rows.length,
      words: pairs.join(SEPARATOR),
      problems: [],
    });
    after = last;
  }
  from.close();
  const station = openStation(args[1] as string, 'bench', { kek: testKek() });
  const { db } = station;
  createStaging(db);
  const started = process.hrtime.bigint();
  beginFirstImport(db);
  const now = Date.now();
  for (const batch of batches) writeBatch(db, batch, now);
  const tail = process.hrtime.bigint();
  db.transaction(() => finishFirstImport(db));
  commitFirstImport(db);
  done(started, tail);
  station.close();
} else {
  throw new Error('usage: roster-floor-child read FILE | store FROM DIR');
}
