/**
 * The time of day, passed in rather than read.
 *
 * Whatever is dated (badge validity, certificates, trust and revocation lists, the demo
 * event and its printed dates) and whatever checks a date takes its clock from its
 * caller. A desk runs on `systemClock`; a demo dates its event, its payloads and its
 * cards from one clock; a test dates its data and the checks of it from the same one, so
 * it passes on any day the suite is run.
 */

/** Milliseconds since the epoch. */
export type Clock = () => number;

/** The computer's clock: the one a desk, the CLI and a gate run on. */
export const systemClock: Clock = () => Date.now();

/** Seconds since the epoch, as certificates and claims count them. */
export function epochSeconds(clock: Clock): number {
  return Math.floor(clock() / 1000);
}
