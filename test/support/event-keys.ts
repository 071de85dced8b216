/** A small event for payload tests: a root, station certificates, a trust list, a revocation signer. */
import { type KeyObject, randomBytes } from 'node:crypto';
import {
  type BadgeClaims,
  type CertificatePolicy,
  generateSigningKeyPair,
  holderHash,
  issueCertificate,
  issueTrustList,
  kidOf,
  type RootPublicKey,
  rawPublicKey,
  rootSigner,
  type SignatureAlgorithm,
  type Signer,
  signerFor,
} from '../../electron/core/payload/index.ts';
import { EXPO_DAY_MS } from './clock.ts';

export const DAY = 86_400;
/** When the test event's certificates, lists and claims are dated: pass `() => NOW` to whatever checks them. */
export const NOW = EXPO_DAY_MS;
export const nowSeconds = Math.floor(NOW / 1000);

export interface TestEvent {
  roots: RootPublicKey[];
  root: Signer;
  secret: Buffer;
  station(
    number: number,
    policy?: Partial<CertificatePolicy> & { alg?: SignatureAlgorithm; notAfter?: number },
  ): { signer: Signer; certificate: Buffer; publicKey: KeyObject };
  revocationSigner(): { signer: Signer; certificate: Buffer; publicKey: KeyObject };
  trustList(certificates: Buffer[], seq?: number): Buffer;
}

export function testEvent(alg: SignatureAlgorithm = 'Ed25519'): TestEvent {
  const rootPair = generateSigningKeyPair(alg);
  const root = rootSigner(alg, rootPair.privateKey, rootPair.publicKey);
  const roots = [{ alg, publicKey: rawPublicKey(alg, rootPair.publicKey) }];
  const certify = (
    role: 'station' | 'revocations',
    number: number,
    options: Partial<CertificatePolicy> & { alg?: SignatureAlgorithm; notAfter?: number } = {},
  ) => {
    const keyAlg = options.alg ?? alg;
    const pair = generateSigningKeyPair(keyAlg);
    const certificate = issueCertificate(
      {
        role,
        station: number,
        alg: keyAlg,
        publicKey: rawPublicKey(keyAlg, pair.publicKey),
        notBefore: nowSeconds - 30 * DAY,
        notAfter: options.notAfter ?? nowSeconds + 60 * DAY,
        allowedTypes: options.allowedTypes ?? ['G', 'E', 'V', 'M', 'S', 'P'],
        maxZoneMask: options.maxZoneMask ?? 0x1ffff,
        latestBadgeExpiry: options.latestBadgeExpiry ?? nowSeconds + 60 * DAY,
      },
      root,
    );
    return { signer: signerFor(keyAlg, pair.privateKey, kidOf(certificate)), certificate, publicKey: pair.publicKey };
  };
  return {
    roots,
    root,
    secret: randomBytes(32),
    station: (number, policy) => certify('station', number, policy),
    revocationSigner: () => certify('revocations', 0),
    trustList: (certificates, seq = 1) => issueTrustList(seq, nowSeconds, certificates, root),
  };
}

export function exhibitorClaims(secret: Buffer, overrides: Partial<BadgeClaims> = {}): BadgeClaims {
  return {
    badgeId: 12345,
    version: 2,
    type: 'E',
    zoneMask: 0b1_0000_1111_1111,
    notBefore: nowSeconds - DAY,
    expires: nowSeconds + 10 * DAY,
    holderHash: holderHash(secret, 'H-000123'),
    ...overrides,
  };
}
