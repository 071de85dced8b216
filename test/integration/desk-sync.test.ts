/**
 * The desk syncing by itself against a real PostgreSQL: connected from the page (its
 * administrator, with the station's passphrase), it claims its runs' holders upstream
 * (holding the cards of holders another station prints), pushes the ledger as a run
 * appends to it, says where it stands, prints offline with a warning and backs off while
 * upstream is down, and catches up once it is back, every event once and in order; then
 * lists for a supervisor the holder it and another station both issued.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../electron/core/clock.ts';
import { demoPassphraseKey, deskDemoFolder, fillDemoStation } from '../../electron/core/demo/index.ts';
import { passphraseKey } from '../../electron/core/keys/index.ts';
import { type StationHandlers, stationHandlers } from '../../electron/core/rpc/handlers/index.ts';
import { initStation } from '../../electron/core/station/index.ts';
import {
  addUpstreamStation,
  connectAsStation,
  pushLedger,
  Syncer,
  saveUpstreamUrl,
  UPSTREAM_SCHEMA,
} from '../../electron/core/upstream/index.ts';
import { stationDevices } from '../../electron/devices/index.ts';
import { signedInConnection } from '../support/desk-session.ts';
import { newStation, tempDir } from '../support/station.ts';
import { upstreamForTheseTests } from '../support/upstream.ts';

type Any = any;

const upstream = upstreamForTheseTests();
let open: StationHandlers | undefined;

afterEach(async () => {
  await open?.printing.close();
  await open?.sync.stop();
  open?.close();
  open = undefined;
});

async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > end) throw new Error(`waited ${ms} ms for ${what}; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function upstreamSeqs(station: string): Promise<number[]> {
  const { rows } = await upstream.admin.query<{ seq: string }>(
    `SELECT seq FROM ${UPSTREAM_SCHEMA}.ledger_events WHERE station = $1 ORDER BY seq`,
    [station],
  );
  return rows.map((row) => Number(row.seq));
}

describe('the desk’s sync', () => {
  it('is connected from the page, claims its run’s holders, pushes as the run prints, prints offline with a warning and backs off while upstream is down, then catches up (on the real clock: upstream’s, which the station’s must match to sign)', async () => {
    const dataDir = join(tempDir('badge-desk-sync-'), 'station');
    const station = initStation(dataDir, '31', 'system:test', demoPassphraseKey(), { clock: systemClock });
    const folder = deskDemoFolder(dataDir);
    mkdirSync(folder, { recursive: true });
    await fillDemoStation({ station, folder, actor: 'system:test', holders: 12, printers: 1, paceMs: 5 });
    station.close();
    const login = (await addUpstreamStation(upstream.admin, '031', upstream.pg.adminUrl)).url;

    open = stationHandlers(dataDir, {
      clock: systemClock,
      devices: stationDevices,
      // Looks often and waits the longest of each back-off (no randomness in a test).
      sync: { lookEveryMs: 50, random: () => 1 },
    });
    const frames: Any[] = [];
    const connection = await signedInConnection(open, (text) => frames.push(JSON.parse(text)), 'admin');
    let next = 1;
    const call = async (method: string, params: unknown = {}): Promise<Any> => {
      const id = next++;
      await connection.receive(JSON.stringify({ kind: 'call', id, method, params }));
      return frames.find((frame) => frame.id === id);
    };
    const result = async (method: string, params: unknown = {}): Promise<Any> => {
      const answer = await call(method, params);
      if (answer.error) throw new Error(`${method}: ${answer.error.code} ${answer.error.message}`);
      return answer.result;
    };
    const state = () => result('sync.state');

    expect(await state()).toEqual({ activity: 'off' });
    expect((await call('sync.now')).error.code).toBe('UPSTREAM_NOT_CONNECTED');
    // Bad input: not a connection string; a wrong passphrase; nothing is kept either way.
    expect((await call('sync.connect', { url: 'https://example.org', passphrase: 'x' })).error.code).toBe('BAD_PARAMS');
    expect((await call('sync.connect', { url: login, passphrase: 'not the passphrase at all' })).error.code).toBe(
      'KEY_PASSPHRASE_WRONG',
    );
    expect(await state()).toEqual({ activity: 'off' });

    const passphrase = readFileSync(join(folder, 'demo-passphrase.txt'), 'utf8').trim();
    const connected = await result('sync.connect', { url: login, passphrase });
    expect(connected).toEqual({ place: expect.stringContaining('badge_station_031@127.0.0.1'), upstreamHead: 0 });
    // The login is sealed, never in clear: the password is nowhere in the station's folder's key files.
    const password = new URL(login).password;
    expect(readFileSync(join(dataDir, 'keys', 'upstream.json'), 'utf8')).not.toContain(password);

    // By itself: everything the station holds goes up, and the first pull is done.
    const caughtUp = await until(
      'the first push and pull',
      state,
      (s) => s.lagEvents === 0 && s.pulled !== undefined && s.activity === 'idle',
    );
    expect(caughtUp).toMatchObject({ place: connected.place, lagMs: 0, pushed: { seq: caughtUp.localHead } });
    // The next pull is the event's schedule away: four hours unless `sync schedule` set it.
    expect(caughtUp.pullAt - caughtUp.pulled.at).toBe(4 * 3_600_000);
    expect(await upstreamSeqs('031')).toEqual(Array.from({ length: caughtUp.localHead }, (_, i) => i + 1));

    // Another station is printing three of these holders: the desk's run claims the rest
    // upstream, holds those three's cards and says why.
    const holders = (await result('roster.page', { offset: 0, limit: 50 })).rows.map((row: Any) => row.id) as string[];
    const theirs = holders.slice(0, 3);
    await upstream.admin.query(
      `INSERT INTO ${UPSTREAM_SCHEMA}.holder_leases (holder_id, station, job, expires_at)
       SELECT h, '099', '5', now() + interval '30 minutes' FROM unnest($1::text[]) AS h`,
      [theirs],
    );
    const batch = await result('print.batch', { from: { kind: 'filters', status: 'unprinted' } });
    await result('print.start', { job: batch.job, printers: ['Demo-1'] });
    await open.printing.settled();
    const [ran] = (await result('print.jobs')).jobs;
    expect(ran).toMatchObject({ job: batch.job, issued: holders.length - 3, held: 3, notice: { code: 'UPSTREAM_HELD' } });
    expect(ran.notice.message).toMatch(/3 cards held, their holders printed by another station \(099\)/);
    const leased = await upstream.admin.query<{ station: string }>(`SELECT station FROM ${UPSTREAM_SCHEMA}.holder_leases`);
    expect(leased.rows.filter((row) => row.station === '031')).toHaveLength(holders.length - 3);
    // Its events follow it up without anyone asking.
    const afterRun = await until(
      'the run’s events upstream',
      state,
      (s) => s.lagEvents === 0 && s.localHead > caughtUp.localHead,
    );
    expect(await upstreamSeqs('031')).toHaveLength(afterRun.localHead);

    // Upstream goes down: the desk keeps working, says so, and waits before trying again.
    await upstream.pg.stop();
    // The supervisor released the held three (the other station's run was called off): the
    // run prints them without claiming, and says so.
    expect((await result('print.release', { job: batch.job })).released).toBe(3);
    await result('print.start', { job: batch.job, printers: ['Demo-1'] });
    await open.printing.settled();
    const [offline] = (await result('print.jobs')).jobs;
    expect(offline).toMatchObject({ issued: holders.length, held: 0, notice: { code: 'UPSTREAM_NOT_CLAIMED' } });
    expect(offline.notice.message).toMatch(/Upstream cannot be reached .* Printing without claiming the holders upstream/);
    // A new operator is added meanwhile too: every event waits for upstream.
    await result('users.add', { name: 'wang.fang', role: 'operator', secret: 'counter-7-secret' });
    const down = await until('the failure', state, (s) => s.activity === 'waiting' && s.lagEvents > 0);
    expect(down.lastFailure).toMatchObject({ what: 'push', code: 'UPSTREAM_UNREACHABLE' });
    expect(down.lastFailure.message).toMatch(/not answering|reach/i);
    expect(down.retryAt).toBeGreaterThan(0);
    expect(down.lagMs).toBeGreaterThanOrEqual(0);

    // Back: Sync now does not wait out the back-off; every event arrives once, in order.
    await upstream.pg.restart();
    await upstream.reconnectAdmin();
    expect(await result('sync.now')).toEqual({});
    const back = await state();
    expect(back).toMatchObject({ activity: 'idle', lagEvents: 0 });
    expect(back.lastFailure).toBeUndefined();
    expect(await upstreamSeqs('031')).toEqual(Array.from({ length: back.localHead }, (_, i) => i + 1));

    // Station 099 had in fact issued the first of the three it held (its run ended after
    // ours printed offline): once it has pushed, a supervisor sees that holder issued twice.
    expect(await result('sync.conflicts')).toEqual({ conflicts: [] });
    const other = newStation('099');
    other.ledger.append({
      type: 'BADGE_CREATED',
      actor: 'system:test',
      subject: 'badge:V-099-0000001-1',
      data: { serial: 'V-099-0000001-1', holder: theirs[0] as string },
    });
    other.ledger.append({
      type: 'BADGE_ISSUED',
      actor: 'system:test',
      subject: 'badge:V-099-0000001-1',
      data: { serial: 'V-099-0000001-1', job: 5, chip: null },
    });
    const otherClient = await connectAsStation((await addUpstreamStation(upstream.admin, '099', upstream.pg.adminUrl)).url);
    await pushLedger(other, otherClient);
    await otherClient.end();
    other.close();
    const { conflicts } = await result('sync.conflicts');
    expect(conflicts).toEqual([
      {
        holderId: theirs[0],
        name: expect.any(String),
        issues: [
          { station: '031', serial: expect.stringMatching(/^[A-Z]-031-/), at: expect.any(Number) },
          { station: '099', serial: 'V-099-0000001-1', at: expect.any(Number) },
        ],
      },
    ]);
    expect(conflicts[0].name.length).toBeGreaterThan(0);
  }, 120_000);

  it('pulls the roster only while nothing prints: a due pull waits for the run, and rows fetched as a run starts are left for the next pull', async () => {
    const login = (await addUpstreamStation(upstream.admin, '032', upstream.pg.adminUrl)).url;
    await upstream.admin.query(
      `INSERT INTO ${UPSTREAM_SCHEMA}.holders (holder_id, name, latin_name, organisation, country, doc_type, doc_number, type, zones)
       VALUES ('P-0001', '李娜', 'LI NA', '上海进出口有限公司', '中国', '身份证', '310101198001010001', '观展证', '')`,
    );
    const station = newStation('032');
    saveUpstreamUrl(station.dataDir, login, passphraseKey('passphrase of station 032'));
    let printing = true;
    let startsDuringPull = false;
    const syncer = new Syncer(
      {
        dataDir: station.dataDir,
        station: () => station,
        url: () => login,
        printing: () => {
          // A run that starts while the pull is on its way: seen right before the rows are applied.
          if (startsDuringPull) printing = true;
          return printing;
        },
      },
      { lookEveryMs: 60_000 },
    );
    const holders = () => station.db.statement('SELECT count(*) FROM holders').pluck().get();
    try {
      await syncer.now();
      expect(syncer.state()).toMatchObject({ activity: 'idle', pullWaits: 'printing', lagEvents: 0 });
      expect(holders()).toBe(0);

      printing = false;
      startsDuringPull = true;
      await syncer.now();
      expect(holders()).toBe(0);
      expect(syncer.state().lastFailure).toBeUndefined();
      expect(syncer.state().pulled).toBeUndefined();

      printing = false;
      startsDuringPull = false;
      await syncer.now();
      expect(holders()).toBe(1);
      expect(syncer.state()).toMatchObject({ activity: 'idle', pulled: { added: 1, refused: 0 } });
      expect(syncer.state().pullWaits).toBeUndefined();
    } finally {
      await syncer.stop();
      station.close();
    }
  }, 60_000);
});
