/**
 * The one owner of the station's SQLite database.
 *
 * Opening takes the database for this process alone (SQLite's EXCLUSIVE locking mode,
 * an OS lock the kernel drops if the process dies), so two programs can never interleave
 * writes to one ledger; a second opener is told who holds it instead of hanging.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { closeSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { StationError } from '../errors.ts';
import { CIPHER, encryptInPlace, isPlaintextDatabase, rawKeyPragma } from './encrypt-in-place.ts';
import { type Migration, migrate } from './migrate.ts';
import { migrations as stationMigrations } from './migrations/index.ts';

export type Row = Record<string, unknown>;

export interface OpenDatabaseOptions {
  /** What this process is, shown to anyone else who finds the database in use. */
  purpose: string;
  /**
   * The station's data key (station/data-key.ts): every page of the database and its WAL is
   * encrypted under it (ChaCha20-Poly1305, SQLite3 Multiple Ciphers). A database still in
   * clear from before encryption at rest is encrypted in place first (encrypt-in-place.ts).
   */
  key: Buffer;
  /** How long to wait for a holder that is just closing. */
  busyTimeoutMs?: number;
  /** Create the file when it does not exist (only `init` should). */
  create?: boolean;
  /** For tests of the migration runner; the station's own list otherwise. */
  migrations?: readonly Migration[];
}

interface OwnerNote {
  pid: number;
  host: string;
  purpose: string;
  since: string;
}

export class StationDatabase {
  readonly path: string;
  readonly schemaVersion: number;
  readonly #db: BetterSqlite3.Database;
  readonly #statements = new Map<string, BetterSqlite3.Statement>();
  readonly #ownerPath: string;
  /** The work that has the database to itself (`alone`), and the async context it runs in. */
  readonly #context = new AsyncLocalStorage<symbol>();
  #heldBy: { work: symbol; what: string } | undefined;
  /** Why the database file must not change now (a backup copying it), if it must not. */
  #fileHeldFor: string | undefined;

  private constructor(path: string, db: BetterSqlite3.Database, schemaVersion: number) {
    this.path = path;
    this.#db = db;
    this.schemaVersion = schemaVersion;
    this.#ownerPath = ownerNotePath(path);
  }

  static open(path: string, options: OpenDatabaseOptions): StationDatabase {
    let db: BetterSqlite3.Database;
    if (options.key.length !== 32) throw new StationError('USAGE', 'A station database key is 32 bytes.');
    try {
      if (isPlaintextDatabase(path)) encryptInPlace(path, options.key);
    } catch (error) {
      throw translateOpenError(error, path);
    }
    try {
      // SQLite would create the file 0644; made empty here first, it is the user's alone, and
      // SQLite gives its -wal, -shm and -journal files the database file's mode.
      if (options.create) closeSync(openSync(path, 'a', 0o600));
      db = new BetterSqlite3(path, { timeout: options.busyTimeoutMs ?? 500, fileMustExist: !options.create });
    } catch (error) {
      throw new StationError(
        'DATA_DIR_UNUSABLE',
        `Cannot open the station database ${path}: ${(error as Error).message}. Check that the folder exists and is writable.`,
        { path },
      );
    }
    try {
      db.pragma(`cipher = '${CIPHER}'`);
      db.pragma(`key = ${rawKeyPragma(options.key)}`);
      // The first read: a wrong key, like a damaged file, reads as "not a database" here.
      db.prepare('SELECT count(*) FROM sqlite_schema').get();
      // Order matters: EXCLUSIVE before WAL keeps the WAL index in process memory, and
      // BEGIN EXCLUSIVE takes the lock now rather than at the first write.
      db.pragma('locking_mode = EXCLUSIVE');
      db.pragma('journal_mode = WAL');
      db.exec('BEGIN EXCLUSIVE; COMMIT');
      db.pragma('foreign_keys = ON');
      db.pragma('synchronous = NORMAL');
      const version = migrate(db, options.migrations ?? stationMigrations, path);
      const station = new StationDatabase(path, db, version);
      station.#writeOwnerNote(options.purpose);
      return station;
    } catch (error) {
      db.close();
      throw translateOpenError(error, path);
    }
  }

  /**
   * Gives the database to `work` alone until it settles: the one way to keep a transaction
   * open across awaits (a roster's first import writes as its reader thread reads). Any
   * other work of this process that reaches the database meanwhile is refused with
   * STATION_BUSY, rather than landing inside that transaction, seeing its half-done rows,
   * and being rolled back with it. Work is told apart by its async context, so everything
   * `work` awaits is still its own.
   */
  async alone<T>(what: string, work: () => Promise<T>): Promise<T> {
    this.#mayUse();
    if (this.#heldBy) throw this.#busy();
    const held = { work: Symbol(what), what };
    this.#heldBy = held;
    try {
      return await this.#context.run(held.work, work);
    } finally {
      this.#heldBy = undefined;
    }
  }

  /** Refuses any use of the database by work other than the one it is given to alone. */
  #mayUse(): void {
    if (this.#heldBy && this.#context.getStore() !== this.#heldBy.work) throw this.#busy();
  }

  #busy(): StationError {
    return new StationError('STATION_BUSY', `The station is ${this.#heldBy?.what}; try again when that has finished.`, {
      busyWith: this.#heldBy?.what,
    });
  }

