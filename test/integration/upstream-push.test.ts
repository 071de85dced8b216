/**
 * Pushing ledgers to a real PostgreSQL (Debian's, started in a sandbox by the test): two
 * stations, one upstream; upstream crashed mid-push; edited and cut-back ledgers refused;
 * a station's login unable to touch anything but its own functions.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3-multiple-ciphers';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StationError } from '../../electron/core/errors.ts';
import { stationClockGuard } from '../../electron/core/keys/index.ts';
import { eventHash } from '../../electron/core/ledger/index.ts';
import { openStation, type Station } from '../../electron/core/station/index.ts';
import {
  addUpstreamStation,
  connectAsStation,
  connectUpstream,
  initUpstream,
  pushLedger,
  syncState,
  UPSTREAM_SCHEMA,
  UPSTREAM_SCHEMA_VERSION,
  type UpstreamClient,
} from '../../electron/core/upstream/index.ts';
import { testKek } from '../support/passphrase.ts';
import { type Postgres, startPostgres } from '../support/postgres.ts';
import { cli, newStation, tempDir } from '../support/station.ts';
import { type EventRow, tamper } from '../support/tamper.ts';

let upstream: Postgres;
let admin: UpstreamClient;
let upstreamDir: string;

beforeAll(async () => {
  // Its own folder: tempDir()'s are removed after each test, and upstream outlives them.
  upstreamDir = mkdtempSync(join(tmpdir(), 'badge-upstream-'));
  upstream = await startPostgres(upstreamDir);
  admin = await connectUpstream(upstream.adminUrl);
  await initUpstream(admin);
}, 60_000);

afterAll(async () => {
  await admin?.end();
  await upstream?.stop();
  rmSync(upstreamDir, { recursive: true, force: true });
});

/** Adds a station upstream as its administrator does; its connection string. */
async function stationLogin(station: string): Promise<string> {
  return (await addUpstreamStation(admin, station, upstream.adminUrl)).url;
}

/** A station with `count` events after its first (chained by the real ledger). */
function stationWith(number: string, count: number): Station {
  const station = newStation(number);
  station.ledger.appendMany(
    Array.from({ length: count }, (_, i) => ({
      type: 'BADGE_CREATED' as const,
      actor: 'system:test',
      subject: `badge:${number}-${i}`,
      data: { n: i, note: '名字 and ünïcode' },
    })),
  );
  return station;
}

async function asStation<T>(url: string, work: (client: UpstreamClient) => Promise<T>): Promise<T> {
  const client = await connectAsStation(url);
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function upstreamEvents(station: string): Promise<{ seq: string; hash: Buffer }[]> {
  const { rows } = await admin.query<{ seq: string; hash: Buffer }>(
    `SELECT seq, hash FROM ${UPSTREAM_SCHEMA}.ledger_events WHERE station = $1 ORDER BY seq`,
    [station],
  );
  return rows;
}

function localHashes(station: Station): string[] {
  return [...station.ledger.events()].map((e) => e.hash.toString('hex'));
}

/** What a forger does after an edit: every hash from `fromSeq` on made again, so the chain holds. */
function rechain(db: Database.Database, fromSeq: number): void {
  const rows = db.prepare('SELECT * FROM ledger_events WHERE seq >= ? ORDER BY seq').all(fromSeq) as EventRow[];
  let prevHash = (db.prepare('SELECT hash FROM ledger_events WHERE seq = ?').get(fromSeq - 1) as { hash: Buffer }).hash;
  for (const row of rows) {
    const hash = eventHash({ ...row, prevHash });
    db.prepare('UPDATE ledger_events SET prev_hash = ?, hash = ? WHERE seq = ?').run(prevHash, hash, row.seq);
    prevHash = hash;
  }
}

async function refusal(promise: Promise<unknown>): Promise<StationError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StationError);
  return error as StationError;
}

