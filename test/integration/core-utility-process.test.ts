/**
 * The station core as the desktop app runs it: in Electron's utility process, reached
 * through its parent port. Electron cannot run here, so the real core entry
 * (electron/host/core-process.ts) runs in a Node worker thread whose `process.parentPort`
 * speaks as Electron's does (messages as events with `data`) over the worker's real
 * MessagePort, under the same supervisor as browser mode; and the launcher that forks it in
 * the app (electron/main/core-launcher.ts) is driven with Electron's utilityProcess faked.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { hostKey, passphraseKey, stationClockGuard, unlockStation } from '../../electron/core/keys/index.ts';
import { initStation, openDataKey, openStation, sealDataKey } from '../../electron/core/station/index.ts';
import type { CoreMessage } from '../../electron/host/core-process.ts';
import { type CoreLauncher, CoreSupervisor } from '../../electron/host/core-supervisor.ts';
import { type UtilityProcesses, utilityCore } from '../../electron/main/core-launcher.ts';
import { chipStation, STATION_PASSPHRASE } from '../support/chip-station.ts';
import { testKek } from '../support/passphrase.ts';
import { repoRoot } from '../support/paths.ts';
import { tempDir } from '../support/station.ts';

const TSX = pathToFileURL(
  join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs'),
).href;

/** The core entry in a worker thread, given a parent port as Electron's utility process has. */
const workerCore: CoreLauncher = (entry, env) => {
  const worker = new Worker(
    `const { parentPort } = require('node:worker_threads');
    process.parentPort = {
      on: (event, listener) => parentPort.on(event, (data) => listener({ data, ports: [] })),
      postMessage: (message) => parentPort.postMessage(message),
    };
    import(${JSON.stringify(TSX)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(pathToFileURL(entry).href)}); });`,
    { eval: true, env },
  );
  let code: number | null = null;
  worker.once('exit', (exitCode) => {
    code = exitCode;
  });
  return {
    pid: undefined,
    post: (message) => worker.postMessage(message),
    onMessage: (listener) => worker.on('message', listener),
    onceExit: (listener) => worker.once('exit', (exitCode) => listener(exitCode, null)),
    exited: () => code !== null,
    end: () => worker.postMessage({ stop: true }),
    kill: () => void worker.terminate(),
  };
};

