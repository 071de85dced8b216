/**
 * The desk's sync, going on by itself while the core runs: the station works offline
 * first, and this catches upstream up whenever upstream can be reached.
 *
 * - Push: soon after the ledger grows. A look every `lookEveryMs` costs one indexed read
 *   of the ledger's head; whatever was appended meanwhile goes in one push (in batches).
 * - Pull (roster changes, clearance keys, other stations' revocations): at the first
 *   chance, then as often as the event set (`badge-station sync schedule MINUTES`; four
 *   hours by default, the six refreshes a day of the reference event), and whenever
 *   someone asks (Sync now).
 * - A failure waits before the next try: up to 2 s, then 4 s, 8 s ... at most 5 minutes,
 *   each wait a random share of that ("full jitter"), so a hall of stations coming back
 *   after an outage does not reach upstream all in the same second. Sync now tries at once.
 *
 * Nothing waits for it: printing, handing over and reprinting never depend on upstream.
 * Its failures are kept like the CLI's (sync-state.ts), so the desk and `sync status`
 * say the same.
 */
import { StationError } from '../errors.ts';
import type { Logger } from '../log/index.ts';
import type { Station } from '../station/index.ts';
import { connectAsStation, type UpstreamClient } from './connection.ts';
import { upstreamPlaceOf } from './credentials.ts';
import { type IssuanceConflict, issuanceConflicts } from './leases.ts';
import { pullClearances, pullRevocations, pullRoster } from './pull.ts';
import { pushLedger } from './push.ts';
import { pullEveryMinutes, pushedHead, recordPulled, recordSyncFailure, type SyncState, syncState } from './sync-state.ts';

export const DEFAULT_PULL_EVERY_MS = 4 * 3_600_000;
const FIRST_RETRY_MS = 2_000;
const MAX_RETRY_MS = 5 * 60_000;

export interface SyncerSource {
  dataDir: string;
  /** The open station; throws (not initialised, busy) when there is none to sync now. */
  station(): Station;
  /** The connection string, opened with the station's unlocked key; throws while locked. */
  url(): string;
  /**
   * Whether a print run is going: a pull then waits for it to end. Applying pulled rows is
   * an import, which has the station's database to itself while it runs, and a run's
   * cards must never meet a busy database mid-card. Pushes go on.
   */
  printing?(): boolean;
}

/** Pulled rows left for the next pull because a print run started meanwhile. */
class PullDeferred extends Error {}

export interface SyncerOptions {
  pullEveryMs?: number;
  lookEveryMs?: number;
  /** 0 to 1, for the jitter (a test gives its own). */
  random?: () => number;
  /** Who the pull's import events name. */
  actor?: string;
  log?: Logger;
}

/** What the desk shows: where sync stands, from the station's records and this process. */
export interface DeskSyncState extends Partial<SyncState> {
  /** Where upstream is (login, host, port, database), or absent: the station has none. */
  place?: string;
  /** off: no upstream; locked: the station's key (and so its login) is locked; ... */
  activity: 'off' | 'locked' | 'idle' | 'pushing' | 'pulling' | 'waiting';
  /** When the next try is, after a failure. */
  retryAt?: number;
  /** When the next scheduled pull is. */
  pullAt?: number;
  /** The pull is due but waits for the print run to end. */
  pullWaits?: 'printing';
}

export class Syncer {
  readonly #source: SyncerSource;
  readonly #pullEveryMs: number;
  readonly #lookEveryMs: number;
  readonly #random: () => number;
  readonly #actor: string;
  readonly #log: Logger | undefined;
  #timer: NodeJS.Timeout | undefined;
  #client: UpstreamClient | undefined;
  #work: Promise<void> | undefined;
  #activity: DeskSyncState['activity'] = 'off';
  #failures = 0;
  #retryAt = 0;
  #pullWanted = false;
  #stopped = false;

  constructor(source: SyncerSource, options: SyncerOptions = {}) {
    this.#source = source;
    this.#pullEveryMs = options.pullEveryMs ?? DEFAULT_PULL_EVERY_MS;
    this.#lookEveryMs = options.lookEveryMs ?? 500;
    this.#random = options.random ?? Math.random;
    this.#actor = options.actor ?? 'system:sync';
    this.#log = options.log;
  }

  start(): void {
    if (this.#timer) return;
    this.#stopped = false;
    this.#timer = setInterval(() => this.#look(), this.#lookEveryMs);
    this.#timer.unref();
  }

  /**
   * Stops looking and closes the connection, which ends a push or pull under way (each
   * batch is a transaction upstream, so the next start resumes where it stopped).
   */
  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#stopped = true;
    await this.#disconnect();
    await this.#work;
  }

  /** Sync now: push and pull at once, without waiting out a failure's back-off. Resolves when done. */
  async now(): Promise<void> {
    this.#pullWanted = true;
    this.#retryAt = 0;
    await this.#work;
    this.#look();
    await this.#work;
  }

