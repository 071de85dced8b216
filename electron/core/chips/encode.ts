/**
 * Encoding a badge's chip: card on the encoder -> UID -> chip form signed with that UID
 * -> write -> read back -> verify the signature on what was read -> protect -> ledger.
 *
 * Only a chip that verified as read back is bound to the badge (CHIP_ENCODED, or
 * CHIP_REPLACED for a replacement). Any failure that is the card's rejects it in the
 * ledger (CARD_REJECTED with the reason) and leaves the badge without a chip; a reader
 * that went away is not the card's fault, so nothing is rejected and the caller pauses.
 */
import type { Catalog } from '../catalog/index.ts';
import { StationError } from '../errors.ts';
import { type StationKeyring, stationVerifier } from '../keys/index.ts';
import type { Logger } from '../log/index.ts';
import { type BadgeVerifier, chipForm } from '../payload/index.ts';
import type { Station } from '../station/index.ts';
import { type CardCall, type CardPassword, type ChipCard, cardFailure, NOT_THE_CARD } from './card.ts';
import { badgeClaims, badgeForChip } from './claims.ts';
import { bindChip, chipByUid, currentChipOf, endChip } from './registry.ts';

export interface ChipContext {
  station: Station;
  keyring: StationKeyring;
  catalog: Catalog;
  /** The card's password, diversified from the event secret and the UID (native/chips `chipPassword`). */
  passwordFor(uid: Buffer): CardPassword;
  actor: string;
  log?: Logger;
  verifier?: BadgeVerifier;
}

export interface EncodeOptions {
  /** A replacement chip for a badge whose chip failed: the old UID is revoked. */
  replace?: boolean;
  signal?: AbortSignal;
  timeoutMs?: number;
  /**
   * Runs inside the transaction that binds the chip, so whoever encodes (the print
   * pipeline moving its card on) records it together with the binding or not at all.
   */
  alongWithBinding?: () => void;
  /**
   * The printer whose encoder holds the card: a rejected card's event names it, so the office
   * knows whose reject box the card is in and which printer's chips keep failing.
   */
  printer?: string;
}

export type ChipOutcome =
  | {
      ok: true;
      event: 'CHIP_ENCODED' | 'CHIP_REPLACED';
      serial: string;
      uid: string;
      model: string;
      bytes: number;
      commands: number;
      ms: number;
      revokedUid?: string;
    }
  | {
      ok: false;
      serial: string;
      uid: string;
      code: string;
      message: string;
      commands: number;
      /** True when the reader, not the card, failed: nothing was rejected; pause and retry. */
      paused: boolean;
      details: Readonly<Record<string, number | string | boolean>>;
    };

