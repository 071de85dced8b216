/**
 * The signed trust list: every station certificate of the event, by the root, numbered.
 *
 * A gate loads one and then knows every kid it may meet. Each certificate inside is also
 * checked against the root on its own, so a list cannot smuggle in a foreign key, and two
 * certificates with the same kid are refused rather than guessed between.
 */
import { decodeStrict, encodeCanonical } from './cbor.ts';
import { type RootPublicKey, type TrustedCertificate, trustCertificate, verifyByRoot } from './certificate.ts';
import { decodeSign1, isBytes, type Signer, signSign1 } from './cose-sign1.ts';
import { malformed } from './errors.ts';

export interface TrustList {
  seq: number;
  issuedAt: number;
  certificates: Map<string, TrustedCertificate>;
}

export function issueTrustList(seq: number, issuedAt: number, certificates: readonly Buffer[], root: Signer): Buffer {
  return signSign1(
    encodeCanonical(
      new Map<number, number | Buffer[]>([
        [1, seq],
        [2, issuedAt],
        [3, [...certificates]],
      ]),
    ),
    root,
  );
}

export function readTrustList(encoded: Uint8Array, roots: readonly RootPublicKey[]): TrustList {
  const message = decodeSign1(encoded);
  verifyByRoot(message, roots, 'trust list');
  const body = decodeStrict(message.payload);
  const seq = body instanceof Map ? body.get(1) : undefined;
  const issuedAt = body instanceof Map ? body.get(2) : undefined;
  const list = body instanceof Map ? body.get(3) : undefined;
  if (typeof seq !== 'number' || typeof issuedAt !== 'number' || !Array.isArray(list) || !list.every(isBytes)) {
    throw malformed('trust list fields have the wrong types');
  }
  const certificates = new Map<string, TrustedCertificate>();
  for (const encodedCertificate of list as Uint8Array[]) {
    const trusted = trustCertificate(encodedCertificate, roots);
    const kid = trusted.kid.toString('hex');
    if (certificates.has(kid)) throw malformed(`two certificates in the trust list share kid ${kid}`);
    certificates.set(kid, trusted);
  }
  return { seq, issuedAt, certificates };
}