  /**
   * Holders this station and another both issued (one printed while upstream was out of
   * reach), as upstream knows them once both have pushed: this station pushes first.
   * A connection of its own, so a push or pull under way is not disturbed.
   */
  async conflicts(): Promise<IssuanceConflict[]> {
    const station = this.#source.station();
    const client = await connectAsStation(this.#source.url());
    try {
      await pushLedger(station, client);
      // Upstream answered: the next look need not wait out a back-off.
      this.#retryAt = 0;
      return await issuanceConflicts(client);
    } finally {
      await client.end().catch(() => {});
    }
  }

  /** Where sync stands now. Never reaches upstream. */
  state(): DeskSyncState {
    const place = upstreamPlaceOf(this.#source.dataDir);
    if (place === undefined) return { activity: 'off' };
    let station: Station;
    try {
      station = this.#source.station();
    } catch {
      return { place, activity: this.#activity };
    }
    const recorded = syncState(station);
    const pulledAt = recorded.pulled?.at;
    return {
      place,
      ...recorded,
      activity: this.#activity,
      ...(this.#pullDue(station, station.clock()) && this.#source.printing?.() ? { pullWaits: 'printing' as const } : {}),
      ...(this.#retryAt > station.clock() ? { retryAt: this.#retryAt } : {}),
      ...(pulledAt !== undefined ? { pullAt: pulledAt + this.#pullEvery(station) } : {}),
    };
  }

  /** As the event set it for this station (`sync schedule`), else as this Syncer was made. */
  #pullEvery(station: Station): number {
    const minutes = pullEveryMinutes(station);
    return minutes === undefined ? this.#pullEveryMs : minutes * 60_000;
  }

  #pullDue(station: Station, now: number): boolean {
    const pulledAt = syncState(station).pulled?.at;
    return this.#pullWanted || pulledAt === undefined || now >= pulledAt + this.#pullEvery(station);
  }

  #look(): void {
    if (this.#work) return;
    let station: Station;
    try {
      if (upstreamPlaceOf(this.#source.dataDir) === undefined) {
        this.#activity = 'off';
        return;
      }
      station = this.#source.station();
    } catch {
      return; // No station yet, or it is busy (an import): the next look.
    }
    const now = station.clock();
    if (now < this.#retryAt) return;
    const pushDue = (station.ledger.head()?.seq ?? 0) > (pushedHead(station)?.seq ?? 0);
    const pullDue = this.#pullDue(station, now) && !this.#source.printing?.();
    if (!pushDue && !pullDue) {
      if (this.#activity !== 'locked') this.#activity = 'idle';
      return;
    }
    this.#work = this.#sync(station, pushDue, pullDue)
      .catch((error: unknown) => this.#log?.error({ err: error }, 'sync stopped unexpectedly'))
      .finally(() => {
        this.#work = undefined;
      });
  }

  async #sync(station: Station, push: boolean, pull: boolean): Promise<void> {
    let url: string;
    try {
      url = this.#source.url();
    } catch (error) {
      // Locked: not a failure of upstream's, and nothing to back off from; Unlock starts it.
      this.#activity = error instanceof StationError && error.code === 'STATION_LOCKED' ? 'locked' : 'waiting';
      if (this.#activity === 'waiting') this.#failed(station, push ? 'push' : 'pull', error as Error);
      return;
    }
    let what: 'push' | 'pull' = push ? 'push' : 'pull';
    try {
      if (!this.#client) {
        const client = await connectAsStation(url);
        // A connection that broke while idle is dropped, so the next look connects afresh.
        client.once('error', () => {
          if (this.#client === client) this.#client = undefined;
        });
        this.#client = client;
      }
      const client = this.#client;
      if (push) {
        this.#activity = 'pushing';
        await pushLedger(station, client);
      }
      if (pull) {
        what = 'pull';
        this.#activity = 'pulling';
        const roster = await pullRoster(station, client, {
          actor: this.#actor,
          mayApply: () => {
            if (this.#source.printing?.()) throw new PullDeferred();
          },
        });
        this.#pullWanted = false;
        const keys = await pullClearances(station, client);
        const revocations = await pullRevocations(station, client);
        recordPulled(station, {
          added: roster.added,
          changed: roster.changed,
          refused: roster.rejected,
          keys: keys.pulled,
          revocations: revocations.pulled,
        });
      }
      this.#failures = 0;
      this.#retryAt = 0;
      this.#activity = 'idle';
    } catch (error) {
      if (error instanceof PullDeferred) {
        // Not a failure: the run started while the pull was on its way; it comes after the run.
        this.#activity = 'idle';
        return;
      }
      await this.#disconnect();
      if (!this.#stopped) this.#failed(station, what, error as Error);
    }
  }

  #failed(station: Station, what: 'push' | 'pull', error: Error): void {
    // push and pull record their own failures; one before either began (connecting) is recorded here.
    recordSyncFailure(station, what, error);
    this.#failures += 1;
    const ceiling = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** (this.#failures - 1));
    this.#retryAt = station.clock() + Math.round(this.#random() * ceiling);
    this.#activity = 'waiting';
    this.#log?.warn({ err: error, what, retryAt: this.#retryAt }, 'sync failed; trying again later');
  }

  async #disconnect(): Promise<void> {
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => {});
  }
}
