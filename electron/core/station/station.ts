/**
 * A station: one badge-office desk's data folder, its database and its ledger.
 *
 * `initStation` is the only way a station comes to exist; everything else opens an
 * existing one, so a typo in `--data` is an error, not a fresh empty station.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Clock, systemClock } from '../clock.ts';
import { isPlaintextDatabase } from '../db/encrypt-in-place.ts';
import { StationDatabase } from '../db/index.ts';
import { StationError } from '../errors.ts';
import type { KeyEncryptionKey } from '../keys/index.ts';
import { Checkpoints, Ledger } from '../ledger/index.ts';
import { PhotoStore } from '../roster/photo-store.ts';
import { createDataKey, hasDataKey, openDataKey } from './data-key.ts';

export const DATABASE_FILE = 'station.db';
/** Written while a restore replaces the station (backup/restore.ts): no station opens meanwhile. */
export const RESTORE_NOTE = 'restore.json';

export interface Station {
  dataDir: string;
  /** Three digits, 001-999, assigned at enrolment; part of every serial the station makes. */
  number: string;
  db: StationDatabase;
  ledger: Ledger;
  checkpoints: Checkpoints;
  /** Holders' photos, encrypted under the data key like the database. */
  photos: PhotoStore;
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

/**
 * What opens the station's data: the key-encryption key that opens its data key (the station
 * passphrase, or the desktop keychain's key for this computer's copy), or the data key itself
 * when the caller already holds it (the desk, opening again the station it opened before).
 */
export type StationKey = { kek: KeyEncryptionKey } | { dataKey: Buffer };

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

/** `kek`: the station passphrase's key, which will open this station's data from now on. */
export function initStation(
  dataDir: string,
  stationNumber: string,
  actor: string,
  kek: KeyEncryptionKey,
  options: OpenOptions = {},
): Station {
  const number = parseStationNumber(stationNumber);
  try {
    // The folder holds every holder's personal data: for this user only, as the keys are.
    // Only folders made here get the mode; a folder the user made keeps theirs (it may be
    // their home), and what the station writes into it has modes of its own.
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new StationError('DATA_DIR_UNUSABLE', `Cannot create the data folder ${dataDir}: ${(error as Error).message}.`);
  }
  const path = join(dataDir, DATABASE_FILE);
  const dataKey = hasDataKey(dataDir) ? openDataKey(dataDir, kek) : createDataKey(dataDir, kek);
  const db = StationDatabase.open(path, { purpose: 'badge-station init', create: true, key: dataKey });
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
    return assemble(dataDir, number, db, clock, dataKey);
  } catch (error) {
    db.close();
    throw error;
  }
}

export function openStation(dataDir: string, purpose: string, key: StationKey, options: OpenOptions = {}): Station {
  const path = join(dataDir, DATABASE_FILE);
  if (existsSync(join(dataDir, RESTORE_NOTE)))
    throw new StationError(
      'RESTORE_INTERRUPTED',
      `A restore of ${dataDir} from a backup did not finish (see ${RESTORE_NOTE} there): run the same "badge-station restore" again to finish it.`,
      { dataDir },
    );
  if (!existsSync(path)) throw noStation(dataDir);
  const encrypting = isPlaintextDatabase(path);
  const dataKey = openStationDataKey(dataDir, path, key);
  const db = StationDatabase.open(path, { purpose, key: dataKey });
  const number = readNumber(db);
  if (!number) {
    db.close();
    throw new StationError(
      'STATION_NOT_INITIALISED',
      `${path} has no station number: its initialisation did not finish. Move it aside and run "badge-station init --station NNN" again.`,
      { dataDir },
    );
  }
  const station = assemble(dataDir, number, db, options.clock ?? systemClock, dataKey);
  // Photos kept in clear by this station before encryption at rest (none after the first open).
  const photos = station.photos.encryptLegacyPhotos();
  if (encrypting || photos > 0)
    station.ledger.append({
      type: 'STATION_ENCRYPTED',
      actor: 'system:station',
      subject: `station:${number}`,
      data: { database: encrypting, photos },
    });
  return station;
}

/**
 * The data key for opening: from its sealed file, or made now for a station from before
 * encryption at rest (its database in clear), which StationDatabase.open then encrypts in place.
 */
function openStationDataKey(dataDir: string, path: string, key: StationKey): Buffer {
  if ('dataKey' in key) return key.dataKey;
  if (!hasDataKey(dataDir) && isPlaintextDatabase(path) && key.kek.source === 'passphrase')
    return createDataKey(dataDir, key.kek);
  return openDataKey(dataDir, key.kek);
}

export function noStation(dataDir: string): StationError {
  return new StationError(
    'STATION_NOT_INITIALISED',
    `There is no station in ${dataDir}. Create one with "badge-station init --station NNN", or point --data at an existing station.`,
    { dataDir },
  );
}

function assemble(dataDir: string, number: string, db: StationDatabase, clock: Clock, dataKey: Buffer): Station {
  const ledger = new Ledger(db, clock);
  return {
    dataDir,
    number,
    db,
    ledger,
    checkpoints: new Checkpoints(db, ledger, clock),
    photos: new PhotoStore(dataDir, dataKey),
    clock,
    close: () => db.close(),
  };
}

function readNumber(db: StationDatabase): string | undefined {
  const row = db.statement(`SELECT value FROM station_settings WHERE key = 'station_number'`).get() as
    | { value: string }
    | undefined;
  return row?.value;
}
