/**
 * A small demo station (20 holders, four demo printers, the virtual desk encoder) opened
 * the way the desk's core opens it, with the real device wiring, and a page's connection
 * to it through the RPC server.
 */
import { join } from 'node:path';
import { deskDemoFolder, fillDemoStation } from '../../electron/core/demo/index.ts';
import { type StationHandlers, stationHandlers } from '../../electron/core/rpc/handlers/index.ts';
import { RpcServer } from '../../electron/core/rpc/server.ts';
import { initStation, type Station } from '../../electron/core/station/index.ts';
import { stationDevices } from '../../electron/devices/index.ts';
import { expoClock } from './clock.ts';
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

/** `before`: work on the station (printing a card, say) before the desk's core opens it. */
export async function demoDesk(prefix = 'badge-desk-devices-', before?: (station: Station) => Promise<void>): Promise<DemoDesk> {
  const dataDir = join(tempDir(prefix), 'station');
  const clock = expoClock();
  const station = initStation(dataDir, '007', 'system:test', { clock });
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
  return connect(dataDir, stationHandlers(dataDir, { clock, devices: stationDevices }));
}

function connect(dataDir: string, open: StationHandlers): DemoDesk {
  const server = new RpcServer(open.handlers);
  const frames: DeskFrame[] = [];
  const connection = server.connect((text) => frames.push(JSON.parse(text) as DeskFrame));
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
