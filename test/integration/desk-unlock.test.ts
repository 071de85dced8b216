/**
 * A real (non-demo) station's key at the desk: printing refused while the station is locked,
 * a wrong passphrase refused and the station still locked, the right one unlocking it so a
 * print run issues cards, Lock locking it again; and the passphrase never written anywhere
 * in the data folder.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addStationPrinter } from '../../electron/core/jobs/index.ts';
import { hostKey, KEY_FILES, keysDir, passphraseKey } from '../../electron/core/keys/index.ts';
import { type StationHandlers, stationHandlers } from '../../electron/core/rpc/handlers/index.ts';
import { saveUpstreamUrl } from '../../electron/core/upstream/index.ts';
import { stationDevices } from '../../electron/devices/index.ts';
import { chipStation, STATION_PASSPHRASE } from '../support/chip-station.ts';
import { expoClock } from '../support/clock.ts';
import { signedInConnection } from '../support/desk-session.ts';
import { tempDir } from '../support/station.ts';

type Frame = { kind: string; id?: number; result?: any; error?: { code: string; message: string } };

let open: StationHandlers | undefined;
afterEach(async () => {
  await open?.printing.close();
  open?.close();
  open = undefined;
});

/** An enrolled station with a known passphrase, badges for its holders and one demo printer (no encoder). */
async function realStation(): Promise<{ dataDir: string; serials: string[] }> {
  const setup = await chipStation(4, () => tempDir('badge-desk-unlock-'));
  addStationPrinter(
    setup.station,
    { name: 'Counter-1', driver: 'demo', target: join('demo-printers', 'Counter-1'), server: null, encoder: null, paceMs: 5 },
    setup.station.clock(),
  );
  setup.station.close();
  return { dataDir: setup.dataDir, serials: setup.serials };
}

