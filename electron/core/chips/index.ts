/**
 * Chips: encoding a badge's chip, reading and wiping chips, runs of chips on an encoder.
 *
 * The core sees a card only through `ChipCard` (card.ts); hosts wire a driver in, with the
 * password function. The encoding flow (encode.ts), in the fewest commands: UID -> sign the
 * chip form with that UID -> GET_VERSION -> one READ of CFG0..PACK (AUTH0 says whether it
 * is protected) -> capacity check (CAPACITY, nothing written) -> PWD_AUTH only if protected
 * (PROTECTED, nothing written, if the password is not ours) -> write the NDEF pages -> read
 * them back (VERIFY_MISMATCH unless identical) -> verify the signature on the bytes read,
 * with the UID -> PWD, PACK, AUTH0 -> CHIP_ENCODED (or CHIP_REPLACED with the revoked UID)
 * in the same transaction as the binding. An NTAG213 with a ~140-byte payload takes about
 * 50 commands. A failure of the card appends CARD_REJECTED and binds nothing; READER_GONE
 * and CANCELLED reject nothing, and runChipJob (job.ts) waits for the reader and retries
 * the same badge.
 *
 * The chips table (registry.ts) keeps one current chip per badge version and per UID;
 * replaced chips are `revoked`, wiped ones `wiped`. Validity on the chip is the station
 * certificate's window (claims.ts). Wiping (inspect.ts) is refused for the current chip of
 * an active badge and for any chip whose payload verifies, unless this station replaced or
 * wiped that chip; otherwise protection off, password back to FFFFFFFF, an empty NDEF
 * message, CHIP_WIPED. The NTAG rules themselves are the driver's: native/chips/index.ts.
 */
export type { CardCall, CardIdentity, CardPassword, ChipCard } from './card.ts';
export { type BadgeForChip, badgeClaims, badgeForChip } from './claims.ts';
export { type ChipContext, type ChipOutcome, type EncodeOptions, encodeChip } from './encode.ts';
export { type ChipReport, readChip, wipeChip } from './inspect.ts';
export { type ChipJobEvent, type ChipJobOptions, type ChipStation, runChipJob } from './job.ts';
export { type ChipRecord, chipByUid, currentChipOf } from './registry.ts';
