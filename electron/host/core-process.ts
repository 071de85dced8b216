/**
 * The station core in a process of its own (browser mode: a child of `npm start`; later the
 * desktop app's utility process): the RPC server on the station in BADGE_STATION_HOME (or
 * the app-data folder), talking to its host over the IPC channel. One message each way:
 * `{ conn, data }` for a page connection's frames, `{ conn, closed: true }` when it went.
 */
import { existsSync } from 'node:fs';
import { openLog } from '../core/log/index.ts';
import { resolveDataDir } from '../core/paths.ts';
import { stationHandlers } from '../core/rpc/handlers/index.ts';
import { type RpcConnection, RpcServer } from '../core/rpc/server.ts';
import { stationDevices } from '../devices/index.ts';

export type HostMessage = { conn: number; data: string } | { conn: number; closed: true };
export type CoreMessage = { conn: number; data: string } | { ready: true };

if (!process.send) throw new Error('core-process runs as a child process with an IPC channel');
const toHost = (message: CoreMessage) => process.send?.(message);

const dataDir = resolveDataDir();
const station = stationHandlers(dataDir, { devices: stationDevices });
// What the desk is told is in the log must be there: the station's log, when its folder exists.
const log = existsSync(dataDir) ? await openLog(dataDir) : undefined;
const server = new RpcServer(station.handlers, log ? { log } : {});
const connections = new Map<number, RpcConnection>();

process.on('message', (message: HostMessage) => {
  let connection = connections.get(message.conn);
  if ('closed' in message) {
    connection?.close();
    connections.delete(message.conn);
    return;
  }
  if (!connection) {
    connection = server.connect((data) => toHost({ conn: message.conn, data }));
    connections.set(message.conn, connection);
  }
  void connection.receive(message.data);
});
// The host went away: so does the core, closing the station cleanly.
process.on('disconnect', () => {
  station.close();
  process.exit(0);
});
toHost({ ready: true });
