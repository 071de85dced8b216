/**
 * The desk's first run over the RPC server: a station of its own number (bad numbers
 * refused with the core's words, a second station refused), or demo data in one call,
 * told as it goes, with everyone else told the station is busy meanwhile.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { demoPassphraseKey, demoStationKey, deskDemoFolder } from '../../electron/core/demo/index.ts';
import { stationPrinters } from '../../electron/core/jobs/index.ts';
import { stationClockGuard, unlockStation } from '../../electron/core/keys/index.ts';
import { type StationHandlers, stationHandlers } from '../../electron/core/rpc/handlers/index.ts';
import { RpcServer } from '../../electron/core/rpc/server.ts';
import { openStation } from '../../electron/core/station/index.ts';
import { expoClock } from '../support/clock.ts';
import { TEST_PASSPHRASE } from '../support/passphrase.ts';
import { tempDir } from '../support/station.ts';

type Frame = {
  kind: string;
  id?: number;
  result?: Record<string, unknown>;
  error?: { code: string; message: string };
  topic?: string;
  data?: Record<string, unknown>;
};

let open: StationHandlers | undefined;
afterEach(() => {
  open?.close();
  open = undefined;
});

/** A page's connection to a core on a fresh, empty data folder. */
function desk(dataDir = join(tempDir('badge-desk-setup-'), 'station')) {
  open = stationHandlers(dataDir, { clock: expoClock() });
  const server = new RpcServer(open.handlers, { gate: open.gate });
  const frames: Frame[] = [];
  const connection = server.connect((text) => frames.push(JSON.parse(text) as Frame));
  let next = 1;
  const call = async (method: string, params: unknown = {}): Promise<Frame> => {
    const id = next++;
    await connection.receive(JSON.stringify({ kind: 'call', id, method, params }));
    const answer = frames.find((frame) => frame.id === id);
    if (!answer) throw new Error(`no answer to ${method}`);
    return answer;
  };
  return { dataDir, frames, connection, call };
}

describe('station.create on the first run', () => {
  it.each([['0'], [1000], ['abc']])('refuses %j as a station number with the core’s words and makes nothing', async (number) => {
    const page = desk();
    const refused = await page.call('station.create', { number, passphrase: TEST_PASSPHRASE });
    expect(refused.error?.code).toBe('STATION_NUMBER_INVALID');
    expect(refused.error?.message).toMatch(/is not a station number: use the number from the station's enrolment, 001 to 999/);
    expect((await page.call('station.status')).result).toMatchObject({ initialised: false });
  });

  it('makes the station with its number once, and refuses a second station or demo data on it', async () => {
    const page = desk();
    expect((await page.call('station.create', { number: '12', passphrase: TEST_PASSPHRASE })).result).toEqual({ station: '012' });
    expect((await page.call('station.status')).result).toMatchObject({ initialised: true, station: '012', holders: 0 });
    const again = await page.call('station.create', { number: '13', passphrase: TEST_PASSPHRASE });
    expect(again.error).toEqual({
      code: 'STATION_EXISTS',
      message: expect.stringMatching(/is already station 012; nothing was changed/),
    });
    expect((await page.call('station.demo')).error?.code).toBe('STATION_EXISTS');
  });

  it('refuses a passphrase under 10 characters and makes nothing; the one given opens the station from then on', async () => {
    const page = desk();
    const short = await page.call('station.create', { number: '12', passphrase: 'too short' });
    expect(short.error?.code).toBe('BAD_PARAMS');
    expect((await page.call('station.status')).result).toMatchObject({ initialised: false });
    expect((await page.call('station.create', { number: '12', passphrase: TEST_PASSPHRASE })).result).toEqual({ station: '012' });
    open?.close();
    const again = desk(page.dataDir);
    expect((await again.call('station.status')).result).toMatchObject({ sealed: true });
    expect((await again.call('station.open', { passphrase: TEST_PASSPHRASE })).result).toEqual({ station: '012' });
  });
});

describe('station.demo on the first run', () => {
  it('leaves no half station when it fails part way: the data folder is as it was, and the first run is offered again', async () => {
    const dataDir = join(tempDir('badge-desk-setup-'), 'station');
    mkdirSync(dataDir);
    writeFileSync(join(dataDir, 'notes.txt'), 'the operator’s own\n');
    // A file where the demo keeps its own things: it cannot make its folder.
    writeFileSync(join(dataDir, 'demo'), '');
    const page = desk(dataDir);
    expect((await page.call('station.demo')).error?.code).toBe('INTERNAL');
    expect(readdirSync(dataDir).sort()).toEqual(['demo', 'notes.txt']);
    expect((await page.call('station.status')).result).toMatchObject({ initialised: false });
    expect((await page.call('station.create', { number: '7', passphrase: TEST_PASSPHRASE })).result).toEqual({ station: '007' });
  });

  it('makes station 007 with 1,000 holders with photos, a badge each and four demo printers, told as it goes', async () => {
    const page = desk();
    await page.connection.receive(JSON.stringify({ kind: 'subscribe', topic: 'setup.progress' }));
    const demo = page.call('station.demo');
    // Anyone else meanwhile: the station is busy, not half there.
    await expect.poll(() => page.frames.some((frame) => frame.data?.step === 'importing'), { timeout: 20_000 }).toBe(true);
    const meanwhile = await page.call('station.status');
    expect(meanwhile.error?.code).toBe('STATION_BUSY');
    expect(meanwhile.error?.message).toMatch(/being set up with demo data/);
    expect((await page.call('station.demo')).error?.code).toBe('STATION_EXISTS');

    const done = await demo;
    expect(done.error).toBeUndefined();
    expect(done.result).toEqual({
      station: '007',
      holders: 1000,
      badges: 1000,
      printers: ['Demo-1', 'Demo-2', 'Demo-3', 'Demo-4'],
    });
    const progress = page.frames.filter((frame) => frame.topic === 'setup.progress').map((frame) => frame.data);
    const shares = progress.map((data) => data?.share as number);
    expect(shares).toEqual([...shares].sort((a, b) => a - b));
    expect(progress.map((data) => data?.step)).toEqual(expect.arrayContaining(['keys', 'importing', 'badges', 'printers']));
    expect(progress.at(-1)).toEqual({ step: 'done', share: 1 });
    expect((await page.call('station.status')).result).toMatchObject({ initialised: true, station: '007', holders: 1000 });
    expect((await page.call('station.demo')).error?.code).toBe('STATION_EXISTS');
    open?.close();
    open = undefined;

    const station = openStation(page.dataDir, 'test', { kek: demoPassphraseKey() }, { clock: expoClock() });
    try {
      const printers = stationPrinters(station);
      expect(printers.map(({ name, driver, encoder }) => ({ name, driver, encoder }))).toEqual([
        { name: 'Demo-1', driver: 'demo', encoder: 'demo:bad-every=25' },
        { name: 'Demo-2', driver: 'demo', encoder: null },
        { name: 'Demo-3', driver: 'demo', encoder: null },
        { name: 'Demo-4', driver: 'demo', encoder: null },
      ]);
      const photos = station.db.statement('SELECT count(*) AS n FROM holders WHERE photo IS NOT NULL').get() as { n: number };
      expect(photos.n).toBe(1000);
      // The desk can sign for it later without asking anyone: the demo's passphrase is kept for it.
      const key = demoStationKey(deskDemoFolder(page.dataDir));
      expect(key).toBeDefined();
      const keyring = unlockStation(page.dataDir, key as NonNullable<typeof key>, stationClockGuard(station));
      expect(keyring.station).toBe('007');
    } finally {
      station.close();
    }
  }, 60_000);
});