describe('pushing ledgers upstream', () => {
  it('takes two stations’ ledgers, each event once and in order, and a second push sends nothing', async () => {
    const a = stationWith('011', 1_200);
    const b = stationWith('012', 300);
    a.checkpoints.take();
    const urlA = await stationLogin('011');
    const urlB = await stationLogin('012');

    const first = await asStation(urlA, (client) => pushLedger(a, client, { batchSize: 500 }));
    const second = await asStation(urlB, (client) => pushLedger(b, client));
    expect(first).toEqual({ sent: 1_201, upstreamHead: 1_201, localHead: 1_201 });
    expect(second).toEqual({ sent: 301, upstreamHead: 301, localHead: 301 });

    // Upstream holds each station's chain exactly as the station does (its own hashes
    // recomputed upstream on the way in), and the checkpoint.
    expect((await upstreamEvents('011')).map((r) => r.hash.toString('hex'))).toEqual(localHashes(a));
    expect((await upstreamEvents('012')).map((r) => r.hash.toString('hex'))).toEqual(localHashes(b));
    const { rows } = await admin.query(`SELECT station, seq FROM ${UPSTREAM_SCHEMA}.ledger_checkpoints`);
    expect(rows).toEqual([{ station: '011', seq: '1201' }]);

    a.ledger.append({ type: 'BADGE_VOIDED', actor: 'system:test', subject: 'badge:011-1' });
    expect(syncState(a)).toMatchObject({ localHead: 1_202, lagEvents: 1, pushed: { seq: 1_201 } });
    expect(await asStation(urlA, (client) => pushLedger(a, client))).toMatchObject({ sent: 1, upstreamHead: 1_202 });
    expect(await asStation(urlA, (client) => pushLedger(a, client))).toMatchObject({ sent: 0, upstreamHead: 1_202 });
    expect(syncState(a)).toMatchObject({ lagEvents: 0, lastFailure: undefined });
    a.close();
    b.close();
  });

  it('resumes after upstream crashed mid-push: every event arrives once and in order', async () => {
    const station = stationWith('013', 20_000);
    const url = await stationLogin('013');
    const client = await connectAsStation(url);
    let batches = 0;
    const crashed = pushLedger(station, client, {
      batchSize: 1_000,
      onBatch: () => {
        batches += 1;
        if (batches === 3) void upstream.crash();
      },
    });
    const error = await refusal(crashed);
    await client.end().catch(() => {});
    expect(error.code).toBe('UPSTREAM_UNREACHABLE');
    expect(error.message).toMatch(/keeps working offline/);
    expect(syncState(station).lastFailure).toMatchObject({ what: 'push', code: 'UPSTREAM_UNREACHABLE' });
    const acked = syncState(station).pushed?.seq ?? 0;
    expect(acked).toBeGreaterThanOrEqual(3_000);
    expect(acked).toBeLessThan(20_001);

    await upstream.restart();
    // The admin's connection died with the server.
    admin = await connectUpstream(upstream.adminUrl);
    const resumed = await asStation(url, (c) => pushLedger(station, c, { batchSize: 1_000 }));
    // 20,000 events and the station's own first one (STATION_INITIALISED).
    expect(resumed.upstreamHead).toBe(20_001);
    const held = await upstreamEvents('013');
    expect(held.map((r) => Number(r.seq))).toEqual(Array.from({ length: 20_001 }, (_, i) => i + 1));
    expect(held.map((r) => r.hash.toString('hex'))).toEqual(localHashes(station));
    expect(syncState(station)).toMatchObject({ lagEvents: 0, lastFailure: undefined });
    station.close();
  }, 60_000);

  it('refuses a ledger edited before or after it was pushed, and one cut back behind what upstream holds', async () => {
    const station = stationWith('014', 50);
    const dbPath = join(station.dataDir, 'station.db');
    const url = await stationLogin('014');
    await asStation(url, (client) => pushLedger(station, client));
    const backup = join(tempDir(), 'old-station.db');
    station.close();
    copyFileSync(dbPath, backup);

    // An event not yet pushed, edited with its old hash kept: upstream recomputes it.
    let reopened = openStation(station.dataDir, 'test', { kek: testKek() });
    reopened.ledger.appendMany(Array.from({ length: 10 }, () => ({ type: 'BADGE_CREATED' as const, actor: 'system:test' })));
    reopened.close();
    tamper(dbPath, (db) => db.prepare(`UPDATE ledger_events SET actor = 'user:9' WHERE seq = 55`).run());
    reopened = openStation(station.dataDir, 'test', { kek: testKek() });
    const edited = await refusal(asStation(url, (client) => pushLedger(reopened, client)));
    expect(edited.code).toBe('UPSTREAM_REFUSED');
    expect(edited.message).toMatch(/event 55 does not match its own hash/);
    // Nothing of the refused batch was kept.
    expect(await upstreamEvents('014')).toHaveLength(51);
    reopened.close();

    // An event already pushed, rewritten and re-chained: it no longer is upstream's.
    tamper(dbPath, (db) => {
      db.prepare(`UPDATE ledger_events SET data = '{"n":999}' WHERE seq = 20`).run();
      rechain(db, 20);
    });
    reopened = openStation(station.dataDir, 'test', { kek: testKek() });
    const rewritten = await refusal(asStation(url, (client) => pushLedger(reopened, client)));
    expect(rewritten.code).toBe('UPSTREAM_REFUSED');
    expect(rewritten.message).toMatch(/event 51 is not the one upstream holds/);
    reopened.close();

    // Restored from a copy older than upstream's head.
    copyFileSync(backup, dbPath);
    reopened = openStation(station.dataDir, 'test', { kek: testKek() });
    await asStation(url, (client) => pushLedger(reopened, client)); // the copy is upstream's head: nothing to send
    reopened.close();
    tamper(dbPath, (db) => db.prepare('DELETE FROM ledger_events WHERE seq > 40').run());
    reopened = openStation(station.dataDir, 'test', { kek: testKek() });
    const cut = await refusal(asStation(url, (client) => pushLedger(reopened, client)));
    expect(cut.code).toBe('UPSTREAM_AHEAD');
    expect(cut.details).toEqual({ upstreamHead: 51, localHead: 40 });
    reopened.close();
  }, 30_000);

  it('lets a station’s login call its own functions and nothing else', async () => {
    const url = await stationLogin('015');
    const other = stationWith('016', 5);
    await asStation(await stationLogin('016'), (c) => pushLedger(other, c));
    other.close();

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      for (const statement of [
        `INSERT INTO ${UPSTREAM_SCHEMA}.ledger_events (station, seq, at, type, actor, data, prev_hash, hash) VALUES ('016', 6, 0, 'X', 'x', '{}', '\\x00', '\\x00')`,
        `SELECT * FROM ${UPSTREAM_SCHEMA}.ledger_events`,
        `UPDATE ${UPSTREAM_SCHEMA}.stations SET head_seq = 0`,
        `DELETE FROM ${UPSTREAM_SCHEMA}.ledger_events WHERE station = '016'`,
      ]) {
        await expect(client.query(statement), statement).rejects.toMatchObject({ code: '42501' });
      }
      // Its own head only, whoever it claims to be: the functions take the station from the login.
      const { rows } = await client.query(`SELECT station, head_seq FROM ${UPSTREAM_SCHEMA}.station_head()`);
      expect(rows).toEqual([{ station: '015', head_seq: '0' }]);
    } finally {
      await client.end();
    }
    expect(await upstreamEvents('016')).toHaveLength(6);

    // A station's connection string on another station's data is refused before anything is sent.
    const wrong = stationWith('017', 3);
    const refused = await refusal(asStation(url, (c) => pushLedger(wrong, c)));
    expect(refused.code).toBe('UPSTREAM_NOT_A_STATION');
    expect(refused.message).toMatch(/station 015's upstream, and this is station 017/);
    wrong.close();
  });
});