  /** A prepared statement, compiled once per connection. */
  statement(sql: string): BetterSqlite3.Statement {
    this.#mayUse();
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  /** Runs `work` in one transaction: all of it lands or none of it does. Synchronous by design. */
  transaction<T>(work: () => T): T {
    this.#mayUse();
    return this.#db.transaction(work)();
  }

  exec(sql: string): void {
    this.#mayUse();
    this.#db.exec(sql);
  }

  pragma(sql: string): unknown {
    this.#mayUse();
    // A change of journal mode writes the database file itself: not while it is held still.
    if (this.#fileHeldFor && /journal_mode\s*=|wal_checkpoint/i.test(sql))
      throw new StationError('STATION_BUSY', `The station is ${this.#fileHeldFor}; try again when that has finished.`, {
        busyWith: this.#fileHeldFor,
      });
    return this.#db.pragma(sql, { simple: true });
  }

  /**
   * Holds the database file still for `why` (a backup copying it): everything committed is
   * folded from the WAL into the file now, and until release() every write stays in the WAL
   * (SQLite's automatic folding paused; a change of journal mode refused), so the file is a
   * consistent copy of this moment while the station goes on working.
   */
  holdFileStill(why: string): () => void {
    this.#mayUse();
    if (this.#fileHeldFor)
      throw new StationError('STATION_BUSY', `The station is ${this.#fileHeldFor}; try again when that has finished.`);
    const before = Number(this.#db.pragma('wal_autocheckpoint', { simple: true })) || 1000;
    this.#db.pragma('wal_autocheckpoint = 0');
    const [folded] = this.#db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    if (folded?.busy) {
      this.#db.pragma(`wal_autocheckpoint = ${before}`);
      throw new StationError('STATION_BUSY', 'The station is writing: try again in a moment.');
    }
    this.#fileHeldFor = why;
    return () => {
      if (this.#fileHeldFor !== why) return;
      this.#fileHeldFor = undefined;
      if (this.#db.open) this.#db.pragma(`wal_autocheckpoint = ${before}`);
    };
  }

  close(): void {
    if (!this.#db.open) return;
    this.#statements.clear();
    this.#db.close();
    rmSync(this.#ownerPath, { force: true });
  }

  #writeOwnerNote(purpose: string): void {
    const note: OwnerNote = { pid: process.pid, host: hostname(), purpose, since: new Date().toISOString() };
    writeFileSync(this.#ownerPath, `${JSON.stringify(note)}\n`, { mode: 0o600 });
  }
}

/**
 * Refuses (DB_IN_USE, naming who) when another program has the station database open: its
 * exclusive lock is asked for and let go at once. Needs no key: the lock comes before any page.
 */
export function assertNotInUse(path: string): void {
  let db: BetterSqlite3.Database | undefined;
  try {
    db = new BetterSqlite3(path, { fileMustExist: true, timeout: 200 });
    db.exec('BEGIN EXCLUSIVE; COMMIT');
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') throw translateOpenError(error, path);
    // Unreadable without its key, or damaged: not in use, which is all that is asked here.
  } finally {
    db?.close();
  }
}

function ownerNotePath(databasePath: string): string {
  return `${databasePath}.owner`;
}

function describeOwner(databasePath: string): string {
  try {
    const note = JSON.parse(readFileSync(ownerNotePath(databasePath), 'utf8')) as OwnerNote;
    return `"${note.purpose}" (process ${note.pid} on ${note.host}, since ${note.since})`;
  } catch {
    return 'another program';
  }
}

function translateOpenError(error: unknown, path: string): unknown {
  if (error instanceof StationError) return error;
  const code = (error as { code?: string }).code;
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return new StationError(
      'DB_IN_USE',
      `The station database ${path} is in use by ${describeOwner(path)}. Close that program first, or use another data folder.`,
      { path },
    );
  }
  return translateSqliteError(error, path);
}

/** Turns SQLite's damage reports into a plain DB_CORRUPT; anything else passes through. */
export function translateSqliteError(error: unknown, path: string): unknown {
  const code = (error as { code?: string }).code;
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' || code?.startsWith('SQLITE_CORRUPT_')) {
    // Encrypted, a damaged file and one under another key look the same: both are said.
    return new StationError(
      'DB_CORRUPT',
      `The station database ${path} is damaged, or is not the one its keys folder belongs to (${(error as Error).message}). Nothing was changed. Put back the data folder's own keys folder if it was swapped; otherwise restore the station from the latest backup or re-sync it; do not keep issuing badges from it.`,
      { path },
    );
  }
  if (code === 'SQLITE_FULL' || (error as NodeJS.ErrnoException).code === 'ENOSPC') {
    return new StationError(
      'DISK_FULL',
      `The disk holding the station database ${path} is full: nothing more could be recorded, and what was recorded is intact. Free space on that disk, then run the command again (a print job carries on with badge-station jobs resume).`,
      { path },
    );
  }
  return error;
}
