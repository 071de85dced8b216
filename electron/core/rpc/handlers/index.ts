/**
 * The contract's methods on the station in a data folder, one file per area (station.ts,
 * roster.ts, ledger.ts ...), mirroring the contract's own files.
 */
import type { Handlers } from '../server.ts';
import { ledgerHandlers } from './ledger.ts';
import { rosterHandlers } from './roster.ts';
import { statusHandlers } from './station.ts';
import { stationAccess } from './station-access.ts';

export interface StationHandlers {
  handlers: Handlers;
  close(): void;
}

export function stationHandlers(dataDir: string): StationHandlers {
  const access = stationAccess(dataDir);
  return {
    handlers: { ...statusHandlers(access), ...rosterHandlers(access), ...ledgerHandlers(access) },
    close: () => access.close(),
  };
}