describe('upstream’s clock', () => {
  it('makes a station whose clock is ten minutes off refuse to sign, until a push finds it right (on the real clock)', async () => {
    const made = stationWith('019', 3);
    const dataDir = made.dataDir;
    made.close();
    const url = await stationLogin('019');
    // The computer's clock ten minutes fast.
    let skewed = openStation(dataDir, 'test', { kek: testKek() }, { clock: () => Date.now() + 10 * 60_000 });
    await asStation(url, (client) => pushLedger(skewed, client));
    expect(() => stationClockGuard(skewed).assertCanSign()).toThrow(/upstream/i);
    expect(() => stationClockGuard(skewed).assertCanSign()).toThrow(expect.objectContaining({ code: 'CLOCK_SKEW' }));
    skewed.close();
    // Put right: it signs again once the next push has seen upstream's time.
    skewed = openStation(dataDir, 'test', { kek: testKek() });
    expect(() => stationClockGuard(skewed).assertCanSign()).toThrow(expect.objectContaining({ code: 'CLOCK_SKEW' }));
    await asStation(url, (client) => pushLedger(skewed, client));
    expect(() => stationClockGuard(skewed).assertCanSign()).not.toThrow();
    skewed.close();
  });
});

describe('reaching upstream', () => {
  it('says plainly when the password is wrong, upstream is unreachable, not set up or newer than this station', async () => {
    const url = new URL(await stationLogin('018'));
    url.password = 'not-the-password';
    const auth = await refusal(connectAsStation(url.toString()));
    expect(auth.code).toBe('UPSTREAM_AUTH');
    expect(auth.message).not.toContain('not-the-password');

    url.port = '1';
    const unreachable = await refusal(connectAsStation(url.toString()));
    expect(unreachable.code).toBe('UPSTREAM_UNREACHABLE');

    await admin.query('CREATE DATABASE empty_event');
    const empty = new URL(upstream.adminUrl);
    empty.pathname = '/empty_event';
    expect((await refusal(connectAsStation(empty.toString()))).code).toBe('UPSTREAM_NOT_INITIALISED');

    await admin.query(`INSERT INTO ${UPSTREAM_SCHEMA}.schema_version (version, name) VALUES ($1, 'from the future')`, [
      UPSTREAM_SCHEMA_VERSION + 1,
    ]);
    try {
      const newer = await refusal(connectAsStation(upstream.adminUrl));
      expect(newer.code).toBe('UPSTREAM_TOO_NEW');
      expect(newer.message).toMatch(/install the newer Badge Station/);
      expect((await refusal(initUpstream(admin))).code).toBe('UPSTREAM_TOO_NEW');
    } finally {
      await admin.query(`DELETE FROM ${UPSTREAM_SCHEMA}.schema_version WHERE version > $1`, [UPSTREAM_SCHEMA_VERSION]);
    }
    // Init again changes nothing.
    expect(await initUpstream(admin)).toEqual({ from: UPSTREAM_SCHEMA_VERSION, to: UPSTREAM_SCHEMA_VERSION });
  });
});

