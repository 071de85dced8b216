// The signed payload and its verifier: pure, no database, no Electron, fit for a gate device.
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
