/**
 * Waiting the way every encoder backend waits: each call with its deadline and its
 * AbortSignal, a deadline passed as TIMEOUT and a cancel as CANCELLED (ChipErrors), so a
 * job can tell a reader that is slow from one that was told to stop.
 */
import type { CallOptions } from './encoder.ts';
import { ChipError } from './errors.ts';

export function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ChipError('CANCELLED', 'Cancelled.');
}

export function withDeadline<T>(work: Promise<T>, options: CallOptions, defaultMs: number): Promise<T> {
  checkAborted(options.signal);
  const ms = options.timeoutMs ?? defaultMs;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => finish(() => reject(new ChipError('TIMEOUT', `The reader did not answer within ${ms} ms.`))),
      ms,
    );
    const onAbort = () => finish(() => reject(new ChipError('CANCELLED', 'Cancelled.')));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const finish = (settle: () => void) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      settle();
    };
    work.then(
      (value) => finish(() => resolve(value)),
      (error: unknown) => finish(() => reject(error)),
    );
  });
}

/** Whether `work` settles within `ms`; it goes on either way. */
export function settlesWithin(work: Promise<void>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    void work.then(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new ChipError('CANCELLED', 'Cancelled.'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