describe('the command line', () => {
  it('sets upstream up, connects a station with its sealed connection string, pushes, and verify then holds the ledger to it (on the real clock)', () => {
    const dir = tempDir('badge-sync-cli-');
    const data = join(dir, 'station');
    const handedOver = join(dir, 'station-021.upstream');
    // A station with no users yet is open to its command line; upstream's commands open none.
    const env = { BADGE_STATION_USER: '', BADGE_STATION_SECRET: '', BADGE_STATION_PASSPHRASE: 'station passphrase 021' };
    const asAdmin = { ...env, BADGE_STATION_UPSTREAM_URL: upstream.adminUrl };

    expect(cli(['upstream', 'init'], asAdmin).stdout).toMatch(/already has schema version 1: nothing changed/);
    const added = cli(['upstream', 'add-station', '21', '--out', handedOver], asAdmin);
    expect(added.stdout).toMatch(/Station 021 added upstream/);
    expect(statSync(handedOver).mode & 0o777).toBe(0o600);
    const stationUrl = readFileSync(handedOver, 'utf8').trim();
    expect(stationUrl).toMatch(/^postgres:\/\/badge_station_021:/);

    expect(cli(['--data', data, 'init', '--station', '21'], env).status).toBe(0);
    const connected = cli(['--data', data, 'sync', 'connect', '--url-file', handedOver], env);
    expect(connected.stdout).toMatch(/Station 021 is connected to upstream \(badge_station_021@127\.0\.0\.1:\d+\/expo\)/);
    // Sealed: the password is nowhere in the station's files in clear.
    const password = new URL(stationUrl).password;
    expect(readFileSync(join(data, 'keys', 'upstream.json'), 'utf8')).not.toContain(password);

    const before = cli(['--data', data, 'sync', 'status'], env);
    expect(before.stdout).toMatch(/upstream acknowledged none yet; \d+ to push/);
    const pushed = cli(['--data', data, '--json', 'sync', 'push'], env).json<{
      result: { sent: number; upstreamHead: number };
    }>();
    expect(pushed.result.sent).toBeGreaterThan(0);
    expect(pushed.result.upstreamHead).toBe(pushed.result.sent);
    const after = cli(['--data', data, 'sync', 'status'], env);
    expect(after.stdout).toMatch(new RegExp(`upstream acknowledged ${pushed.result.upstreamHead} at .*; 0 to push`));
    expect(after.stdout).toMatch(new RegExp(`Upstream holds events up to ${pushed.result.upstreamHead} now`));
    // How often the desk pulls is the event's: four hours unless set, five minutes at least.
    expect(after.stdout).toMatch(/The desk pulls every 240 minutes while it runs/);
    const tooOften = cli(['--data', data, 'sync', 'schedule', '2'], env);
    expect(tooOften.status).toBe(2);
    expect(tooOften.stderr).toMatch(/a whole number from 5 to 1440 \(six times a day is 240\)/);
    expect(cli(['--data', data, 'sync', 'schedule', '120'], env).stdout).toMatch(/pulls from upstream every 120 minutes/);
    expect(cli(['--data', data, 'sync', 'status'], env).stdout).toMatch(/The desk pulls every 120 minutes while it runs/);

    const wrong = cli(['--data', data, 'sync', 'push'], { ...env, BADGE_STATION_PASSPHRASE: 'not the passphrase' });
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toMatch(/passphrase/i);

    // Cut back behind what upstream acknowledged: the station alone now finds it.
    expect(cli(['--data', data, 'ledger', 'verify'], env).status).toBe(0);
    tamper(
      join(data, 'station.db'),
      (db) => db.prepare('DELETE FROM ledger_events WHERE seq = (SELECT max(seq) FROM ledger_events)').run(),
      env.BADGE_STATION_PASSPHRASE,
    );
    const verify = cli(['--data', data, 'ledger', 'verify'], env);
    expect(verify.status).toBe(1);
    expect(verify.stderr).toMatch(/were cut off the end: upstream acknowledged event/);
    const push = cli(['--data', data, 'sync', 'push'], env);
    expect(push.status).toBe(1);
    expect(push.stderr).toMatch(/this station only \d+: its ledger was cut back/);
  }, 60_000);
});
