/**
 * The station's own keys, in <data>/keys/: generated here, enrolled once, unlocked into
 * the core's memory at start. The private key never leaves this module's objects: no
 * function returns it, logs it or hands it to the RPC layer; callers get a `Signer`.
 */
import { createPublicKey } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../clock.ts';
import { StationError } from '../errors.ts';
import type { CheckpointSigner, CheckpointVerifier } from '../ledger/index.ts';
import {
  BadgeVerifier,
  generateSigningKeyPair,
  type RootPublicKey,
  rawPublicKey,
  readTrustList,
  type SignatureAlgorithm,
  type Signer,
  signWith,
  type TrustedCertificate,
  type TrustList,
  trustCertificate,
  verifyWith,
} from '../payload/index.ts';
import type { Station } from '../station/index.ts';
import { rootFingerprint } from './ceremony.ts';
import type { ClockGuard } from './clock.ts';
import { generateAgreementKey, makeRequest, openBundle } from './enrolment.ts';
import type { KeyEncryptionKey } from './key-encryption.ts';
import { atomicWrite, openKeyFile, readKeyHeader, writeKeyFile } from './key-file.ts';
import { readRootPublic, writeRootPublic } from './root-public.ts';

export const KEY_FILES = {
  key: 'station-key.json',
  /**
   * The desktop app's copy of the station key, sealed under the key-encryption key main
   * unwraps with the system keychain (electron/main/key-encryption-key.ts): written when a
   * supervisor unlocks with the passphrase, so this computer's user account opens it at the
   * next start without the passphrase; removed by Lock and by a new enrolment. The
   * passphrase-sealed file stays the station's own (the CLI, recovery, other computers).
   */
  remembered: 'station-key.keychain.json',
  request: 'station.request',
  certificate: 'station.cert',
  trustList: 'trust.list',
  root: 'root.public.json',
} as const;

export function keysDir(dataDir: string): string {
  return join(dataDir, 'keys');
}

