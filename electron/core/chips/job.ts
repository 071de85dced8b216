/**
 * A run of chips on one encoder: each badge waits for a card, is encoded, and waits for
 * the card to be taken off. A rejected card is reported and the same badge waits for the
 * next card (or the same one presented again); a reader that goes away pauses the run
 * until it is back, and no card is failed for it.
 */
import type { CardCall, ChipCard } from './card.ts';
import { cardFailure } from './card.ts';
import { type ChipContext, type ChipOutcome, encodeChip } from './encode.ts';

/** The encoder side the run needs (PcscEncoder in native/pcsc has it). */
export interface ChipStation {
  waitForCard(options?: CardCall): Promise<ChipCard>;
  waitForRemoval(options?: CardCall): Promise<void>;
  waitForReader(options?: CardCall): Promise<void>;
}

export type ChipJobEvent =
  | { type: 'waiting'; serial: string }
  | { type: 'encoded'; outcome: ChipOutcome & { ok: true } }
  | { type: 'rejected'; outcome: ChipOutcome & { ok: false } }
  | { type: 'paused'; serial: string; code: string }
  | { type: 'resumed'; serial: string };

export interface ChipJobOptions {
  signal?: AbortSignal;
  /** How long to wait for each card and for a lost reader. */
  waitTimeoutMs?: number;
  /** Stop retrying a badge after this many rejected cards. */
  maxCardsPerBadge?: number;
  onEvent?(event: ChipJobEvent): void;
}

export async function runChipJob(
  context: ChipContext,
  encoder: ChipStation,
  serials: readonly string[],
  options: ChipJobOptions = {},
): Promise<ChipOutcome[]> {
  const results: ChipOutcome[] = [];
  const wait: CardCall = {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.waitTimeoutMs ? { timeoutMs: options.waitTimeoutMs } : {}),
  };
  for (const serial of serials) {
    let attempts = 0;
    for (;;) {
      let outcome: ChipOutcome;
      try {
        options.onEvent?.({ type: 'waiting', serial });
        const card = await encoder.waitForCard(wait);
        try {
          outcome = await encodeChip(context, card, serial, options.signal ? { signal: options.signal } : {});
        } finally {
          await card.release();
        }
      } catch (error) {
        const failure = cardFailure(error);
        if (failure?.code !== 'READER_GONE') throw error;
        outcome = {
          ok: false,
          serial,
          uid: '',
          code: 'READER_GONE',
          message: failure.message,
          commands: 0,
          paused: true,
          details: {},
        };
      }
      if (outcome.ok) {
        options.onEvent?.({ type: 'encoded', outcome });
        results.push(outcome);
        await encoder.waitForRemoval(wait).catch(() => undefined);
        break;
      }
      if (outcome.paused) {
        if (outcome.code !== 'READER_GONE')
          throw Object.assign(new Error(outcome.message), { name: 'ChipError', code: outcome.code });
        options.onEvent?.({ type: 'paused', serial, code: outcome.code });
        await encoder.waitForReader(wait);
        options.onEvent?.({ type: 'resumed', serial });
        continue;
      }
      options.onEvent?.({ type: 'rejected', outcome });
      results.push(outcome);
      attempts += 1;
      if (attempts >= (options.maxCardsPerBadge ?? 3)) break;
      await encoder.waitForRemoval(wait).catch(() => undefined);
    }
  }
  return results;
}
