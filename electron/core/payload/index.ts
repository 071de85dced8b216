/**
 * The signed payload and its verifier: pure, no database, no Electron, only node:crypto and
 * cbor-x, fit for a gate device.
 *
 * A badge's claims (claims.ts: CWT-style integer keys, exp and nbf, the station's counter,
 * version, type letter, zone mask and a keyed holder hash) are a COSE_Sign1 (cose-sign1.ts)
 * in deterministic CBOR (cbor.ts), signed Ed25519 or ES256 (algorithms.ts) by a station
 * key named by its kid (certificate.ts). Two forms (forms.ts): `BS1:` + Base45 for the
 * printed barcode, and the chip form, signed with the chip's UID as external_aad and
 * wrapped in one NDEF record that fits an NTAG213's 144 bytes (ndef.ts). Certificates,
 * trust lists and revocation lists are COSE_Sign1 messages too, so a gate needs one decoder.
 *
 * Decisions (verifier.ts):
 * - WRONG_CHIP whenever a chip payload does not verify with the UID of the chip it was
 *   read from: a copied chip and an altered one are refused alike (an NTAG213's byte budget
 *   leaves no room to tell them apart).
 * - A payload checked without a revocation list is valid with `revocationsChecked: false`:
 *   a gate must always load one.
 */
export * from './algorithms.ts';
export { base45Decode, base45Encode } from './base45.ts';
export * from './certificate.ts';
export { type BadgeClaims, decodeClaims, encodeClaims, HOLDER_HASH_BYTES, holderHash } from './claims.ts';
export {
  decodeSign1,
  parseSign1,
  type Sign1Message,
  type Sign1Parts,
  type Signer,
  signSign1,
  sigStructure,
} from './cose-sign1.ts';
export { PayloadError, type VerdictCode } from './errors.ts';
export * from './forms.ts';
export { BADGE_RECORD_TYPE, NTAG213_USER_BYTES, unwrapNdef, wrapNdef } from './ndef.ts';
export * from './revocations.ts';
export { issueTrustList, readTrustList, type TrustList } from './trust-list.ts';
export { BadgeVerifier, type Verdict, type VerifierOptions } from './verifier.ts';