/** Makes the station's key pair and its certificate request (to carry to the ceremony). */
export function generateStationKey(dataDir: string, station: string, alg: SignatureAlgorithm, kek: KeyEncryptionKey): Buffer {
  const dir = keysDir(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const pair = generateSigningKeyPair(alg);
  const agreementKey = generateAgreementKey();
  writeKeyFile(
    join(dir, KEY_FILES.key),
    {
      format: 'badge-station/key-file/1',
      role: 'station',
      station,
      alg,
      publicKey: rawPublicKey(alg, pair.publicKey).toString('base64'),
    },
    { signingKey: pair.privateKey, agreementKey },
    kek,
  );
  const request = makeRequest(Number(station), alg, pair.privateKey, agreementKey);
  atomicWrite(join(dir, KEY_FILES.request), request);
  return request;
}

export interface EnrolOptions {
  /** The event root's fingerprint read out at the ceremony (strongly advised). */
  rootFingerprint?: string;
  /**
   * The station whose keys these are, when its database exists: its ledger records the
   * enrolment (STATION_ENROLLED), from which every checkpoint must be signed.
   */
  station?: Station;
  /** Who enrolled it, for the ledger. */
  actor?: string;
}

/** Installs the ceremony's bundle: certificate, trust list, root, and the event secret. */
export function enrolStation(dataDir: string, bundleBytes: Uint8Array, kek: KeyEncryptionKey, options: EnrolOptions = {}) {
  const expectedFingerprint = options.rootFingerprint;
  const { station } = options;
  const dir = keysDir(dataDir);
  const path = join(dir, KEY_FILES.key);
  const { header, secrets } = openKeyFile(path, kek);
  if (!secrets.agreementKey) throw new StationError('KEY_FILE_CORRUPT', `${path} has no enrolment key.`);
  const bundle = openBundle(bundleBytes, secrets.agreementKey);
  const fingerprint = rootFingerprint(bundle.root);
  if (expectedFingerprint && normalise(expectedFingerprint) !== normalise(fingerprint)) {
    throw new StationError(
      'TRUST_INVALID',
      `The bundle's event root is ${fingerprint}, not ${expectedFingerprint}: it was not made at your event's ceremony.`,
    );
  }
  const trusted = trustCertificate(bundle.certificate, [bundle.root]);
  if (
    !trusted.certificate.publicKey.equals(Buffer.from(header.publicKey, 'base64')) ||
    trusted.certificate.station !== Number(header.station)
  ) {
    throw new StationError('TRUST_INVALID', `The bundle certifies another key or station, not station ${header.station}'s.`);
  }
  if (station && trusted.certificate.station !== Number(station.number)) {
    throw new StationError(
      'TRUST_INVALID',
      `The bundle is for station ${trusted.certificate.station}, this is station ${station.number}.`,
    );
  }
  readTrustList(bundle.trustList, [bundle.root]);
  atomicWrite(join(dir, KEY_FILES.certificate), bundle.certificate);
  atomicWrite(join(dir, KEY_FILES.trustList), bundle.trustList);
  writeRootPublic(join(dir, KEY_FILES.root), bundle.root);
  writeKeyFile(path, header, { ...secrets, eventSecret: bundle.eventSecret }, kek, true);
  // A copy remembered under the keychain holds the old enrolment: the next unlock makes a new one.
  forgetRememberedStationKey(dataDir);
  const kid = trusted.kid.toString('hex');
  // After the files: an enrolment whose event did not land leaves a certificate its ledger
  // does not mention, which `ledger verify` reports (enrolling again records it). The other
  // order could leave an event demanding signed checkpoints of a station with no key.
  station?.ledger.append({
    type: 'STATION_ENROLLED',
    actor: options.actor ?? 'system:keys',
    subject: `station:${station.number}`,
    data: { kid, root: fingerprint, station: station.number },
  });
  return { kid, station: trusted.certificate.station, fingerprint };
}

/** The public side of an enrolled station: enough to verify, nothing to sign. */
export interface StationTrust {
  root: RootPublicKey;
  certificate: TrustedCertificate;
  trustList: TrustList;
}

export function readStationTrust(dataDir: string): StationTrust | undefined {
  const dir = keysDir(dataDir);
  if (!existsSync(join(dir, KEY_FILES.certificate))) return undefined;
  const root = readRootPublic(join(dir, KEY_FILES.root));
  return {
    root,
    certificate: trustCertificate(readFileSync(join(dir, KEY_FILES.certificate)), [root]),
    trustList: readTrustList(readFileSync(join(dir, KEY_FILES.trustList)), [root]),
  };
}

export interface StationKeyring extends StationTrust {
  station: string;
  alg: SignatureAlgorithm;
  kid: Buffer;
  /** Signs badge payloads; refuses while the clock guard says the clock is off. */
  signer: Signer;
  checkpointSigner: CheckpointSigner;
  eventSecret: Buffer;
  /** The clock the station signs by, and the guard that refuses to sign while it is off. */
  clock: ClockGuard;
}

/**
 * Opens the station's keys into memory. `guard` holds the clock the station signs and
 * checks badges by (the computer's on a desk, the demo's or a test's where those date
 * their event) and where it learns upstream's: `stationClockGuard(station)` for a station.
 */
export function unlockStation(
  dataDir: string,
  kek: KeyEncryptionKey,
  guard: ClockGuard,
  /** Also seal a copy under this key (KEY_FILES.remembered), from the secrets just opened. */
  options: { rememberUnder?: KeyEncryptionKey } = {},
): StationKeyring {
  // A host key opens the copy remembered under the keychain; a passphrase the station's own file.
  const path = join(keysDir(dataDir), kek.source === 'host' ? KEY_FILES.remembered : KEY_FILES.key);
  const trust = readStationTrust(dataDir);
  if (!trust) {
    const stage = existsSync(path)
      ? `its request is in ${join(keysDir(dataDir), KEY_FILES.request)}`
      : 'run "badge-station keys station generate" first';
    throw new StationError(
      'KEY_MISSING',
      `This station is not enrolled yet: ${stage}; enrol it with the bundle from the ceremony.`,
    );
  }
  const { header, secrets } = openKeyFile(path, kek);
  if (!secrets.eventSecret)
    throw new StationError('KEY_MISSING', 'This station has a certificate but no event secret: enrol it again.');
  const publicKey = rawPublicKey(header.alg, createPublicKey(secrets.signingKey));
  if (!publicKey.equals(trust.certificate.certificate.publicKey)) {
    throw new StationError('TRUST_INVALID', 'The station certificate is for another key: enrol this station again.');
  }
  if (options.rememberUnder)
    writeKeyFile(join(keysDir(dataDir), KEY_FILES.remembered), header, secrets, options.rememberUnder, true);
  const signingKey = secrets.signingKey;
  const kid = trust.certificate.kid;
  const sign = (data: Buffer) => {
    guard.assertCanSign();
    return signWith(header.alg, signingKey, data);
  };
  return {
    ...trust,
    station: header.station ?? '',
    alg: header.alg,
    kid,
    signer: { alg: header.alg, kid, sign },
    checkpointSigner: { kid, sign },
    eventSecret: secrets.eventSecret,
    clock: guard,
  };
}

/** Whether this computer remembers the station key under its keychain (KEY_FILES.remembered). */
export function hasRememberedStationKey(dataDir: string): boolean {
  return existsSync(join(keysDir(dataDir), KEY_FILES.remembered));
}

/** Removes the remembered copy: the passphrase is needed again on this computer. */
export function forgetRememberedStationKey(dataDir: string): void {
  rmSync(join(keysDir(dataDir), KEY_FILES.remembered), { force: true });
}

/** Checks checkpoint signatures against the certificates this station trusts. */
export function checkpointVerifier(trust: StationTrust): CheckpointVerifier {
  return (checkpoint, message) => {
    const kid = checkpoint.kid?.toString('hex');
    const signer =
      kid === undefined
        ? undefined
        : (trust.trustList.certificates.get(kid) ??
          (kid === trust.certificate.kid.toString('hex') ? trust.certificate : undefined));
    if (!signer) return 'unknown-key';
    return verifyWith(signer.certificate.alg, signer.key, message, checkpoint.signature ?? Buffer.alloc(0)) ? 'valid' : 'invalid';
  };
}

/** A verifier with this station's view of the event (trust list, no revocations), on the given clock. */
export function stationVerifier(trust: StationTrust, clock: Clock): BadgeVerifier {
  return new BadgeVerifier({ roots: [trust.root], trustList: trust.trustList, now: clock });
}

export function stationKeyHeader(dataDir: string) {
  const path = join(keysDir(dataDir), KEY_FILES.key);
  return existsSync(path) ? readKeyHeader(path) : undefined;
}

function normalise(fingerprint: string): string {
  return fingerprint.replace(/[^0-9a-f]/gi, '').toLowerCase();
}
