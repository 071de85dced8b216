/**
 * The first import into an empty roster (the common case: a station is set up with the
 * registration system's export): rows go straight into `holders`, with no staging copy.
 *
 * The import's transaction stays open while the reader works (`beginFirstImport` to
 * `commitFirstImport` or `abandonFirstImport`), so nothing is visible and nothing lasts
 * until the end. The import has the database to itself meanwhile (StationDatabase.alone):
 * nothing else of the station's process can reach into that transaction.
 *
 * For that transaction the station leaves WAL for a rollback journal: the rows are then
 * written once, into the database file, instead of into the WAL and copied again by the
 * checkpoint at the commit. A crash (even SIGKILL or a power cut, with synchronous=FULL)
 * leaves a hot journal that SQLite plays back when the station is next opened, before it
 * goes back to WAL, so the station is as it was. An empty roster has next to nothing to
 * journal: the new pages lie past the old end of the file.
 *
 * A holder's `hid` is its row in the file, so a duplicate id names both rows without a
 * lookup table.
 */
import type { StationDatabase } from '../db/index.ts';
import { buildSearchIndexes, type CommitCounts, dropSearchIndexes } from './commit.ts';
import { BATCH_WIDTH, batchValues, type HolderBatch, type RowProblem } from './rows.ts';
import { addProblem, insertPairs } from './staging.ts';

/** Whether this import can take the direct way: nobody is on the roster yet. */
export function rosterIsEmpty(db: StationDatabase): boolean {
  return (db.statement('SELECT NOT EXISTS (SELECT 1 FROM holders) AS empty').get() as { empty: number }).empty === 1;
}

/**
 * Opens the import's transaction. The search indexes are built once, at the end; the
 * index of words by holder stays, as rows arrive in its order (appending is cheap) and a
 * rejected row's words are found by it.
 */
export function beginFirstImport(db: StationDatabase): void {
  db.pragma('journal_mode = DELETE');
  db.pragma('synchronous = FULL');
  try {
    db.exec('BEGIN IMMEDIATE');
    dropSearchIndexes(db, (name) => name !== 'holder_words_by_hid');
  } catch (error) {
    abandonFirstImport(db);
    throw error;
  }
}

export function commitFirstImport(db: StationDatabase): void {
  db.exec('COMMIT');
  backToWal(db);
}

/** Undoes a first import; SQLite may have rolled back already (a full disk, an I/O error), which is as good. */
export function abandonFirstImport(db: StationDatabase): void {
  try {
    db.exec('ROLLBACK');
  } catch (error) {
    if (!/no transaction is active/.test((error as Error).message)) throw error;
  } finally {
    backToWal(db);
  }
}

/** As the station opens it (db/database.ts). */
function backToWal(db: StationDatabase): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
}

const INSERT_HOLDER = `INSERT INTO holders (hid, id, name, latin_name, organisation, country, doc_type, doc_number, type,
  zones, name_key, pinyin, initials, latin_key, org_key, updated_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`;

/** Writes one batch of checked rows into the roster, inside the import's transaction. */
export function writeBatch(db: StationDatabase, batch: HolderBatch, now: number): void {
  const insert = db.statement(INSERT_HOLDER);
  const { holders: v, words: w } = batchValues(batch);
  let duplicates: Set<string> | undefined;
  for (let at = 0; at < v.length; at += BATCH_WIDTH) {
    const written = insert.run(
      Number(v[at]),
      v[at + 1],
      v[at + 2],
      v[at + 3],
      v[at + 4],
      v[at + 5],
      v[at + 6],
      v[at + 7],
      v[at + 8],
      v[at + 9],
      v[at + 10],
      v[at + 11],
      v[at + 12],
      v[at + 13],
      v[at + 14],
      now,
    );
    if (written.changes === 0) {
      db.statement('INSERT INTO temp.import_duplicates (row, id) VALUES (?, ?)').run(Number(v[at]), v[at + 1]);
      duplicates ??= new Set();
      duplicates.add(v[at] as string);
    }
  }
  // A row that did not land (its id was taken) has no holder to carry its words.
  const words: (string | number)[] = [];
  for (let at = 0; at < w.length; at += 2) if (!duplicates?.has(w[at] as string)) words.push(w[at + 1] as string, Number(w[at]));
  insertPairs(db, 'INSERT INTO holder_words (word, hid) VALUES', words);
  for (const p of batch.problems) addProblem(db, p);
}

/** Rejects every row of an id that appears more than once, the first one (already written) too. */
export function rejectDuplicateHolders(db: StationDatabase, idColumn: { letter: string; header: string }): void {
  const duplicates = db
    .statement(
      `SELECT d.id, h.hid AS first, group_concat(d.row, ', ') AS later
       FROM (SELECT row, id FROM temp.import_duplicates ORDER BY row) d JOIN holders h ON h.id = d.id GROUP BY d.id`,
    )
    .all() as { id: string; first: number; later: string }[];
  for (const { id, first, later } of duplicates) {
    const rows = `${first}, ${later}`;
    for (const row of rows.split(', ').map(Number)) {
      addProblem(db, {
        row,
        column: idColumn.letter,
        header: idColumn.header,
        value: id,
        reason: `appears in rows ${rows}: ids must be unique in the file, so none of these rows was imported`,
      });
    }
    removeHolder(db, first);
  }
}

/** Takes a holder written by this import off the roster again (its words go by ON DELETE CASCADE). */
export function removeHolder(db: StationDatabase, hid: number): void {
  db.statement('DELETE FROM holders WHERE hid = ?').run(hid);
}

export function rejectHolder(db: StationDatabase, problem: RowProblem): void {
  addProblem(db, problem);
  removeHolder(db, problem.row);
}

/** Builds the search indexes; everyone on the roster now came with this import. */
export function finishFirstImport(db: StationDatabase): CommitCounts {
  buildSearchIndexes(db);
  const added = (db.statement('SELECT count(*) AS n FROM holders').get() as { n: number }).n;
  return { added, changed: 0, unchanged: 0 };
}
