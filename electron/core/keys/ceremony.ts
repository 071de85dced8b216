/**
 * The event root, at its offline ceremony: made once, kept on removable media under a
 * passphrase, brought out to certify stations and re-issue the trust list.
 *
 * The root folder holds root-key.json (sealed: the root's private key and the event
 * secret), root.public.json and root.pub.pem (hand these out), and certificates/ (every
 * station certificate issued, from which each new trust list is made).
 */
import { createPublicKey, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StationError } from '../errors.ts';
import {
  type CertificatePolicy,
  generateSigningKeyPair,
  issueCertificate,
  issueTrustList,
  kidOf,
  publicKeyPem,
  type RootPublicKey,
  rawPublicKey,
  rootKid,
  rootSigner,
  type SignatureAlgorithm,
  type Signer,
} from '../payload/index.ts';
import { makeBundle, readRequest } from './enrolment.ts';
import type { KeyEncryptionKey } from './key-encryption.ts';
import { atomicWrite, openKeyFile, writeKeyFile } from './key-file.ts';
import { readRootPublic, writeRootPublic } from './root-public.ts';

export interface EventRoot {
  root: RootPublicKey;
  signer: Signer;
  eventSecret: Buffer;
}

export function createEventRoot(dir: string, alg: SignatureAlgorithm, kek: KeyEncryptionKey): RootPublicKey {
  mkdirSync(join(dir, 'certificates'), { recursive: true });
  const pair = generateSigningKeyPair(alg);
  const root: RootPublicKey = { alg, publicKey: rawPublicKey(alg, pair.publicKey) };
  writeKeyFile(
    join(dir, 'root-key.json'),
    { format: 'badge-station/key-file/1', role: 'event-root', alg, publicKey: root.publicKey.toString('base64') },
    { signingKey: pair.privateKey, eventSecret: randomBytes(32) },
    kek,
  );
  writeRootPublic(join(dir, 'root.public.json'), root);
  atomicWrite(join(dir, 'root.pub.pem'), publicKeyPem(pair.publicKey));
  return root;
}

export function openEventRoot(dir: string, kek: KeyEncryptionKey): EventRoot {
  const { header, secrets } = openKeyFile(join(dir, 'root-key.json'), kek);
  if (header.role !== 'event-root' || !secrets.eventSecret) {
    throw new StationError('KEY_FILE_CORRUPT', `${dir}/root-key.json is not an event root key.`);
  }
  const root = readRootPublic(join(dir, 'root.public.json'));
  return {
    root,
    signer: rootSigner(header.alg, secrets.signingKey, createPublicKey(secrets.signingKey)),
    eventSecret: secrets.eventSecret,
  };
}

export interface CertifyOptions extends Omit<CertificatePolicy, 'station'> {
  notBefore: number;
  notAfter: number;
  issuedAt: number;
}

/**
 * Certifies a station's request: writes its certificate into the root folder, issues the
 * next trust list, and returns the enrolment bundle to carry back to the station.
 */
export function certifyStation(dir: string, event: EventRoot, requestBytes: Uint8Array, options: CertifyOptions) {
  const request = readRequest(requestBytes);
  if (request.station < 1 || request.station > 999)
    throw new StationError('TRUST_INVALID', `Station ${request.station} is not 001-999.`);
  if (options.latestBadgeExpiry > options.notAfter) {
    throw new StationError('USAGE', 'The latest badge expiry cannot be after the certificate expires.');
  }
  const certificate = issueCertificate(
    {
      role: 'station',
      station: request.station,
      alg: request.alg,
      publicKey: request.publicKey,
      notBefore: options.notBefore,
      notAfter: options.notAfter,
      allowedTypes: options.allowedTypes,
      maxZoneMask: options.maxZoneMask,
      latestBadgeExpiry: options.latestBadgeExpiry,
    },
    event.signer,
  );
  const kid = kidOf(certificate).toString('hex');
  const file = join(dir, 'certificates', `station-${String(request.station).padStart(3, '0')}-${kid}.cert`);
  atomicWrite(file, certificate);
  const trustList = reissueTrustList(dir, event, options.issuedAt);
  const bundle = makeBundle(request, certificate, trustList.bytes, event.root, event.signer, event.eventSecret);
  return { certificate, kid, station: request.station, trustList, bundle };
}

/** Issues the next trust list from every certificate in the root folder. */
export function reissueTrustList(dir: string, event: EventRoot, issuedAt: number): { bytes: Buffer; seq: number } {
  const folder = join(dir, 'certificates');
  const certificates = readdirSync(folder)
    .filter((name) => name.endsWith('.cert'))
    .sort()
    .map((name) => readFileSync(join(folder, name)));
  const seqFile = join(dir, 'trust-list.seq');
  const seq = (existsSync(seqFile) ? Number(readFileSync(seqFile, 'utf8')) : 0) + 1;
  const bytes = issueTrustList(seq, issuedAt, certificates, event.signer);
  atomicWrite(join(dir, 'trust.list'), bytes);
  atomicWrite(seqFile, String(seq));
  return { bytes, seq };
}

/** A short fingerprint to read aloud at enrolment: the root kid in groups of four. */
export function rootFingerprint(root: RootPublicKey): string {
  return (rootKid(root).toString('hex').match(/.{4}/g) ?? []).join('-');
}
