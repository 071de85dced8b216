/**
 * Schema migrations under `PRAGMA user_version`: one small file per version.
 *
 * Each migration runs in its own transaction together with the version bump, so a crash
 * leaves the database at the last complete version. A database written by a newer
 * Badge Station is refused rather than guessed at.
 */
import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { StationError } from '../errors.ts';

export interface Migration {
  version: number;
  name: string;
  up(db: BetterSqlite3.Database): void;
}

/** Brings the database up to the newest migration and returns its schema version. */
export function migrate(db: BetterSqlite3.Database, migrations: readonly Migration[], path: string): number {
  assertContiguous(migrations);
  const latest = migrations.at(-1)?.version ?? 0;
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > latest) {
    throw new StationError(
      'DB_TOO_NEW',
      `The station database ${path} was written by a newer Badge Station (schema ${current}; this version knows up to ${latest}). Install the newer Badge Station to open it.`,
      { path, schema: current, known: latest },
    );
  }
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    try {
      db.transaction(() => {
        migration.up(db);
        db.pragma(`user_version = ${migration.version}`);
      })();
    } catch (error) {
      throw new StationError(
        'DB_MIGRATION_FAILED',
        `Updating the station database ${path} to schema ${migration.version} (${migration.name}) failed: ${(error as Error).message}. The database was left at schema ${migration.version - 1}.`,
        { path, version: migration.version },
      );
    }
  }
  return Math.max(current, latest);
}

function assertContiguous(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`Migration ${migration.name} has version ${migration.version}; expected ${index + 1}`);
    }
  });
}
