/**
 * A small demo station (20 holders, four demo printers, the virtual desk encoder) opened
 * the way the desk's core opens it, with the real device wiring, and a page's connection
 * to it through the RPC server.
 */
import { join } from 'node:path';
import { demoPassphraseKey, deskDemoFolder, fillDemoStation } from '../../electron/core/demo/index.ts';
import type { Role } from '../../electron/core/rpc/contract/index.ts';
import { type StationHandlers, stationHandlers } from '../../electron/core/rpc/handlers/index.ts';
import { initStation, type Station } from '../../electron/core/station/index.ts';
import { stationDevices } from '../../electron/devices/index.ts';
import { expoClock } from './clock.ts';
import { signedInConnection } from './desk-session.ts';
import { tempDir } from './station.ts';

export interface DeskFrame {
  kind: string;
  id?: number;
  result?: any;
  error?: { code: string; message: string };
}

export interface DemoDesk {
  dataDir: string;
  call(method: string, params?: unknown): Promise<DeskFrame>;
  /** Waits for the desk's print run, if any, to end. */
  settled(): Promise<void>;
  close(): void;
}

/**
 * `before`: work on the station (printing a card, say) before the desk's core opens it.
 * `as`: who is signed in at the page (a demo user of that role).
 */
export async function demoDesk(
  prefix = 'badge-desk-devices-',
  before?: (station: Station) => Promise<void>,
  as: Role = 'admin',
): Promise<DemoDesk> {
  const dataDir = join(tempDir(prefix), 'station');
  const clock = expoClock();
  // Sealed under the demo's passphrase, which its demo folder keeps: the desk opens it unasked.
  const station = initStation(dataDir, '007', 'system:test', demoPassphraseKey(), { clock });
  try {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(deskDemoFolder(dataDir), { recursive: true });
    await fillDemoStation({
      station,
      folder: deskDemoFolder(dataDir),
      holders: 20,
      printers: 4,
      paceMs: 0,
      actor: 'system:test',
    });
    await before?.(station);
  } finally {
    station.close();
  }
  return connect(dataDir, stationHandlers(dataDir, { clock, devices: stationDevices }), as);
}

async function connect(dataDir: string, open: StationHandlers, as: Role): Promise<DemoDesk> {
  const frames: DeskFrame[] = [];
  const connection = await signedInConnection(open, (text) => frames.push(JSON.parse(text) as DeskFrame), as);
  let next = 1;
  return {
    dataDir,
    async call(method, params = {}) {
      const id = next++;
      await connection.receive(JSON.stringify({ kind: 'call', id, method, params }));
      const answer = frames.find((frame) => frame.id === id);
      if (!answer) throw new Error(`no answer to ${method}`);
      return answer;
    },
    settled: () => open.printing.settled(),
    close: () => open.close(),
  };
}
