/**
 * The contract's methods on the station in a data folder, one file per area (station.ts,
 * roster.ts, ledger.ts ...), mirroring the contract's own files.
 */
import type { KeyEncryptionKey } from '../../keys/index.ts';
import { Syncer, type SyncerOptions } from '../../upstream/index.ts';
import type { Gate, Handlers } from '../server.ts';
import { backupHandlers } from './backup.ts';
import { badgesHandlers } from './badges.ts';
import { chipsHandlers } from './chips.ts';
import { devicesHandlers } from './devices.ts';
import { handoverHandlers } from './handover.ts';
import { ledgerHandlers } from './ledger.ts';
import { printHandlers } from './print.ts';
import { reportsHandlers } from './reports.ts';
import { rosterHandlers } from './roster.ts';
import { rosterImportHandlers } from './roster-import.ts';
import { sessionGate, sessionHandlers } from './session.ts';
import { setupHandlers } from './setup.ts';
import { statusHandlers } from './station.ts';
import { type StationAccessOptions, stationAccess } from './station-access.ts';
import { syncHandlers } from './sync.ts';
import { templatesHandlers } from './templates.ts';
import { type TodayOptions, todayHandlers } from './today.ts';

export interface StationHandlers {
  handlers: Handlers;
  /** Who may call what, for the RpcServer: the station's users and sessions. */
  gate: Gate;
  close(): void;
  /** The desk's print runs: waited for by tests, stopped before the station closes. */
  printing: { settled(): Promise<void>; close(): Promise<void> };
  /** The desktop app's key from the system keychain (station-access.ts, receiveHostKey). */
  receiveHostKey(key: KeyEncryptionKey): void;
  /** The station's data key from the host, for a core it restarted (station-access.ts, receiveDataKey). */
  receiveDataKey(key: Buffer): void;
  /** The desk's sync with upstream, going on by itself (upstream/syncer.ts). */
  sync: Syncer;
}

export interface HandlerOptions extends StationAccessOptions, TodayOptions {
  sync?: SyncerOptions;
}

export function stationHandlers(dataDir: string, options: HandlerOptions = {}): StationHandlers {
  const access = stationAccess(dataDir, options);
  const print = printHandlers(access);
  const sync = new Syncer(
    {
      dataDir,
      station: () => access.station(),
      url: () => access.upstreamUrl(),
      printing: () => print.runs.printing !== undefined,
    },
    options.sync,
  );
  sync.start();
  const backups = backupHandlers(access);
  return {
    handlers: {
      ...sessionHandlers(access),
      ...statusHandlers(access),
      ...rosterHandlers(access),
      ...rosterImportHandlers(access),
      ...ledgerHandlers(access),
      ...setupHandlers(access),
      ...templatesHandlers(access),
      ...devicesHandlers(access, { printerJob: (name) => print.runs.printerJob(name) }),
      ...chipsHandlers(access),
      ...todayHandlers(access, options),
      ...handoverHandlers(access),
      ...badgesHandlers(access, () => print.runs.printing),
      ...reportsHandlers(access, options),
      ...syncHandlers(access, sync),
      ...backups.handlers,
      ...print.handlers,
    },
    gate: sessionGate(access),
    printing: print.runs,
    receiveHostKey: (key) => access.receiveHostKey(key),
    receiveDataKey: (key) => access.receiveDataKey(key),
    sync,
    // A run still going is told to stop first (its cards in printers are recovered at the next start).
    close: () => {
      void sync.stop();
      backups.stop();
      void print.runs.close();
      access.close();
    },
  };
}
