/**
 * Where and how often a station backs itself up, and how it went: `station_settings` rows,
 * set by `badge-station backup schedule` or the desk's Backups screen, read by the desk's
 * core, which backs up on its own while it runs (backupWhenDue).
 *
 * Decision: backups are off until a folder is chosen (a second drive is the office's to
 * pick: a folder on the same disk is no backup when the laptop dies); once chosen, every
 * 60 minutes unless told otherwise, 30 kept. A backup that fails is recorded in the ledger
 * with why, and the desk's Backups screen says so until one works.
 */
import { isAbsolute } from 'node:path';
import { StationError } from '../errors.ts';
import type { Station } from '../station/index.ts';
import { type BackupResult, backupStation, DEFAULT_KEEP } from './backup.ts';

export interface BackupPlan {
  /** The folder backups go to; undefined until one is chosen. */
  folder: string | undefined;
  everyMinutes: number;
  keep: number;
}

export interface BackupState extends BackupPlan {
  /** The last backup that worked (ms), and the last failure since then, if any. */
  lastAt: number | undefined;
  lastPath: string | undefined;
  failure: { at: number; message: string } | undefined;
}

export const DEFAULT_EVERY_MINUTES = 60;
const KEYS = {
  folder: 'backup_folder',
  every: 'backup_every_minutes',
  keep: 'backup_keep',
  lastAt: 'backup_last_at',
  lastPath: 'backup_last_path',
  failure: 'backup_failure',
} as const;

function read(station: Station, key: string): string | undefined {
  return (station.db.statement('SELECT value FROM station_settings WHERE key = ?').get(key) as { value: string } | undefined)
    ?.value;
}

function write(station: Station, key: string, value: string | undefined): void {
  if (value === undefined) station.db.statement('DELETE FROM station_settings WHERE key = ?').run(key);
  else
    station.db
      .statement('INSERT INTO station_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
      .run(key, value);
}

export function backupState(station: Station): BackupState {
  const failure = read(station, KEYS.failure);
  const lastAt = read(station, KEYS.lastAt);
  return {
    folder: read(station, KEYS.folder),
    everyMinutes: Number(read(station, KEYS.every) ?? DEFAULT_EVERY_MINUTES),
    keep: Number(read(station, KEYS.keep) ?? DEFAULT_KEEP),
    lastAt: lastAt === undefined ? undefined : Number(lastAt),
    lastPath: read(station, KEYS.lastPath),
    failure: failure === undefined ? undefined : (JSON.parse(failure) as { at: number; message: string }),
  };
}

/** Sets what is given; checks it first, so a bad value changes nothing. */
export function planBackups(station: Station, plan: Partial<BackupPlan>): BackupPlan {
  if (plan.folder !== undefined && !isAbsolute(plan.folder))
    throw new StationError(
      'USAGE',
      `The backup folder must be a full path (like /media/backup or D:\\\\backups), not "${plan.folder}".`,
    );
  if (
    plan.everyMinutes !== undefined &&
    !(Number.isInteger(plan.everyMinutes) && plan.everyMinutes >= 5 && plan.everyMinutes <= 1440)
  )
    throw new StationError('USAGE', 'Back up every 5 to 1,440 minutes (a whole number; 60 is hourly).');
  if (plan.keep !== undefined && !(Number.isInteger(plan.keep) && plan.keep >= 1 && plan.keep <= 1000))
    throw new StationError('USAGE', 'Keep 1 to 1,000 backups (a whole number).');
  station.db.transaction(() => {
    if (plan.folder !== undefined) write(station, KEYS.folder, plan.folder);
    if (plan.everyMinutes !== undefined) write(station, KEYS.every, String(plan.everyMinutes));
    if (plan.keep !== undefined) write(station, KEYS.keep, String(plan.keep));
  });
  const { folder, everyMinutes, keep } = backupState(station);
  return { folder, everyMinutes, keep };
}

/**
 * Backs the station up now, to `to` or its chosen folder, and records how it went: in the
 * ledger (STATION_BACKED_UP, with the error if it failed) and in the state the desk shows.
 */
export async function backUpNow(station: Station, actor: string, to?: string): Promise<BackupResult> {
  const state = backupState(station);
  const folder = to ?? state.folder;
  if (!folder)
    throw new StationError(
      'USAGE',
      'No backup folder is chosen: give one (--to /media/backup), or choose it once with "badge-station backup schedule --to FOLDER".',
    );
  try {
    const result = await backupStation(station, folder, { keep: state.keep });
    station.db.transaction(() => {
      write(station, KEYS.lastAt, String(station.clock()));
      write(station, KEYS.lastPath, result.path);
      write(station, KEYS.failure, undefined);
      station.ledger.append({
        type: 'STATION_BACKED_UP',
        actor,
        subject: `station:${station.number}`,
        data: { to: result.path, head: result.manifest.ledger.head?.seq ?? 0, ok: true },
      });
    });
    return result;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // Busy is not a failure: the next turn backs up.
    if (!(error instanceof StationError && error.code === 'STATION_BUSY'))
      station.db.transaction(() => {
        write(station, KEYS.failure, JSON.stringify({ at: station.clock(), message }));
        station.ledger.append({
          type: 'STATION_BACKED_UP',
          actor,
          subject: `station:${station.number}`,
          data: { to: folder, ok: false, code: error instanceof StationError ? error.code : 'INTERNAL' },
        });
      });
    throw error;
  }
}

/** When the next backup is due (ms), or undefined while none is planned; `now` when none was made yet. */
export function nextBackupAt(state: BackupState, now: number): number | undefined {
  if (!state.folder) return undefined;
  return state.lastAt === undefined ? now : state.lastAt + state.everyMinutes * 60_000;
}
