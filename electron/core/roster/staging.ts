/**
 * The import's scratch space: TEMP tables on the station's own connection.
 *
 * Parsed rows land here batch by batch while the worker reads on; nothing touches the
 * roster until the single transaction at the end. TEMP tables live outside the station
 * file, so a crash (even SIGKILL) leaves the database exactly as it was.
 */
import type { StationDatabase } from '../db/index.ts';
import { BATCH_WIDTH, batchValues, type HolderBatch, type RowProblem } from './rows.ts';

export function createStaging(db: StationDatabase): void {
  dropStaging(db);
  db.exec(`
    CREATE TEMP TABLE import_rows (
      row INTEGER PRIMARY KEY, id TEXT NOT NULL, name TEXT NOT NULL, latin_name TEXT NOT NULL,
      organisation TEXT NOT NULL, country TEXT NOT NULL, doc_type TEXT NOT NULL, doc_number TEXT NOT NULL,
      type TEXT NOT NULL, zones TEXT NOT NULL, name_key TEXT NOT NULL, pinyin TEXT NOT NULL, initials TEXT NOT NULL,
      latin_key TEXT NOT NULL, org_key TEXT NOT NULL, photo TEXT, status INTEGER
    );
    CREATE TEMP TABLE import_words (row INTEGER NOT NULL, word TEXT NOT NULL);
    CREATE TEMP TABLE import_problems (row INTEGER NOT NULL, col TEXT NOT NULL, header TEXT NOT NULL, value TEXT NOT NULL, reason TEXT NOT NULL);
    CREATE TEMP TABLE import_duplicates (row INTEGER PRIMARY KEY, id TEXT NOT NULL);
    CREATE TEMP TABLE import_photos (hash TEXT PRIMARY KEY, format TEXT NOT NULL, width INTEGER NOT NULL, height INTEGER NOT NULL, bytes INTEGER NOT NULL);
  `);
}

export function dropStaging(db: StationDatabase): void {
  db.exec(`
    DROP TABLE IF EXISTS temp.import_rows; DROP TABLE IF EXISTS temp.import_words;
    DROP TABLE IF EXISTS temp.import_problems; DROP TABLE IF EXISTS temp.import_photos;
    DROP TABLE IF EXISTS temp.import_duplicates;
  `);
}

const INSERT_ROW = `INSERT INTO temp.import_rows (row, id, name, latin_name, organisation, country, doc_type, doc_number,
  type, zones, name_key, pinyin, initials, latin_key, org_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const INSERT_PROBLEM = 'INSERT INTO temp.import_problems (row, col, header, value, reason) VALUES (?, ?, ?, ?, ?)';

/** Stages one batch of checked rows (search keys already worked out by the reader). */
export function stageBatch(db: StationDatabase, batch: HolderBatch): void {
  db.transaction(() => {
    const insertRow = db.statement(INSERT_ROW);
    const { holders: v, words: w } = batchValues(batch);
    for (let at = 0; at < v.length; at += BATCH_WIDTH) {
      insertRow.run(
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
      );
    }
    const words: (string | number)[] = [];
    for (let at = 0; at < w.length; at += 2) words.push(Number(w[at]), w[at + 1] as string);
    insertPairs(db, 'INSERT INTO temp.import_words (row, word) VALUES', words);
    for (const p of batch.problems) addProblem(db, p);
  });
}

const PAIRS_PER_INSERT = 32;

/**
 * Inserts two-column rows (flat: a, b, a, b ...) 32 to a statement: for rows this narrow
 * the cost of running a statement outweighs the row's own, and this halved it (measured
 * on the 460,000 later words of the 500,000-holder demo roster).
 */
export function insertPairs(db: StationDatabase, insertInto: string, values: readonly (string | number)[]): void {
  const many = db.statement(`${insertInto} ${Array(PAIRS_PER_INSERT).fill('(?, ?)').join(', ')}`);
  const whole = values.length - (values.length % (2 * PAIRS_PER_INSERT));
  for (let at = 0; at < whole; at += 2 * PAIRS_PER_INSERT) many.run(values.slice(at, at + 2 * PAIRS_PER_INSERT));
  const one = db.statement(`${insertInto} (?, ?)`);
  for (let at = whole; at < values.length; at += 2) one.run(values[at], values[at + 1]);
}

export function addProblem(db: StationDatabase, p: RowProblem): void {
  db.statement(INSERT_PROBLEM).run(p.row, p.column, p.header, p.value, p.reason);
}

/** Rejects every row whose id appears more than once: which of them is right is not ours to guess. */
export function rejectDuplicateIds(db: StationDatabase, idColumn: { letter: string; header: string }): void {
  db.exec('CREATE INDEX temp.import_rows_by_id ON import_rows (id)');
  const duplicates = db
    .statement(`SELECT id, group_concat(row, ', ') AS rows FROM (SELECT id, row FROM temp.import_rows ORDER BY row)
                GROUP BY id HAVING count(*) > 1`)
    .all() as { id: string; rows: string }[];
  if (duplicates.length === 0) return;
  db.transaction(() => {
    for (const { id, rows } of duplicates) {
      for (const row of rows.split(', ').map(Number)) {
        addProblem(db, {
          row,
          column: idColumn.letter,
          header: idColumn.header,
          value: id,
          reason: `appears in rows ${rows}: ids must be unique in the file, so none of these rows was imported`,
        });
      }
      db.statement('DELETE FROM temp.import_rows WHERE id = ?').run(id);
    }
  });
}

export function rejectRow(db: StationDatabase, problem: RowProblem): void {
  db.transaction(() => {
    addProblem(db, problem);
    db.statement('DELETE FROM temp.import_rows WHERE row = ?').run(problem.row);
  });
}

export function problemsOf(db: StationDatabase, limit = -1): RowProblem[] {
  const rows = db
    .statement('SELECT row, col, header, value, reason FROM temp.import_problems ORDER BY row, col LIMIT ?')
    .all(limit) as { row: number; col: string; header: string; value: string; reason: string }[];
  return rows.map((r) => ({ row: r.row, column: r.col, header: r.header, value: r.value, reason: r.reason }));
}
