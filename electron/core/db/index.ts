/**
 * The station's database: one SQLite file, owned by one object (StationDatabase) in one
 * process at a time.
 *
 * Opened in WAL mode with foreign keys, synchronous=NORMAL and prepared statements cached
 * per connection, under SQLite's EXCLUSIVE locking mode: a second opener waits at most
 * half a second, then gets DB_IN_USE naming the holder (from the `station.db.owner` note),
 * never a hang. Schema changes are one file per version in `migrations/`, listed in
 * `migrations/index.ts` (migrate.ts); a database from a newer version is DB_TOO_NEW and left
 * untouched, a damaged file DB_CORRUPT, a full disk DISK_FULL.
 *
 * Transactions are synchronous (`transaction`), with one exception: a roster's first
 * import keeps its transaction open while its reader thread reads, through `alone`.
 * Decision: other work that reaches the database meanwhile is refused (STATION_BUSY,
 * "The station is importing a roster; try again when that has finished.") rather than
 * queued: a 500,000-row import takes seconds (minutes more with a photo each), and the
 * desk that asked can say so and retry.
 */
export { assertNotInUse, type OpenDatabaseOptions, type Row, StationDatabase, translateSqliteError } from './database.ts';
export type { Migration } from './migrate.ts';
