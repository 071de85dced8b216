/**
 * What the station knows of its sync without reaching upstream: the head upstream last
 * acknowledged, when, and the last failure. Kept as `station_settings` rows (only the
 * latest of each matters), so `sync status`, the desk and `ledger verify` read the same.
 */
import { StationError } from '../errors.ts';
import type { Station } from '../station/index.ts';

const PUSHED = 'upstream_pushed';
const PULL_EVERY = 'upstream_pull_every_minutes';
const PULLED = 'upstream_pulled';
const FAILURE = 'upstream_last_failure';

export interface PushedHead {
  seq: number;
  /** Hex: the hash of event `seq` as upstream holds it. */
  hash: string;
  /** The station's clock when upstream acknowledged it. */
  at: number;
}

export interface SyncFailure {
  what: 'push' | 'pull';
  code: string;
  message: string;
  at: number;
}

/** The last pull that finished: when, and what it brought. */
export interface PullSummary {
  at: number;
  added: number;
  changed: number;
  refused: number;
  keys: number;
  revocations: number;
}

export interface SyncState {
  localHead: number;
  pushed: PushedHead | undefined;
  /** Events upstream has not acknowledged yet. */
  lagEvents: number;
  /** How long the oldest of them has waited (ms); 0 when none waits. */
  lagMs: number;
  pulled: PullSummary | undefined;
  lastFailure: SyncFailure | undefined;
}

function write(station: Station, key: string, value: unknown): void {
  station.db
    .statement(
      `INSERT INTO station_settings (key, value) VALUES (?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    )
    .run(key, JSON.stringify(value));
}

function read<T>(station: Station, key: string): T | undefined {
  const row = station.db.statement('SELECT value FROM station_settings WHERE key = ?').get(key) as { value: string } | undefined;
  if (!row) return undefined;
  try {
    return JSON.parse(row.value) as T;
  } catch {
    return undefined;
  }
}

export function recordPushed(station: Station, head: { seq: number; hash: Buffer }): void {
  write(station, PUSHED, { seq: head.seq, hash: head.hash.toString('hex'), at: station.clock() } satisfies PushedHead);
  station.db.statement('DELETE FROM station_settings WHERE key = ?').run(FAILURE);
}

/** The least and most time between two scheduled pulls the event may set (minutes). */
export const PULL_EVERY_LIMITS = { min: 5, max: 24 * 60 } as const;

/** How often the desk pulls, as the event set it for this station (`sync schedule`); undefined: the default. */
export function pullEveryMinutes(station: Station): number | undefined {
  const minutes = read<number>(station, PULL_EVERY);
  return Number.isInteger(minutes) && (minutes as number) >= PULL_EVERY_LIMITS.min && (minutes as number) <= PULL_EVERY_LIMITS.max
    ? minutes
    : undefined;
}

export function setPullEveryMinutes(station: Station, minutes: number): void {
  if (!Number.isInteger(minutes) || minutes < PULL_EVERY_LIMITS.min || minutes > PULL_EVERY_LIMITS.max)
    throw new StationError(
      'USAGE',
      `Give the minutes between two pulls, a whole number from ${PULL_EVERY_LIMITS.min} to ${PULL_EVERY_LIMITS.max} (six times a day is 240).`,
    );
  write(station, PULL_EVERY, minutes);
}

export function recordPulled(station: Station, summary: Omit<PullSummary, 'at'>): void {
  write(station, PULLED, { ...summary, at: station.clock() } satisfies PullSummary);
  if (read<SyncFailure>(station, FAILURE)?.what === 'pull')
    station.db.statement('DELETE FROM station_settings WHERE key = ?').run(FAILURE);
}

export function recordSyncFailure(station: Station, what: SyncFailure['what'], error: StationError | Error): void {
  const code = 'code' in error && typeof error.code === 'string' ? error.code : 'INTERNAL';
  write(station, FAILURE, { what, code, message: error.message, at: station.clock() } satisfies SyncFailure);
}

/** The head upstream last acknowledged for this station, if it ever did. */
export function pushedHead(station: Station): PushedHead | undefined {
  const head = read<PushedHead>(station, PUSHED);
  return head && Number.isSafeInteger(head.seq) && typeof head.hash === 'string' ? head : undefined;
}

export function syncState(station: Station): SyncState {
  const localHead = station.ledger.head()?.seq ?? 0;
  const pushed = pushedHead(station);
  const lagEvents = Math.max(0, localHead - (pushed?.seq ?? 0));
  const oldest = lagEvents > 0 ? station.ledger.slice((pushed?.seq ?? 0) + 1, (pushed?.seq ?? 0) + 1)[0] : undefined;
  return {
    localHead,
    pushed,
    lagEvents,
    lagMs: oldest ? Math.max(0, station.clock() - oldest.at) : 0,
    pulled: read<PullSummary>(station, PULLED),
    lastFailure: read<SyncFailure>(station, FAILURE),
  };
}

/** Where a pull stands in upstream's changes: the last change (transaction id) and holder applied. */
export interface PullCursor {
  change: string;
  holder: string;
}

const CURSORS = {
  roster: 'upstream_roster_cursor',
  clearances: 'upstream_clearances_cursor',
  revocations: 'upstream_revocations_cursor',
} as const;

export function readCursor(station: Station, what: keyof typeof CURSORS): PullCursor {
  const cursor = read<PullCursor>(station, CURSORS[what]);
  return cursor && /^\d+$/.test(cursor.change) && typeof cursor.holder === 'string' ? cursor : { change: '0', holder: '' };
}

export function writeCursor(station: Station, what: keyof typeof CURSORS, cursor: PullCursor): void {
  write(station, CURSORS[what], cursor);
}