/** A supervisor's page on the desk's core (the station's key is theirs to unlock). */
async function desk(dataDir: string) {
  open = stationHandlers(dataDir, { clock: expoClock(), devices: stationDevices, sync: { lookEveryMs: 50, random: () => 0 } });
  const frames: Frame[] = [];
  const connection = await signedInConnection(open, (text) => frames.push(JSON.parse(text) as Frame), 'supervisor');
  let next = 1;
  const call = async (method: string, params: unknown = {}): Promise<Frame> => {
    const id = next++;
    await connection.receive(JSON.stringify({ kind: 'call', id, method, params }));
    const answer = frames.find((frame) => frame.id === id);
    if (!answer) throw new Error(`no answer to ${method}`);
    return answer;
  };
  return { call, handlers: open };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

const LOCKED_MESSAGE =
  "The station is locked: a supervisor unlocks it with the station's passphrase (Unlock, at the top of the page).";

describe('station.unlock and station.lock on a real station', () => {
  it('refuses printing while locked, a wrong passphrase keeps it locked, the right one lets a run issue cards, Lock locks it again', async () => {
    const { dataDir, serials } = await realStation();
    const page = await desk(dataDir);
    expect((await page.call('station.status')).result).toMatchObject({ initialised: true, locked: true });

    const batch = (await page.call('print.batch', { from: { kind: 'list', text: serials.slice(0, 2).join('\n') } })).result;
    expect(batch).toMatchObject({ made: true, cards: 2 });
    const refused = await page.call('print.start', { job: batch.job, printers: ['Counter-1'] });
    expect(refused.error).toEqual({ code: 'STATION_LOCKED', message: LOCKED_MESSAGE });

    const wrong = await page.call('station.unlock', { passphrase: 'not the station passphrase' });
    expect(wrong.error?.code).toBe('KEY_PASSPHRASE_WRONG');
    expect(wrong.error?.message).toMatch(/not the station's passphrase/);
    expect((await page.call('station.status')).result.locked).toBe(true);
    expect((await page.call('print.start', { job: batch.job, printers: ['Counter-1'] })).error?.code).toBe('STATION_LOCKED');

    expect((await page.call('station.unlock', { passphrase: STATION_PASSPHRASE })).result).toEqual({ locked: false });
    expect((await page.call('station.status')).result.locked).toBe(false);
    expect((await page.call('print.start', { job: batch.job, printers: ['Counter-1'] })).result).toMatchObject({
      job: batch.job,
      status: 'printing',
    });
    await page.handlers.printing.settled();
    const jobs = (await page.call('print.jobs', { limit: 5 })).result.jobs as { job: number; issued: number; status: string }[];
    expect(jobs.find((job) => job.job === batch.job)).toMatchObject({ status: 'done', issued: 2 });

    expect((await page.call('station.lock')).result).toEqual({ locked: true });
    expect((await page.call('station.status')).result.locked).toBe(true);
    const second = (await page.call('print.batch', { from: { kind: 'list', text: serials.slice(2).join('\n') } })).result;
    expect(second).toMatchObject({ made: true, cards: 2 });
    expect((await page.call('print.start', { job: second.job, printers: ['Counter-1'] })).error).toEqual({
      code: 'STATION_LOCKED',
      message: LOCKED_MESSAGE,
    });

    await open?.printing.close();
    open?.close();
    open = undefined;
    for (const file of filesUnder(dataDir)) {
      const text = readFileSync(file).toString('latin1');
      expect(text.includes(STATION_PASSPHRASE), file).toBe(false);
    }
  }, 60_000);

  it("in the desktop app, an unlock is remembered under the keychain's key: the next start needs no passphrase, until Lock", async () => {
    const { dataDir, serials } = await realStation();
    const keychainKey = randomBytes(32);
    const first = await desk(dataDir);
    first.handlers.receiveHostKey(hostKey(keychainKey));
    expect((await first.call('station.status')).result.locked).toBe(true);
    expect((await first.call('station.unlock', { passphrase: STATION_PASSPHRASE })).result).toEqual({ locked: false });
    const remembered = join(keysDir(dataDir), KEY_FILES.remembered);
    expect(existsSync(remembered)).toBe(true);
    open?.close();

    // The next start of the core, handed the same key by main: unlocked, and it prints.
    const next = await desk(dataDir);
    next.handlers.receiveHostKey(hostKey(keychainKey));
    expect((await next.call('station.status')).result.locked).toBe(false);
    const batch = (await next.call('print.batch', { from: { kind: 'list', text: serials[0] } })).result;
    expect((await next.call('print.start', { job: batch.job, printers: ['Counter-1'] })).result).toMatchObject({
      status: 'printing',
    });
    await next.handlers.printing.settled();
    await open?.printing.close();
    open?.close();

    // Browser mode (no keychain key) and another computer's keychain: still locked. The copy
    // another key cannot open is removed, so a stale one never stands in for the passphrase.
    const browser = await desk(dataDir);
    expect((await browser.call('station.status')).result.locked).toBe(true);
    open?.close();
    const other = await desk(dataDir);
    other.handlers.receiveHostKey(hostKey(randomBytes(32)));
    expect((await other.call('station.status')).result.locked).toBe(true);
    expect(existsSync(remembered)).toBe(false);
    open?.close();

    // Lock forgets the remembered copy: the passphrase is needed again at the next start.
    const again = await desk(dataDir);
    again.handlers.receiveHostKey(hostKey(keychainKey));
    await again.call('station.unlock', { passphrase: STATION_PASSPHRASE });
    expect(existsSync(remembered)).toBe(true);
    expect((await again.call('station.lock')).result).toEqual({ locked: true });
    expect(existsSync(remembered)).toBe(false);
    open?.close();
    const afterLock = await desk(dataDir);
    afterLock.handlers.receiveHostKey(hostKey(keychainKey));
    expect((await afterLock.call('station.status')).result.locked).toBe(true);
  }, 60_000);

  it("opens the station's upstream login with the key that unlocked it, remembered under the keychain's key like it, until Lock", async () => {
    const { dataDir } = await realStation();
    // Connected as `sync connect` leaves it: sealed under the passphrase. Nothing listens
    // at that address, so each try fails as an unreachable upstream does.
    saveUpstreamUrl(dataDir, 'postgres://badge_station_007:upstream-secret@127.0.0.1:9/expo', passphraseKey(STATION_PASSPHRASE));
    const keychainCopy = join(keysDir(dataDir), 'upstream.keychain.json');
    const keychainKey = randomBytes(32);
    const state = async (page: Awaited<ReturnType<typeof desk>>) => (await page.call('sync.state')).result;
    const until = async (page: Awaited<ReturnType<typeof desk>>, done: (s: any) => boolean) => {
      for (let i = 0; i < 200; i += 1) {
        const now = await state(page);
        if (done(now)) return now;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      throw new Error(`sync never got there: ${JSON.stringify(await state(page))}`);
    };

    const first = await desk(dataDir);
    first.handlers.receiveHostKey(hostKey(keychainKey));
    // Locked: sync waits, and that is no failure of upstream's.
    const locked = await until(first, (s) => s.activity === 'locked');
    expect(locked.lastFailure).toBeUndefined();
    await first.call('station.unlock', { passphrase: STATION_PASSPHRASE });
    const tried = await until(first, (s) => s.activity === 'waiting');
    expect(tried.lastFailure).toMatchObject({ code: 'UPSTREAM_UNREACHABLE' });
    expect(existsSync(keychainCopy)).toBe(true);
    expect(readFileSync(keychainCopy, 'utf8')).not.toContain('upstream-secret');
    await open?.sync.stop();
    open?.close();

    // The next start, handed the same key by main: sync goes on without the passphrase.
    const next = await desk(dataDir);
    next.handlers.receiveHostKey(hostKey(keychainKey));
    await until(next, (s) => s.activity === 'waiting');
    // Lock: the copy is gone, and sync waits for the passphrase again.
    await next.call('station.lock');
    expect(existsSync(keychainCopy)).toBe(false);
    await open?.sync.stop();
    open?.close();
    const afterLock = await desk(dataDir);
    afterLock.handlers.receiveHostKey(hostKey(keychainKey));
    await until(afterLock, (s) => s.activity === 'locked');
  }, 60_000);
});
