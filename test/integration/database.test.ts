import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Migration, StationDatabase } from '../../electron/core/db/index.ts';
import { migrations } from '../../electron/core/db/migrations/index.ts';
import { DATABASE_FILE, openStation } from '../../electron/core/station/index.ts';
import { databaseWithKey, rawStationDatabase, testKek } from '../support/passphrase.ts';
import { cli, newStation, repoRoot, tempDir } from '../support/station.ts';

/** A data key for the migration runner's own test databases (no station around them). */
const TEST_DB_KEY = Buffer.alloc(32, 7);

function closedStation(): { dir: string; dbPath: string } {
  const station = newStation();
  station.close();
  return { dir: station.dataDir, dbPath: join(station.dataDir, DATABASE_FILE) };
}

describe('the station database', () => {
  it('is created at the newest schema, in WAL mode with foreign keys on', () => {
    const station = newStation();
    expect(station.db.schemaVersion).toBe(migrations.length);
    expect(station.db.pragma('journal_mode')).toBe('wal');
    expect(station.db.pragma('foreign_keys')).toBe(1);
    station.close();
  });

  it('runs each pending migration once, in order, and records the version', () => {
    const path = join(tempDir(), 'm.db');
    const ran: number[] = [];
    const steps: Migration[] = [1, 2, 3].map((version) => ({
      version,
      name: `step ${version}`,
      up: (db) => {
        ran.push(version);
        db.exec(`CREATE TABLE t${version} (x)`);
      },
    }));
    StationDatabase.open(path, { purpose: 'test', create: true, key: TEST_DB_KEY, migrations: steps.slice(0, 2) }).close();
    StationDatabase.open(path, { purpose: 'test', key: TEST_DB_KEY, migrations: steps }).close();
    expect(ran).toEqual([1, 2, 3]);
    expect(databaseWithKey(path, TEST_DB_KEY).pragma('user_version', { simple: true })).toBe(3);
  });

  it('a failing migration leaves the database at the last complete version', () => {
    const path = join(tempDir(), 'm.db');
    const steps: Migration[] = [
      { version: 1, name: 'good', up: (db) => db.exec('CREATE TABLE a (x)') },
      { version: 2, name: 'bad', up: (db) => db.exec('CREATE TABLE b (x); INSERT INTO nowhere VALUES (1)') },
    ];
    expect(() => StationDatabase.open(path, { purpose: 'test', create: true, key: TEST_DB_KEY, migrations: steps })).toThrow(
      expect.objectContaining({ code: 'DB_MIGRATION_FAILED' }),
    );
    const raw = databaseWithKey(path, TEST_DB_KEY);
    expect(raw.pragma('user_version', { simple: true })).toBe(1);
    expect(raw.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name = 'b'`).get()).toEqual({ n: 0 });
    raw.close();
  });
});

describe('a database the station cannot trust or use', () => {
  it('from a newer Badge Station is refused, untouched, with a clear message', () => {
    const { dir, dbPath } = closedStation();
    const raw = rawStationDatabase(dbPath);
    raw.pragma('user_version = 99');
    raw.close();
    const before = readFileSync(dbPath);
    expect(() => openStation(dir, 'test', { kek: testKek() })).toThrow(
      expect.objectContaining({ code: 'DB_TOO_NEW', message: expect.stringContaining('newer Badge Station (schema 99') }),
    );
    expect(readFileSync(dbPath).equals(before)).toBe(true);
  });

  it('that is not a database at all is reported as damaged', () => {
    const { dir, dbPath } = closedStation();
    writeFileSync(dbPath, 'this is a spreadsheet, not a database'.repeat(200));
    expect(() => openStation(dir, 'test', { kek: testKek() })).toThrow(expect.objectContaining({ code: 'DB_CORRUPT' }));
  });

  it('that was cut short is reported as damaged by the CLI, in one line', () => {
    const { dir, dbPath } = closedStation();
    const station = openStation(dir, 'test', { kek: testKek() });
    station.ledger.appendMany(
      Array.from({ length: 2000 }, (_, i) => ({ type: 'BADGE_PRINTED' as const, actor: 'op:1', data: { n: i } })),
    );
    station.close();
    truncateSync(dbPath, 3 * 4096 + 100);
    const result = cli(['--data', dir, 'ledger', 'verify']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^badge-station: The station database .* is damaged/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(cli(['--data', dir, '--json', 'ledger', 'verify']).json()).toMatchObject({ ok: false, error: { code: 'DB_CORRUPT' } });
  });

  describe('held by another program', () => {
    let holder: ChildProcess | undefined;
    afterEach(() => {
      holder?.kill('SIGKILL');
      holder = undefined;
    });

    async function holdStation(dir: string): Promise<ChildProcess> {
      holder = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'test/support/hold-station.ts'), dir], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const [chunk] = (await once(holder.stdout as NodeJS.ReadableStream, 'data')) as [Buffer];
      expect(chunk.toString()).toBe('ready\n');
      return holder;
    }

    it('says who holds it instead of waiting', async () => {
      const { dir } = closedStation();
      const child = await holdStation(dir);
      let error: unknown;
      try {
        openStation(dir, 'test', { kek: testKek() });
      } catch (caught) {
        error = caught;
      }
      expect(error).toMatchObject({ code: 'DB_IN_USE' });
      expect((error as Error).message).toContain(`"badge-station print (test holder)" (process ${child.pid}`);
    });

    it('is usable again as soon as that program dies, even without closing', async () => {
      const { dir } = closedStation();
      const child = await holdStation(dir);
      child.kill('SIGKILL');
      await once(child, 'exit');
      const station = openStation(dir, 'test', { kek: testKek() });
      expect(station.ledger.head()?.seq).toBe(1);
      station.close();
    });
  });
});
