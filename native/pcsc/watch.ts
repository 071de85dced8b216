/**
 * Reader hot-plug and card insert/remove events from PC/SC, on the binding's background
 * thread (SCardGetStatusChange), for screens that show encoders coming and going.
 */
import { pcsc } from './binding.ts';

export interface ReaderEvent {
  type: 'reader-attached' | 'reader-detached' | 'card-inserted' | 'card-removed' | 'error';
  reader: string;
  atr?: string;
}

/** Starts watching; returns the function that stops it. */
export function watchReaders(listener: (event: ReaderEvent) => void): () => void {
  const monitor = new (pcsc().ReaderMonitor)();
  monitor.start((event) => {
    listener({
      type: event.type,
      reader: event.reader,
      ...(event.atr && event.atr.length > 0 ? { atr: event.atr.toString('hex') } : {}),
    });
  });
  return () => {
    try {
      monitor.stop();
    } catch {
      // already stopped
    }
  };
}
