/**
 * The tests' clock: a day during the expo, whatever day the suite runs on.
 *
 * A test dates its certificates, claims and lists from this clock and hands the same
 * clock to the code under test, so no verdict depends on the wall clock. `npm run
 * test:any-date` runs the suite with the process clock moved years ahead to prove it.
 */
import type { Clock } from '../../electron/core/clock.ts';

/** 2026-11-20 09:00 UTC, during the expo. */
export const EXPO_DAY_MS = Date.UTC(2026, 10, 20, 9, 0, 0);

/** A clock that starts at `startMs` and runs at the real pace from there (ledger times still move on). */
export function expoClock(startMs: number = EXPO_DAY_MS): Clock {
  const origin = performance.now();
  return () => startMs + Math.floor(performance.now() - origin);
}
