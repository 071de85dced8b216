/**
 * The contract's methods on the station in a data folder, one file per area (station.ts,
 * roster.ts, ledger.ts ...), mirroring the contract's own files.
 */
import type { Handlers } from '../server.ts';
import { ledgerHandlers } from './ledger.ts';
import { rosterHandlers } from './roster.ts';
import { setupHandlers } from './setup.ts';
import { statusHandlers } from './station.ts';
import { type StationAccessOptions, stationAccess } from './station-access.ts';
import { templatesHandlers } from './templates.ts';
import { type TodayOptions, todayHandlers } from './today.ts';

export interface StationHandlers {
  handlers: Handlers;
  close(): void;
}

export function stationHandlers(dataDir: string, options: StationAccessOptions & TodayOptions = {}): StationHandlers {
  const access = stationAccess(dataDir, options);
  return {
    handlers: {
      ...statusHandlers(access),
      ...rosterHandlers(access),
      ...ledgerHandlers(access),
      ...setupHandlers(access),
      ...templatesHandlers(access),
      ...todayHandlers(access, options),
    },
    close: () => access.close(),
  };
}
