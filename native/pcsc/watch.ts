/**
 * Reader hot-plug and card insert/remove events from PC/SC, on the binding's background
 * thread (SCardGetStatusChange) inside the PC/SC thread, for screens that show encoders
 * coming and going.
 */
import { pcscLink, type ReaderEvent } from './pcsc-link.ts';

export type { ReaderEvent };

/** Starts watching; returns the function that stops it. */
export function watchReaders(listener: (event: ReaderEvent) => void): () => void {
  return pcscLink().watch(listener);
}
