/**
 * The clock guard: badge validity and ledger times hang on the station's clock, so the
 * station refuses to sign while it knows its clock is off by more than the limit.
 *
 * Upstream's time is learnt at every sync and kept in the station's database
 * (`recordUpstreamTime`); the guard reads the latest reading before every signature, so
 * every keyring unlocked on the station obeys it, however long ago it was unlocked and
 * whichever process learnt it. Until the first sync the clock is trusted.
 *
 * Decision: a reading stands until the next sync replaces it. The offset was measured at
 * one instant; if the operator then sets the computer's clock right, the stored offset is
 * stale, but the station cannot tell a clock set right from one set further wrong (or a
 * clock moved back to where the offset happens to fit). A badge office would rather a desk
 * wait for a sync than sign badges whose dates may be wrong, so the desk keeps refusing
 * until a sync confirms its clock, and its message says to sync again.
 */
import type { Clock } from '../clock.ts';
import { StationError } from '../errors.ts';
import { lastUpstreamTime, type Station, type UpstreamTime } from '../station/index.ts';

export const DEFAULT_CLOCK_LIMIT_MS = 2 * 60 * 1000;

/** The latest reading of upstream's clock, or undefined before the first sync. */
export type UpstreamTimeSource = () => UpstreamTime | undefined;

export class ClockGuard {
  /** The station's clock, which the guard watches and every signature's checks read. */
  readonly now: Clock;
  readonly limitMs: number;
  readonly #upstream: UpstreamTimeSource;

  constructor(clock: Clock, upstream: UpstreamTimeSource, limitMs = DEFAULT_CLOCK_LIMIT_MS) {
    this.now = clock;
    this.#upstream = upstream;
    this.limitMs = limitMs;
  }

  /** How far the station's clock was ahead of upstream's at the last sync (negative: behind). */
  get skewMs(): number | undefined {
    const reading = this.#upstream();
    return reading === undefined ? undefined : -reading.offsetMs;
  }

  assertCanSign(): void {
    const reading = this.#upstream();
    if (reading === undefined) return;
    const skew = -reading.offsetMs;
    if (Math.abs(skew) <= this.limitMs) return;
    throw new StationError(
      'CLOCK_SKEW',
      `The station clock was ${describe(Math.abs(skew))} ${skew > 0 ? 'ahead of' : 'behind'} upstream at the last sync (${new Date(reading.learntAt).toISOString()} station time; limit ${describe(this.limitMs)}). Nothing was signed: set the computer's clock, then sync again; the desk signs again once a sync finds its clock right.`,
      { skewMs: skew, learntAt: reading.learntAt },
    );
  }
}

/** The guard of a station's keys: its clock, judged by what its database says of upstream's. */
export function stationClockGuard(station: Station, limitMs = DEFAULT_CLOCK_LIMIT_MS): ClockGuard {
  return new ClockGuard(station.clock, () => lastUpstreamTime(station), limitMs);
}

function describe(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return seconds >= 60 ? `${Math.floor(seconds / 60)} min ${seconds % 60} s` : `${seconds} s`;
}
