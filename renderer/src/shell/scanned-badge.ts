/**
 * The serial scanned last, from the shell (which hears the scanner anywhere) to the Roster
 * screen (which opens its holder). A store rather than props: the screen may mount after
 * the scan (the shell switches to it), and takes the scan once.
 */
import { useSyncExternalStore } from 'react';

export interface Scan {
  serial: string;
  /** Tells two scans of the same badge apart. */
  n: number;
}

let current: Scan | undefined;
let count = 0;
const listeners = new Set<() => void>();

function tell(): void {
  for (const listener of listeners) listener();
}

export const scannedBadge = {
  put(serial: string): void {
    count += 1;
    current = { serial, n: count };
    tell();
  },
  /** The scan, taken: nobody is given it twice. */
  take(scan: Scan): void {
    if (current?.n === scan.n) {
      current = undefined;
      tell();
    }
  },
};

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useScannedBadge(): Scan | undefined {
  return useSyncExternalStore(subscribe, () => current);
}
