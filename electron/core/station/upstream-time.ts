/**
 * What the station last learnt of upstream's clock, kept in its database so every keyring
 * unlocked later (another run, another process, the next morning) judges the same clock.
 *
 * Kept as one `station_settings` row: only the latest reading matters, and each sync
 * replaces it.
 */
import { StationError } from '../errors.ts';
import type { Station } from './station.ts';

export interface UpstreamTime {
  /** Upstream's clock minus the station's, when it was learnt: negative when the station is ahead. */
  offsetMs: number;
  /** The station's clock when upstream's time was read. */
  learntAt: number;
}

const SETTING = 'upstream_clock';

/**
 * Records upstream's time as just learnt (at a sync); `localMs` is the station's clock
 * when upstream's answer was read, the station's clock now by default.
 */
export function recordUpstreamTime(station: Station, upstreamMs: number, localMs: number = station.clock()): UpstreamTime {
  if (!Number.isSafeInteger(upstreamMs) || !Number.isSafeInteger(localMs)) {
    throw new StationError('USAGE', `Upstream's time must be milliseconds since the epoch, not ${upstreamMs}.`);
  }
  const reading: UpstreamTime = { offsetMs: upstreamMs - localMs, learntAt: localMs };
  station.db
    .statement(
      `INSERT INTO station_settings (key, value) VALUES (?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    )
    .run(SETTING, JSON.stringify(reading));
  return reading;
}

/** The latest reading, or undefined when the station has never learnt upstream's time. */
export function lastUpstreamTime(station: Station): UpstreamTime | undefined {
  const row = station.db.statement('SELECT value FROM station_settings WHERE key = ?').get(SETTING) as
    | { value: string }
    | undefined;
  if (!row) return undefined;
  try {
    const reading = JSON.parse(row.value) as Partial<UpstreamTime>;
    if (Number.isSafeInteger(reading.offsetMs) && Number.isSafeInteger(reading.learntAt)) return reading as UpstreamTime;
  } catch {
    // Reported below.
  }
  throw new StationError(
    'DB_CORRUPT',
    `The station's record of upstream's clock is damaged ("${row.value}"): nothing can be signed until the next sync records it again.`,
  );
}
