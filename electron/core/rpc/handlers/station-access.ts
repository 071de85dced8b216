/**
 * The station the handlers work on: opened on the first call that needs it and kept, one
 * owner of the database for as long as the core runs.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DATABASE_FILE, openStation, type Station } from '../../station/index.ts';

export interface StationAccess {
  dataDir: string;
  /** Whether there is a station in the data folder at all. */
  exists(): boolean;
  /** The open station (opened now if need be); STATION_NOT_INITIALISED when there is none. */
  station(): Station;
  close(): void;
}

export function stationAccess(dataDir: string): StationAccess {
  let open: Station | undefined;
  return {
    dataDir,
    exists: () => open !== undefined || existsSync(join(dataDir, DATABASE_FILE)),
    station: () => {
      open ??= openStation(dataDir, 'badge-station desk');
      return open;
    },
    close: () => open?.close(),
  };
}