export async function encodeChip(
  context: ChipContext,
  card: ChipCard,
  serial: string,
  options: EncodeOptions = {},
): Promise<ChipOutcome> {
  const { station } = context;
  const badge = badgeForChip(station, serial);
  if (badge?.status !== 'active') {
    throw new StationError(
      'BADGE_NOT_FOUND',
      badge
        ? `Badge ${badge.serial} was replaced by a later version: encode the current one.`
        : `No badge has the serial ${serial}.`,
    );
  }
  const uid = card.uid.toString('hex').toUpperCase();
  const current = currentChipOf(station, badge.serial);
  if (current && current.uid !== uid && !options.replace) {
    throw new StationError(
      'CHIP_EXISTS',
      `Badge ${badge.serial} already has chip ${current.uid}. A replacement chip is "badge-station chip encode --badge ${badge.serial}".`,
      { serial: badge.serial },
    );
  }
  const holder = chipByUid(station, uid);
  if (holder?.status === 'current' && holder.serial !== badge.serial) {
    throw new StationError('CHIP_IN_USE', `This card is the chip of badge ${holder.serial}: use a blank card.`, { uid });
  }
  const call: CardCall = {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  };
  const started = performance.now();
  const form = chipForm(badgeClaims(badge, context.catalog, context.keyring), context.keyring.signer, card.uid);
  const password = context.passwordFor(card.uid);
  try {
    const identity = await card.identify(call);
    if (form.ndef.length > identity.capacity) {
      return rejected(
        context,
        card,
        badge.serial,
        uid,
        {
          code: 'CAPACITY',
          message: `The payload needs ${form.ndef.length} bytes and this ${identity.model} holds ${identity.capacity}: use a larger chip. Nothing was written.`,
          details: { needed: form.ndef.length, capacity: identity.capacity },
        },
        options.printer,
      );
    }
    if (!identity.protectable) {
      // An issued chip must be protected: do not write one this reader cannot protect.
      return rejected(
        context,
        card,
        badge.serial,
        uid,
        {
          code: 'UNSUPPORTED',
          message: `The reader ${card.reader} cannot password-protect chips (no pass-through for native commands): use another encoder. Nothing was written.`,
          details: {},
        },
        options.printer,
      );
    }
    if (identity.protected) await card.authenticate(password, call);
    await card.writeNdef(form.ndef, call);
    const readBack = await card.verify(form.ndef, call);
    const verdict = (context.verifier ?? stationVerifier(context.keyring, context.keyring.clock.now)).verify(readBack, {
      chipUid: card.uid,
    });
    if (!verdict.valid) {
      return rejected(
        context,
        card,
        badge.serial,
        uid,
        {
          code: 'VERIFY_MISMATCH',
          message: `What was read back does not verify: ${verdict.code}.`,
          details: { verdict: verdict.code },
        },
        options.printer,
      );
    }
    await card.protect(password, call);
    const ms = Math.round(performance.now() - started);
    const at = station.clock();
    const replaced = current && current.uid !== uid ? current.uid : undefined;
    station.db.transaction(() => {
      if (replaced) endChip(station, replaced, 'revoked', 'replaced', at);
      if (current?.uid !== uid) bindChip(station, { uid, serial: badge.serial, model: identity.model, encodedAt: at });
      station.ledger.append({
        type: replaced ? 'CHIP_REPLACED' : 'CHIP_ENCODED',
        actor: context.actor,
        subject: `badge:${badge.serial}`,
        data: {
          serial: badge.serial,
          uid,
          model: identity.model,
          bytes: form.ndef.length,
          ...(replaced ? { revokedUid: replaced, version: badge.version } : {}),
        },
        at,
      });
      options.alongWithBinding?.();
    });
    context.log?.info(
      { serial: badge.serial, uid, model: identity.model, commands: card.commands, ms },
      replaced ? 'chip replaced' : 'chip encoded',
    );
    return {
      ok: true,
      event: replaced ? 'CHIP_REPLACED' : 'CHIP_ENCODED',
      serial: badge.serial,
      uid,
      model: identity.model,
      bytes: form.ndef.length,
      commands: card.commands,
      ms,
      ...(replaced ? { revokedUid: replaced } : {}),
    };
  } catch (error) {
    const failure = cardFailure(error);
    if (!failure) throw error;
    return rejected(context, card, badge.serial, uid, failure, options.printer);
  }
}

function rejected(
  context: ChipContext,
  card: ChipCard,
  serial: string,
  uid: string,
  failure: { code: string; message: string; details?: Readonly<Record<string, number | string | boolean>> },
  printer: string | undefined,
): ChipOutcome {
  const { code, message } = failure;
  const details = failure.details ?? {};
  const paused = NOT_THE_CARD.has(code);
  if (!paused) {
    context.station.ledger.append({
      type: 'CARD_REJECTED',
      actor: context.actor,
      subject: `badge:${serial}`,
      data: {
        serial,
        uid,
        reason: code,
        ...(printer ? { printer } : {}),
        ...pick(details, ['pagesWritten', 'page', 'needed', 'capacity', 'verdict']),
      },
    });
  }
  context.log?.warn(
    { serial, uid, code, commands: card.commands, ...details },
    paused ? 'chip encoding paused' : 'card rejected',
  );
  return { ok: false, serial, uid, code, message, commands: card.commands, paused, details };
}

function pick(details: Readonly<Record<string, number | string | boolean>>, keys: string[]) {
  const out: Record<string, number | string | boolean> = {};
  for (const key of keys) if (details[key] !== undefined) out[key] = details[key] as number | string | boolean;
  return out;
}
