/**
 * A card at its printer's encoding station: a blank card is presented, its chip signed,
 * written, read back and verified (the chips flow), and bound to the badge in the same
 * transaction as the card's move to encoded. The card then moves on to be printed, or goes
 * to the reject box. What becomes of the badge after a bad chip is the pipeline's call.
 */
import type { ChipCard, ChipContext } from '../chips/index.ts';
import { encodeChip } from '../chips/index.ts';
import { StationError } from '../errors.ts';
import type { Ledger } from '../ledger/index.ts';
import type { JobItem } from './card-states.ts';
import type { JobStore } from './job-store.ts';
import type { EncoderPort } from './ports.ts';

export type ChipStep =
  /** Written, verified and bound; the card moved on to be printed. */
  | { kind: 'encoded'; item: JobItem }
  /**
   * The chip could not be made the badge's; the card is in the reject box, the badge still
   * rendered. `stuck`: the printer could not be told to reject it, so it may still sit at
   * the encoder and a person must take it out.
   */
  | { kind: 'bad-chip'; reason: string; stuck?: string }
  /** The encoder gave no card, or cannot go on now (a card in the reject box if it gave one). */
  | { kind: 'unavailable'; message: string };

export interface ChipStepContext {
  jobs: JobStore;
  chips: ChipContext;
  ledger: Ledger;
  actor: string;
}

export async function encodeAtPrinter(
  context: ChipStepContext,
  encoder: EncoderPort,
  item: JobItem,
  options: { signal: AbortSignal; afterChipWritten?: () => void },
): Promise<ChipStep> {
  // The chip's signature covers the card's UID, so it is made after the card is fed; a desk
  // that may not sign (its clock is off upstream's) must stop before a blank is fed, or the
  // blank would sit unsigned in the encoder and go to the reject box at the next feed.
  context.chips.keyring.clock.assertCanSign();
  let card: ChipCard;
  try {
    card = await encoder.present({ signal: options.signal });
  } catch (error) {
    return { kind: 'unavailable', message: `${encoder.name} gave no card: ${(error as Error).message}` };
  }
  let outcome: Awaited<ReturnType<typeof encodeChip>>;
  try {
    outcome = await encodeChip(context.chips, watched(card, options.afterChipWritten), item.serial, {
      replace: true,
      signal: options.signal,
      ...(item.printer ? { printer: item.printer } : {}),
      alongWithBinding: () => context.jobs.advance(item.id, 'rendered', 'encoded'),
    });
  } catch (error) {
    // A card that is already another badge's chip is not a blank: it goes to the reject box.
    if (!(error instanceof StationError && error.code === 'CHIP_IN_USE')) throw error;
    const uid = card.uid.toString('hex').toUpperCase();
    context.ledger.append({
      type: 'CARD_REJECTED',
      actor: context.actor,
      subject: `badge:${item.serial}`,
      data: { serial: item.serial, uid, reason: 'CHIP_IN_USE', ...(item.printer ? { printer: item.printer } : {}) },
    });
    outcome = {
      ok: false,
      serial: item.serial,
      uid,
      code: 'CHIP_IN_USE',
      message: error.message,
      commands: 0,
      paused: false,
      details: {},
    };
  } finally {
    await card.release();
  }
  if (outcome.ok) {
    try {
      await encoder.pass();
    } catch (error) {
      // Bound and encoded: the card waits in its printer and is printed once it can go on.
      return { kind: 'unavailable', message: `${encoder.name} could not move the card on: ${(error as Error).message}` };
    }
    return { kind: 'encoded', item: context.jobs.item(item.id) as JobItem };
  }
  let stuck: string | undefined;
  try {
    await encoder.eject();
  } catch (error) {
    stuck = (error as Error).message;
  }
  if (outcome.paused) return { kind: 'unavailable', message: outcome.message };
  return { kind: 'bad-chip', reason: `${outcome.code}: ${outcome.message}`, ...(stuck ? { stuck } : {}) };
}

/** The card, telling `afterChipWritten` between the chip's write and its binding (crash tests). */
function watched(card: ChipCard, afterChipWritten: (() => void) | undefined): ChipCard {
  if (!afterChipWritten) return card;
  return new Proxy(card, {
    get(target, property) {
      if (property === 'verify') {
        return async (...args: Parameters<ChipCard['verify']>) => {
          const read = await target.verify(...args);
          afterChipWritten();
          return read;
        };
      }
      // The card's own getters read its private fields: ask the card itself, not the proxy.
      const value = Reflect.get(target, property);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
