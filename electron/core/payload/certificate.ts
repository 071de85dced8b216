/**
 * Station certificates: the event root vouching for a station key and what it may sign.
 *
 * A certificate is a COSE_Sign1 by the root over a CBOR map. Its kid (the first KID_BYTES
 * of SHA-256 over the whole signed certificate) is what badges carry to name their signer,
 * so a gate finds the certificate, its key and its policy from six bytes.
 */
import { createHash, type KeyObject } from 'node:crypto';
import { publicKeyFromRaw, rawPublicKey, type SignatureAlgorithm, signWith, verifyWith } from './algorithms.ts';
import { type CborMap, decodeStrict, encodeCanonical } from './cbor.ts';
import { decodeSign1, isBytes, type Sign1Message, type Signer, signSign1, sigStructure } from './cose-sign1.ts';
import { malformed } from './errors.ts';

export const KID_BYTES = 6;

export type CertificateRole = 'station' | 'revocations';

export interface CertificatePolicy {
  /** 1-999 for a station; 0 for the revocation-list signer. */
  station: number;
  /** Type letters this key may sign badges for. */
  allowedTypes: string[];
  maxZoneMask: number;
  /** No badge it signs may expire later than this (seconds since the epoch). */
  latestBadgeExpiry: number;
}

export interface StationCertificate extends CertificatePolicy {
  role: CertificateRole;
  alg: SignatureAlgorithm;
  publicKey: Buffer;
  notBefore: number;
  notAfter: number;
}

/** A certificate as a verifier holds it: checked, with its key ready to use. */
export interface TrustedCertificate {
  kid: Buffer;
  certificate: StationCertificate;
  key: KeyObject;
  encoded: Buffer;
}

/** An event root's public half, which gates and stations are configured with. */
export interface RootPublicKey {
  alg: SignatureAlgorithm;
  publicKey: Buffer;
}

const ROLES: CertificateRole[] = ['station', 'revocations'];

export function kidOf(bytes: Uint8Array): Buffer {
  return createHash('sha256').update(bytes).digest().subarray(0, KID_BYTES);
}

export function rootKid(root: RootPublicKey): Buffer {
  return kidOf(root.publicKey);
}

/** A signer for a private key, with the kid its messages carry. */
export function signerFor(alg: SignatureAlgorithm, privateKey: KeyObject, kid: Buffer): Signer {
  return { alg, kid, sign: (data) => signWith(alg, privateKey, data) };
}

export function rootSigner(alg: SignatureAlgorithm, privateKey: KeyObject, publicKey: KeyObject): Signer {
  return signerFor(alg, privateKey, rootKid({ alg, publicKey: rawPublicKey(alg, publicKey) }));
}

export function issueCertificate(certificate: StationCertificate, root: Signer): Buffer {
  const body = new Map<number, number | string | Buffer | string[]>([
    [1, ROLES.indexOf(certificate.role) + 1],
    [2, certificate.station],
    [3, certificate.alg],
    [4, certificate.publicKey],
    [5, certificate.notBefore],
    [6, certificate.notAfter],
    [7, certificate.allowedTypes],
    [8, certificate.maxZoneMask],
    [9, certificate.latestBadgeExpiry],
  ]);
  return signSign1(encodeCanonical(body), root);
}

/** Checks a certificate against the event roots and returns it ready for use. */
export function trustCertificate(encoded: Uint8Array, roots: readonly RootPublicKey[]): TrustedCertificate {
  const message = decodeSign1(encoded);
  verifyByRoot(message, roots, 'certificate');
  const certificate = decodeCertificateBody(message.payload);
  return {
    kid: kidOf(encoded),
    certificate,
    key: publicKeyFromRaw(certificate.alg, certificate.publicKey),
    encoded: Buffer.from(encoded),
  };
}

/** Verifies a message the root signed itself (a certificate, a trust list). */
export function verifyByRoot(message: Sign1Message, roots: readonly RootPublicKey[], what: string): RootPublicKey {
  const root = roots.find((candidate) => rootKid(candidate).equals(message.kid));
  if (!root) throw malformed(`the ${what} is signed by a root this event does not trust`);
  if (root.alg !== message.alg) throw malformed(`the ${what}'s algorithm does not match its root`);
  const signed = sigStructure(message.protectedBytes, Buffer.alloc(0), message.payload);
  if (!verifyWith(root.alg, publicKeyFromRaw(root.alg, root.publicKey), signed, message.signature)) {
    throw malformed(`the ${what}'s root signature does not verify`);
  }
  return root;
}

function decodeCertificateBody(bytes: Buffer): StationCertificate {
  const map = decodeStrict(bytes);
  if (!(map instanceof Map) || map.size !== 9) throw malformed('certificate body is not the nine-field map');
  const body = map as CborMap;
  const role = ROLES[(body.get(1) as number) - 1];
  const alg = body.get(3);
  const publicKey = body.get(4);
  const types = body.get(7);
  if (!role || (alg !== 'Ed25519' && alg !== 'ES256') || !isBytes(publicKey) || !Array.isArray(types)) {
    throw malformed('certificate fields have the wrong types');
  }
  const numbers = [2, 5, 6, 8, 9].map((key) => body.get(key));
  if (!numbers.every((value) => typeof value === 'number' && Number.isInteger(value) && value >= 0)) {
    throw malformed('certificate numbers are not unsigned integers');
  }
  const [station, notBefore, notAfter, maxZoneMask, latestBadgeExpiry] = numbers as number[];
  if (!types.every((type) => typeof type === 'string' && /^[A-Z]$/.test(type)))
    throw malformed('certificate types are not letters');
  return {
    role,
    station: station as number,
    alg,
    publicKey: Buffer.from(publicKey),
    notBefore: notBefore as number,
    notAfter: notAfter as number,
    allowedTypes: types as string[],
    maxZoneMask: maxZoneMask as number,
    latestBadgeExpiry: latestBadgeExpiry as number,
  };
}
