/**
 * The states a card of a print job goes through, and the moves it may make:
 *
 *   queued -> claimed -> rendered -> encoded -> sent -> printed -> issued
 *                 \-> rejected (a card the encoder refused) / failed (with a reason)
 *   queued -> held: the holder's roster data changed after the card was queued, or
 *                   another station prints (or printed) the holder; the operator looks
 *                   and releases it (or cancels the job).
 */

export type ItemState =
  | 'queued'
  | 'claimed'
  | 'rendered'
  | 'encoded'
  | 'sent'
  | 'printed'
  | 'issued'
  | 'rejected'
  | 'failed'
  | 'cancelled'
  | 'held';

export interface JobItem {
  id: number;
  job: number;
  position: number;
  serial: string;
  state: ItemState;
  printer: string | null;
  /** How many times a printer claimed it (requeues included). */
  attempts: number;
  /** Blank cards rejected at the encoder for this badge in this job. */
  bad_cards: number;
  reason: string | null;
  print_name: string | null;
  spooler_job: number | null;
  print_started_at: number | null;
  print_finished_at: number | null;
  /** When it last moved (ms). */
  updated_at: number;
}

/** Columns a move may set along with the state. */
export interface ItemFacts {
  print_name?: string;
  spooler_job?: number;
  print_started_at?: number;
  print_finished_at?: number;
}

/** The moves a card may make; anything else is a bug or a stale worker, and is refused. */
export const NEXT: Partial<Record<ItemState, readonly ItemState[]>> = {
  claimed: ['rendered', 'failed', 'queued'],
  rendered: ['encoded', 'sent', 'rejected', 'failed', 'queued'],
  encoded: ['sent', 'rejected', 'failed'],
  // sent -> sent: sent again under a new name, when the printer never got it (the ledger says why).
  // sent -> queued: the printer refused it before anything happened to the card.
  // sent -> encoded: the printer never got it, and the card with its written chip is in it.
  sent: ['printed', 'failed', 'sent', 'queued', 'encoded'],
  printed: ['issued', 'failed'],
};
/** In a printer: the printer's one card. */
export const HELD: readonly ItemState[] = ['claimed', 'rendered', 'encoded', 'sent'];
/** Nothing physical has happened to these yet: a printer that drops out gives them back. */
export const NOT_STARTED: readonly ItemState[] = ['claimed', 'rendered'];

/** States as an SQL list: `('claimed', 'rendered')`. */
export function sqlList(values: readonly string[]): string {
  return `(${values.map((value) => `'${value}'`).join(', ')})`;
}
