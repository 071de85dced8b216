/**
 * The technician's chip tools: what is on a chip and whether it verifies (no passphrase
 * needed), and wiping test and voided cards for reuse (never a live badge's card).
 */
import { StationError } from '../errors.ts';
import type { StationTrust } from '../keys/index.ts';
import { stationVerifier } from '../keys/index.ts';
import type { Verdict } from '../payload/index.ts';
import type { Station } from '../station/index.ts';
import { revokedUpstream } from '../upstream/index.ts';
import type { CardCall, CardPassword, ChipCard } from './card.ts';
import { badgeForChip } from './claims.ts';
import { chipByUid, endChip } from './registry.ts';

export interface ChipReport {
  uid: string;
  reader: string;
  model: string;
  capacity: number;
  version?: string;
  protected: boolean;
  /** NXP's originality signature, hex (not checked here: it needs NXP's public key). */
  originality?: string;
  ndef: string;
  /** The claims as decoded, whether or not they verify (absent when they cannot be read). */
  payload?: {
    badgeId: number;
    version: number;
    type: string;
    zoneMask: number;
    notBefore: string;
    expires: string;
    holderHash: string;
    station?: number;
  };
  verdict: Pick<Verdict, 'valid' | 'code' | 'message'>;
  /** The badge the payload names, and whether this chip is its current one. */
  badge?: { serial: string; status: 'active' | 'revoked' | 'unknown' };
  chip?: { status: 'current' | 'revoked' | 'wiped'; serial: string };
}

export async function readChip(
  station: Station,
  trust: StationTrust | undefined,
  card: ChipCard,
  call: CardCall = {},
): Promise<ChipReport> {
  const identity = await card.identify(call);
  const ndef = await card.readNdef(call);
  const originality = await card.readSignature(call).catch(() => undefined);
  const uid = card.uid.toString('hex').toUpperCase();
  let verdict: Verdict | { valid: false; code: string; message: string } = {
    valid: false,
    code: 'EMPTY',
    message: 'The chip holds no NDEF message.',
  };
  if (!holdsNoMessage(ndef)) {
    verdict = trust
      ? stationVerifier(trust, station.clock).verify(ndef, { chipUid: card.uid })
      : { valid: false, code: 'KEY_MISSING', message: 'This station is not enrolled: nothing to verify against.' };
  }
  const claims = 'claims' in verdict ? verdict.claims : undefined;
  const stationNumber = 'station' in verdict ? verdict.station : undefined;
  let badge: ChipReport['badge'];
  if (claims && stationNumber !== undefined) {
    const serial = `${claims.type}-${String(stationNumber).padStart(3, '0')}-${String(claims.badgeId).padStart(7, '0')}-${claims.version}`;
    badge = { serial, status: badgeForChip(station, serial)?.status ?? 'unknown' };
    // Another station's badge, revoked there: the last sync pull brought it.
    if (badge.status !== 'revoked' && revokedUpstream(station, serial, uid)) {
      badge.status = 'revoked';
      if (verdict.valid) {
        verdict = {
          valid: false,
          code: 'REVOKED',
          message: `Revoked: station ${String(stationNumber).padStart(3, '0')} voided or replaced this badge or its chip (learnt from upstream). Gates refuse it.`,
        };
      }
    }
  }
  const record = chipByUid(station, uid);
  return {
    uid,
    reader: card.reader,
    model: identity.model,
    capacity: identity.capacity,
    ...(identity.version ? { version: identity.version } : {}),
    protected: identity.protected,
    ...(originality ? { originality: originality.toString('hex') } : {}),
    ndef: ndef.toString('hex'),
    ...(claims
      ? {
          payload: {
            badgeId: claims.badgeId,
            version: claims.version,
            type: claims.type,
            zoneMask: claims.zoneMask,
            notBefore: new Date(claims.notBefore * 1000).toISOString(),
            expires: new Date(claims.expires * 1000).toISOString(),
            holderHash: claims.holderHash.toString('hex'),
            ...(stationNumber !== undefined ? { station: stationNumber } : {}),
          },
        }
      : {}),
    verdict: { valid: verdict.valid, code: verdict.code, message: verdict.message } as ChipReport['verdict'],
    ...(badge ? { badge } : {}),
    ...(record ? { chip: { status: record.status, serial: record.serial } } : {}),
  };
}

const EMPTY_NDEF = Buffer.from([0x03, 0x00, 0xfe]);

/**
 * Nothing on the chip: no NDEF TLV at all, or an empty NDEF message (03 00 FE), which is
 * how NXP ships a blank chip and how a wipe leaves one: a blank card is empty, not malformed.
 */
function holdsNoMessage(ndef: Buffer): boolean {
  let i = 0;
  while (ndef[i] === 0x00) i += 1; // NULL TLVs
  return i >= ndef.length || (ndef[i] === 0x03 && ndef[i + 1] === 0x00);
}

/**
 * Wipes a test or voided card. Refuses, always, the current chip of a badge this station
 * knows active (void the badge first). A chip that only looks live (a valid payload of a
 * badge this station does not hold as current: another station's card, an old training
 * card) is wiped only on a supervisor's approval; one another station revoked (as the last
 * sync pull learnt) is not live (`approvedBy`), recorded with the wipe;
 * without one: APPROVAL_NEEDED.
 */
export async function wipeChip(
  context: {
    station: Station;
    trust: StationTrust | undefined;
    passwordFor(uid: Buffer): CardPassword;
    actor: string;
    /** The supervisor (or admin) who approved wiping a card that looks live. */
    approvedBy?: string;
  },
  card: ChipCard,
  call: CardCall = {},
): Promise<{ uid: string; was: ChipReport }> {
  const { station } = context;
  const report = await readChip(station, context.trust, card, call);
  const record = chipByUid(station, report.uid);
  const liveRecord = record?.status === 'current' && badgeForChip(station, record.serial)?.status === 'active';
  // A chip this station revoked (replaced) or wiped is free, whatever it still holds.
  const endedHere = record !== undefined && record.status !== 'current';
  const livePayload = report.verdict.valid && report.badge?.status !== 'revoked' && !endedHere;
  if (liveRecord)
    throw new StationError(
      'CHIP_LIVE',
      `This card is the chip of the live badge ${record?.serial}: it is not wiped. Void the badge first.`,
      { uid: report.uid },
    );
  if (livePayload && context.approvedBy === undefined)
    throw new StationError(
      'APPROVAL_NEEDED',
      `This card carries a valid badge (${report.badge?.serial ?? report.verdict.code}) that this station does not hold as current: a supervisor approves wiping it (their name and password here).`,
      { uid: report.uid },
    );
  if (report.protected) {
    await card.authenticate(context.passwordFor(card.uid), call);
    await card.unprotect(call);
  }
  await card.writeNdef(EMPTY_NDEF, call);
  station.db.transaction(() => {
    if (record?.status === 'current') endChip(station, report.uid, 'wiped', 'wiped', station.clock());
    station.ledger.append({
      type: 'CHIP_WIPED',
      actor: context.actor,
      subject: `chip:${report.uid}`,
      data: {
        uid: report.uid,
        ...(record ? { serial: record.serial } : {}),
        verdict: report.verdict.code,
        ...(livePayload && context.approvedBy ? { approvedBy: context.approvedBy } : {}),
      },
    });
  });
  return { uid: report.uid, was: report };
}
