/**
 * What someone with a SQLite shell could do to a closed station database: drop the
 * append-only triggers and rewrite rows at will.
 */
import type Database from 'better-sqlite3-multiple-ciphers';
import { rawStationDatabase } from './passphrase.ts';

/** `passphrase`: the station's, when not the tests' own. */
export function tamper(dbPath: string, work: (db: Database.Database) => void, passphrase?: string): void {
  const db = rawStationDatabase(dbPath, passphrase ? { passphrase } : {});
  try {
    for (const { name } of db.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'ledger_%'`).all() as {
      name: string;
    }[]) {
      db.exec(`DROP TRIGGER ${name}`);
    }
    work(db);
  } finally {
    db.close();
  }
}

export type { LedgerRow as EventRow } from '../../electron/core/ledger/index.ts';
