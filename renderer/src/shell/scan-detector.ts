/**
 * A barcode scanner is a keyboard that types a badge's serial in a burst and presses
 * Enter. Told apart from a person by timing alone: a scanner's keys come a few
 * milliseconds apart, a fast typist's 80 ms or more, so at least MIN_LENGTH characters
 * each under MAX_GAP_MS after the one before, then Enter, is a scan, wherever the focus is.
 *
 * No DOM and no React here: the unit test (Node) runs it on made-up keystroke times.
 */
/** Scanners send a key every 2-20 ms; the fastest people rarely hold under 50 ms for six keys. */
export const MAX_GAP_MS = 35;
/** The shortest serial (V-007-0000001-1 has 15); shorter bursts are a person's key chords. */
export const MIN_LENGTH = 6;

export interface ScanDetector {
  /** One keydown, with its event time (ms): the serial when this Enter ends a scan. */
  key(key: string, at: number, modified?: boolean): string | undefined;
}

export function scanDetector({ maxGapMs = MAX_GAP_MS, minLength = MIN_LENGTH } = {}): ScanDetector {
  let burst = '';
  let last = Number.NEGATIVE_INFINITY;
  return {
    key(key, at, modified = false) {
      // Shift comes with a scanner's capitals; it neither adds to the burst nor breaks it.
      if (key === 'Shift') return undefined;
      const quick = at - last < maxGapMs;
      last = at;
      if (key === 'Enter') {
        const scanned = quick && burst.length >= minLength ? burst : undefined;
        burst = '';
        return scanned;
      }
      if (key.length !== 1 || modified) {
        burst = '';
        return undefined;
      }
      burst = quick ? burst + key : key;
      return undefined;
    },
  };
}
