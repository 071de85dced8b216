/**
 * The clock guard: badge validity and ledger times hang on the station's clock, so the
 * station refuses to sign while it knows its clock is off by more than the limit.
 * Upstream's time is learnt at every sync; until the first sync the clock is trusted.
 */
import type { Clock } from '../clock.ts';
import { StationError } from '../errors.ts';

export const DEFAULT_CLOCK_LIMIT_MS = 2 * 60 * 1000;

export class ClockGuard {
  /** The station's clock, which the guard watches and every signature's checks read. */
  readonly now: Clock;
  readonly limitMs: number;
  #skewMs: number | undefined;

  constructor(clock: Clock, limitMs = DEFAULT_CLOCK_LIMIT_MS) {
    this.now = clock;
    this.limitMs = limitMs;
  }

  /**
   * Records upstream's clock as seen at a sync; positive skew: the station is ahead.
   * `localMs` is the station's clock when upstream's answer was read (now, by default).
   */
  recordUpstreamTime(upstreamMs: number, localMs: number = this.now()): void {
    this.#skewMs = localMs - upstreamMs;
  }

  get skewMs(): number | undefined {
    return this.#skewMs;
  }

  assertCanSign(): void {
    const skew = this.#skewMs;
    if (skew === undefined || Math.abs(skew) <= this.limitMs) return;
    throw new StationError(
      'CLOCK_SKEW',
      `The station clock is ${describe(Math.abs(skew))} ${skew > 0 ? 'ahead of' : 'behind'} upstream (limit ${describe(this.limitMs)}). Nothing was signed: set the computer's clock, then sync again.`,
      { skewMs: skew },
    );
  }
}

function describe(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return seconds >= 60 ? `${Math.floor(seconds / 60)} min ${seconds % 60} s` : `${seconds} s`;
}
