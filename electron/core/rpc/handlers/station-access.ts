/**
 * The station the handlers work on: opened on the first call that needs it and kept, one
 * owner of the database for as long as the core runs.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../../clock.ts';
import { StationError } from '../../errors.ts';
import type { DeviceWiring } from '../../jobs/index.ts';
import { DATABASE_FILE, initStation, openStation, type Station } from '../../station/index.ts';

export interface StationAccess {
  dataDir: string;
  /** The station's printers and encoders, as whoever runs the core wired them. */
  devices?: DeviceWiring;
  /** Whether there is a station in the data folder at all. */
  exists(): boolean;
  /** The open station (opened now if need be); STATION_NOT_INITIALISED when there is none, STATION_BUSY while it is being set up. */
  station(): Station;
  /** Makes the station in the empty data folder and keeps it open; STATION_EXISTS when there is one already. */
  create(number: string, actor: string): Station;
  /**
   * Gives the station just made to `work` (filling it with demo data) and tells every other
   * caller meanwhile STATION_BUSY: a half-filled station is nobody's to read or change.
   */
  settingUp<T>(what: string, work: () => Promise<T>): Promise<T>;
  /**
   * Gives the open station to `work` (a roster import) and tells every other caller
   * meanwhile STATION_BUSY with how far it is, as `work` tells its share (0 to 1).
   */
  holding<T>(what: string, work: (station: Station, share: (share: number) => void) => Promise<T>): Promise<T>;
  close(): void;
}

export interface StationAccessOptions {
  /** The station's clock: the computer's unless a test dates its station otherwise. */
  clock?: Clock;
  /** The hardware (electron/devices): the core process gives it; tests may give demo-only wiring. */
  devices?: DeviceWiring;
}

export function stationAccess(dataDir: string, options: StationAccessOptions = {}): StationAccess {
  let open: Station | undefined;
  let busyWith: string | undefined;
  let busyShare: number | undefined;
  const busy = () => {
    const far = busyShare === undefined ? '' : ` (${Math.floor(busyShare * 100)} %)`;
    return new StationError('STATION_BUSY', `The station is ${busyWith}${far}; try again when that has finished.`, {
      busyWith,
      ...(busyShare === undefined ? {} : { share: busyShare }),
    });
  };
  const hold = async <T>(what: string, work: () => Promise<T>): Promise<T> => {
    if (busyWith !== undefined) throw busy();
    busyWith = what;
    try {
      return await work();
    } finally {
      busyWith = undefined;
      busyShare = undefined;
    }
  };
  const clock = options.clock ? { clock: options.clock } : {};
  return {
    dataDir,
    ...(options.devices ? { devices: options.devices } : {}),
    exists: () => open !== undefined || existsSync(join(dataDir, DATABASE_FILE)),
    station: () => {
      if (busyWith !== undefined) throw busy();
      open ??= openStation(dataDir, 'badge-station desk', clock);
      return open;
    },
    create: (number, actor) => {
      if (open) throw new StationError('STATION_EXISTS', `${dataDir} is already station ${open.number}; nothing was changed.`);
      open = initStation(dataDir, number, actor, clock);
      return open;
    },
    settingUp: (what, work) => hold(what, work),
    holding: (what, work) => {
      if (busyWith !== undefined) throw busy();
      open ??= openStation(dataDir, 'badge-station desk', clock);
      const station = open;
      return hold(what, () =>
        work(station, (share) => {
          busyShare = share;
        }),
      );
    },
    close: () => {
      open?.close();
      open = undefined;
    },
  };
}
