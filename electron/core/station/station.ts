/**
 * A station: one badge-office desk's data folder, its database and its ledger.
 *
 * `initStation` is the only way a station comes to exist; everything else opens an
 * existing one, so a typo in `--data` is an error, not a fresh empty station.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Clock, systemClock } from '../clock.ts';
import { StationDatabase } from '../db/index.ts';
import { StationError } from '../errors.ts';
import { Checkpoints, Ledger } from '../ledger/index.ts';

export const DATABASE_FILE = 'station.db';

export interface Station {
  dataDir: string;
  /** Three digits, 001-999, assigned at enrolment; part of every serial the station makes. */
  number: string;
  db: StationDatabase;
  ledger: Ledger;
  checkpoints: Checkpoints;
  /**
   * The clock the station records events by and checks badges by: the computer's, unless
   * a demo or a test opened it on the clock it dated its event with.
   */
  clock: Clock;
  close(): void;
}

export interface OpenOptions {
  clock?: Clock;
}

/** Accepts 7, 07 or 007; returns "007". */
export function parseStationNumber(input: string): string {
  const trimmed = input.trim();
  const value = /^\d{1,3}$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (!(value >= 1 && value <= 999)) {
    throw new StationError(
      'STATION_NUMBER_INVALID',
      `"${input}" is not a station number: use the number from the station's enrolment, 001 to 999.`,
    );
  }
  return String(value).padStart(3, '0');
}

export function initStation(dataDir: string, stationNumber: string, actor: string, options: OpenOptions = {}): Station {
  const number = parseStationNumber(stationNumber);
  try {
    // The folder holds every holder's personal data: for this user only, as the keys are.
    // Only folders made here get the mode; a folder the user made keeps theirs (it may be
    // their home), and what the station writes into it has modes of its own.
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new StationError('DATA_DIR_UNUSABLE', `Cannot create the data folder ${dataDir}: ${(error as Error).message}.`);
  }
  const db = StationDatabase.open(join(dataDir, DATABASE_FILE), { purpose: 'badge-station init', create: true });
  try {
    const existing = readNumber(db);
    if (existing) {
      throw new StationError('STATION_EXISTS', `${dataDir} is already station ${existing}; nothing was changed.`, {
        station: existing,
      });
    }
    const clock = options.clock ?? systemClock;
    const ledger = new Ledger(db, clock);
    db.transaction(() => {
      db.statement(`INSERT INTO station_settings (key, value) VALUES ('station_number', ?)`).run(number);
      ledger.append({
        type: 'STATION_INITIALISED',
        actor,
        subject: `station:${number}`,
        data: { station: number, schema: db.schemaVersion },
      });
    });
    return assemble(dataDir, number, db, clock);
  } catch (error) {
    db.close();
    throw error;
  }
}

export function openStation(dataDir: string, purpose: string, options: OpenOptions = {}): Station {
  const path = join(dataDir, DATABASE_FILE);
  if (!existsSync(path)) {
    throw new StationError(
      'STATION_NOT_INITIALISED',
      `There is no station in ${dataDir}. Create one with "badge-station init --station NNN", or point --data at an existing station.`,
      { dataDir },
    );
  }
  const db = StationDatabase.open(path, { purpose });
  const number = readNumber(db);
  if (!number) {
    db.close();
    throw new StationError(
      'STATION_NOT_INITIALISED',
      `${path} has no station number: its initialisation did not finish. Move it aside and run "badge-station init --station NNN" again.`,
      { dataDir },
    );
  }
  return assemble(dataDir, number, db, options.clock ?? systemClock);
}

function assemble(dataDir: string, number: string, db: StationDatabase, clock: Clock): Station {
  const ledger = new Ledger(db, clock);
  return { dataDir, number, db, ledger, checkpoints: new Checkpoints(db, ledger, clock), clock, close: () => db.close() };
}

function readNumber(db: StationDatabase): string | undefined {
  const row = db.statement(`SELECT value FROM station_settings WHERE key = 'station_number'`).get() as
    | { value: string }
    | undefined;
  return row?.value;
}
