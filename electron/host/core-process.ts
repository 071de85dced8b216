/**
 * The station core in a process of its own (browser mode: a child of `npm start`; the
 * desktop app: Electron's utility process): the RPC server on the station in
 * BADGE_STATION_HOME (or the app-data folder), talking to its host. One message each way:
 * `{ conn, data }` for a page connection's frames, `{ conn, closed: true }` when it went;
 * `{ stop: true }` from the host, or the host going away, closes the station and ends the core.
 * The desktop app's main process also sends `{ hostKey }` before anything else: the key it
 * unwrapped with the system keychain, which stays in this process's memory. And the core
 * tells its host `{ dataKey }` once a page opened the station with its passphrase: the host
 * keeps it in memory and hands it to the core it starts after a crash (`{ dataKey }` first
 * thing), so the station opens again without asking anyone.
 */
import { existsSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';
import { hostKey } from '../core/keys/index.ts';
import { openLog } from '../core/log/index.ts';
import { resolveDataDir } from '../core/paths.ts';
import { stationHandlers } from '../core/rpc/handlers/index.ts';
import { type RpcConnection, RpcServer } from '../core/rpc/server.ts';
import { stationDevices, watchDeskEncoders } from '../devices/index.ts';

export type HostMessage =
  | { conn: number; data: string }
  | { conn: number; closed: true }
  | { stop: true }
  /** The desktop app's key-encryption key (32 bytes, base64), first thing after start. */
  | { hostKey: string }
  /** The station's data key (32 bytes, base64), kept from a core before this one. */
  | { dataKey: string };
export type CoreMessage = { conn: number; data: string } | { ready: true } | { dataKey: string };

/** Electron's utility process: the parent's port, whose messages arrive as events with `data`. */
export interface ParentPort {
  on(event: 'message', listener: (event: { data: HostMessage }) => void): unknown;
  postMessage(message: CoreMessage): void;
}

interface HostChannel {
  send(message: CoreMessage): void;
  onMessage(listener: (message: HostMessage) => void): void;
  /** The host is gone without a word (Node's IPC channel closed). */
  onGone(listener: () => void): void;
}

function hostChannel(): HostChannel {
  const parentPort = (process as NodeJS.Process & { parentPort?: ParentPort }).parentPort;
  if (parentPort) {
    return {
      send: (message) => parentPort.postMessage(message),
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data)),
      // A utility process ends with its parent: main says stop first, so the station closes cleanly.
      onGone: () => {},
    };
  }
  if (!process.send) throw new Error('core-process runs as a child process with an IPC channel, or as a utility process');
  return {
    send: (message) => process.send?.(message),
    onMessage: (listener) => process.on('message', listener),
    onGone: (listener) => process.on('disconnect', listener),
  };
}

const host = hostChannel();
const dataDir = resolveDataDir();
const station = stationHandlers(dataDir, {
  devices: stationDevices,
  keepDataKey: (key) => host.send({ dataKey: key.toString('base64') }),
});
// What the desk is told is in the log must be there: the station's log, when its folder exists.
const log = existsSync(dataDir) ? await openLog(dataDir) : undefined;
const server = new RpcServer(station.handlers, { gate: station.gate, log });
const connections = new Map<number, RpcConnection>();
// Encoders plugged in or pulled out, cards on PC/SC readers: the pages hear it at once.
// Only on a process's main thread, where the app always runs the core: the drivers' native
// bindings (smartcard, node-hid) may be loaded by one thread per process, and a test that
// runs this entry in worker threads of its own process must not load them in each.
const stopWatching = isMainThread ? watchDeskEncoders((change) => server.publish('encoders.changed', change)) : () => {};

const stop = () => {
  stopWatching();
  station.close();
  process.exit(0);
};

host.onMessage((message) => {
  if ('stop' in message) {
    stop();
    return;
  }
  if ('hostKey' in message) {
    station.receiveHostKey(hostKey(Buffer.from(message.hostKey, 'base64')));
    return;
  }
  if ('dataKey' in message) {
    station.receiveDataKey(Buffer.from(message.dataKey, 'base64'));
    return;
  }
  let connection = connections.get(message.conn);
  if ('closed' in message) {
    connection?.close();
    connections.delete(message.conn);
    return;
  }
  if (!connection) {
    connection = server.connect((data) => host.send({ conn: message.conn, data }));
    connections.set(message.conn, connection);
  }
  void connection.receive(message.data);
});
// The host went away: so does the core, closing the station cleanly.
host.onGone(stop);
host.send({ ready: true });
