/**
 * The staged rows into the roster, inside the caller's transaction, in set-based SQL.
 *
 * A holder whose every field (and photo) is the same is left alone, so a re-import reports
 * what really changed. A large import into a large roster rebuilds the search indexes
 * once at the end instead of updating them row by row (SQLite sorts far faster than it
 * inserts into a B-tree at random).
 */
import type { StationDatabase } from '../db/index.ts';

/** Search indexes dropped and rebuilt around a bulk import, with their definitions. */
const SEARCH_INDEXES: Record<string, string> = {
  holders_by_name: "ON holders (name_key) WHERE name_key <> ''",
  holders_by_pinyin: "ON holders (pinyin) WHERE pinyin <> ''",
  holders_by_initials: "ON holders (initials) WHERE initials <> ''",
  holders_by_latin: "ON holders (latin_key) WHERE latin_key <> ''",
  holders_by_org: "ON holders (org_key) WHERE org_key <> ''",
  holder_words_by_word: 'ON holder_words (word)',
  holder_words_by_hid: 'ON holder_words (hid)',
};
/** The page cache while indexes are built (negative: KiB), see buildSearchIndexes. */
const SORT_CACHE_SIZE = -2000;
/** Rebuilding pays off once an import writes this many holders. */
const BULK_ROWS = 20_000;

const SAME = `h.name = r.name AND h.latin_name = r.latin_name AND h.organisation = r.organisation AND h.country = r.country
  AND h.doc_type = r.doc_type AND h.doc_number = r.doc_number AND h.type = r.type AND h.zones = r.zones
  AND (r.photo IS NULL OR h.photo IS r.photo)`;

export interface CommitCounts {
  added: number;
  changed: number;
  unchanged: number;
}

export function commitStaged(db: StationDatabase, now: number): CommitCounts {
  const existing = (db.statement('SELECT count(*) AS n FROM holders').get() as { n: number }).n;
  // status: NULL added, 1 unchanged, 2 changed.
  if (existing > 0) {
    db.exec(
      `UPDATE temp.import_rows AS r SET status = (SELECT CASE WHEN ${SAME} THEN 1 ELSE 2 END FROM holders h WHERE h.id = r.id)`,
    );
  }
  const counts = db
    .statement(`SELECT count(*) FILTER (WHERE status IS NULL) AS added, count(*) FILTER (WHERE status = 2) AS changed,
                       count(*) FILTER (WHERE status = 1) AS unchanged FROM temp.import_rows`)
    .get() as CommitCounts;
  const written = counts.added + counts.changed;
  if (written === 0) return counts;

  const bulk = written >= BULK_ROWS;
  if (bulk) dropSearchIndexes(db);

  db.exec(
    'INSERT OR IGNORE INTO photos (hash, format, width, height, bytes) SELECT hash, format, width, height, bytes FROM temp.import_photos',
  );
  if (counts.changed > 0) {
    db.exec(
      `DELETE FROM holder_words WHERE hid IN (SELECT h.hid FROM holders h JOIN temp.import_rows r ON r.id = h.id WHERE r.status = 2)`,
    );
  }
  db.statement(
    `INSERT INTO holders (id, name, latin_name, organisation, country, doc_type, doc_number, type, zones, photo,
                          name_key, pinyin, initials, latin_key, org_key, updated_at)
     SELECT id, name, latin_name, organisation, country, doc_type, doc_number, type, zones, photo,
            name_key, pinyin, initials, latin_key, org_key, ?
     FROM temp.import_rows WHERE status IS NOT 1 ORDER BY row
     ON CONFLICT (id) DO UPDATE SET
       name = excluded.name, latin_name = excluded.latin_name, organisation = excluded.organisation,
       country = excluded.country, doc_type = excluded.doc_type, doc_number = excluded.doc_number, type = excluded.type,
       zones = excluded.zones, photo = coalesce(excluded.photo, holders.photo), name_key = excluded.name_key,
       pinyin = excluded.pinyin, initials = excluded.initials, latin_key = excluded.latin_key, org_key = excluded.org_key,
       updated_at = excluded.updated_at`,
  ).run(now);
  db.exec(`INSERT INTO holder_words (word, hid)
           SELECT w.word, h.hid FROM temp.import_words w JOIN temp.import_rows r ON r.row = w.row JOIN holders h ON h.id = r.id
           WHERE r.status IS NOT 1`);

  if (bulk) buildSearchIndexes(db);
  return counts;
}

export function dropSearchIndexes(db: StationDatabase, which: (name: string) => boolean = () => true): void {
  for (const name of Object.keys(SEARCH_INDEXES)) if (which(name)) db.exec(`DROP INDEX IF EXISTS ${name}`);
}

/**
 * Builds the search indexes that are missing. SQLite's sorter may use a second thread:
 * by now the reader has finished, so the second core is free. A smaller page cache makes
 * the sorter cut its work into more runs, which is what it spreads over threads.
 */
export function buildSearchIndexes(db: StationDatabase): void {
  const cacheSize = db.pragma('cache_size') as number;
  db.pragma('threads = 2');
  db.pragma(`cache_size = ${SORT_CACHE_SIZE}`);
  try {
    for (const [name, definition] of Object.entries(SEARCH_INDEXES)) db.exec(`CREATE INDEX IF NOT EXISTS ${name} ${definition}`);
  } finally {
    db.pragma(`cache_size = ${cacheSize}`);
    db.pragma('threads = 0');
  }
}