describe('the core in a utility process, reached through its parent port', () => {
  it('answers a page through the supervisor, and closes the station cleanly when told to stop', async () => {
    const dataDir = join(tempDir('badge-utility-'), 'station');
    initStation(dataDir, '7', 'system:test', testKek(STATION_PASSPHRASE)).close();
    let exitCode: number | null = null;
    const launch: CoreLauncher = (entry, env) => {
      const child = workerCore(entry, env);
      child.onceExit((code) => {
        exitCode = code;
      });
      return child;
    };
    const core = new CoreSupervisor({ env: { ...process.env, BADGE_STATION_HOME: dataDir }, launch });
    try {
      await core.ready();
      const frames: Record<string, unknown>[] = [];
      const page = core.connect((frame) => frames.push(JSON.parse(frame)));
      // The station's data is sealed: the page opens it with the passphrase first.
      await page.receive(
        JSON.stringify({ kind: 'call', id: 0, method: 'station.open', params: { passphrase: STATION_PASSPHRASE } }),
      );
      await expect
        .poll(() => frames.find((frame) => frame.id === 0), { timeout: 20_000 })
        .toMatchObject({ kind: 'result', result: { station: '007' } });
      await page.receive(JSON.stringify({ kind: 'call', id: 1, method: 'station.status', params: {} }));
      await expect
        .poll(() => frames.find((frame) => frame.id === 1), { timeout: 20_000 })
        .toMatchObject({
          kind: 'result',
          result: { station: '007', locked: expect.any(Boolean) },
        });
      await page.receive(JSON.stringify({ kind: 'call', id: 2, method: 'no.such.method', params: {} }));
      await expect
        .poll(() => frames.find((frame) => frame.id === 2), { timeout: 20_000 })
        .toMatchObject({
          kind: 'error',
          error: { code: 'UNKNOWN_METHOD' },
        });
    } finally {
      await core.stop();
    }
    // Told to stop, it closed the station and ended by itself (exit 0), not killed.
    expect(exitCode).toBe(0);
    // Closed cleanly: the write-ahead log was folded back into the database on close.
    expect(existsSync(join(dataDir, 'station.db-wal'))).toBe(false);
    openStation(dataDir, 'test', { kek: testKek(STATION_PASSPHRASE) }).close();
  }, 60_000);

  it("is handed the keychain's key by main before anything else: a station opened and unlocked before on this computer opens without its passphrase", async () => {
    const setup = await chipStation(1, () => tempDir('badge-utility-key-'));
    const keychainKey = randomBytes(32);
    unlockStation(setup.dataDir, passphraseKey(STATION_PASSPHRASE), stationClockGuard(setup.station), {
      rememberUnder: hostKey(keychainKey),
    });
    // Opened once on this computer: its data key is remembered under the keychain too.
    sealDataKey(setup.dataDir, openDataKey(setup.dataDir, passphraseKey(STATION_PASSPHRASE)), hostKey(keychainKey));
    setup.station.close();
    const env = { ...process.env, BADGE_STATION_HOME: setup.dataDir };
    const lockedAfterStart = async (core: CoreSupervisor): Promise<unknown> => {
      try {
        await core.ready();
        const frames: { id?: number; result?: { locked?: boolean; sealed?: boolean } }[] = [];
        const page = core.connect((frame) => frames.push(JSON.parse(frame)));
        await page.receive(JSON.stringify({ kind: 'call', id: 1, method: 'station.status', params: {} }));
        await expect.poll(() => frames.find((frame) => frame.id === 1), { timeout: 20_000 }).toBeDefined();
        const status = frames.find((frame) => frame.id === 1)?.result;
        return status?.sealed ? 'sealed' : status?.locked;
      } finally {
        await core.stop();
      }
    };
    expect(await lockedAfterStart(new CoreSupervisor({ env, launch: workerCore, hostKey: keychainKey }))).toBe(false);
    // Browser mode's core has no keychain: the station's passphrase is asked before anything.
    expect(await lockedAfterStart(new CoreSupervisor({ env, launch: workerCore }))).toBe('sealed');
  }, 60_000);

  it("the app's launcher forks the core in a utility process with the station's env, carries messages, and asks it to stop before it kills", () => {
    const seen: { forked?: { modulePath: string; args: string[]; options: unknown }; posted: unknown[]; killed: number } = {
      posted: [],
      killed: 0,
    };
    const listeners: { message?: (message: CoreMessage) => void; exit?: (code: number) => void } = {};
    const utilityProcess: UtilityProcesses = {
      fork: (modulePath, args, options) => {
        seen.forked = { modulePath, args, options };
        return {
          pid: 4242,
          postMessage: (message: unknown) => {
            seen.posted.push(message);
          },
          kill: () => {
            seen.killed += 1;
            return true;
          },
          on: (_event: 'message', listener: (message: CoreMessage) => void) => {
            listeners.message = listener;
          },
          once: (_event: 'exit', listener: (code: number) => void) => {
            const earlier = listeners.exit;
            listeners.exit = (code) => {
              earlier?.(code);
              listener(code);
            };
          },
        };
      },
    };
    const child = utilityCore(utilityProcess)(join(repoRoot, 'dist', 'electron', 'core-process.mjs'), {
      BADGE_STATION_HOME: '/data/station',
      UNSET: undefined,
    });
    expect(seen.forked).toEqual({
      modulePath: join(repoRoot, 'dist', 'electron', 'core-process.mjs'),
      args: [],
      options: { env: { BADGE_STATION_HOME: '/data/station' }, serviceName: 'Badge Station core', stdio: 'inherit' },
    });
    expect(child.pid).toBe(4242);
    const received: CoreMessage[] = [];
    child.onMessage((message) => received.push(message));
    listeners.message?.({ ready: true });
    expect(received).toEqual([{ ready: true }]);

    child.post({ conn: 1, data: '{}' });
    child.end();
    expect(seen.posted).toEqual([{ conn: 1, data: '{}' }, { stop: true }]);
    let exit: [number | null, string | null] | undefined;
    child.onceExit((code, signal) => {
      exit = [code, signal];
    });
    listeners.exit?.(0);
    expect(exit).toEqual([0, null]);
    expect(child.exited()).toBe(true);
    // Gone: nothing more is sent to it.
    child.post({ conn: 1, data: '{}' });
    child.end();
    expect(seen.posted).toHaveLength(2);
    child.kill();
    expect(seen.killed).toBe(1);
  });
});
