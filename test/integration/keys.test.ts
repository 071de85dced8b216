import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  certifyStation,
  createEventRoot,
  enrolStation,
  generateStationKey,
  hostKey,
  KEY_FILES,
  keysDir,
  openEventRoot,
  passphraseKey,
  rootFingerprint,
  stationVerifier,
  unlockStation,
} from '../../electron/core/keys/index.ts';
import { barcodeForm, holderHash, readTrustList } from '../../electron/core/payload/index.ts';
import { expoClock } from '../support/clock.ts';
import { DAY, exhibitorClaims, NOW, nowSeconds } from '../support/event-keys.ts';
import { tempDir } from '../support/station.ts';

const ROOT_PASSPHRASE = 'ceremony passphrase, kept in the safe';
const STATION_PASSPHRASE = 'desk seven passphrase';

function ceremony(rootDir: string, dataDir: string, station = '007') {
  createEventRoot(rootDir, 'Ed25519', passphraseKey(ROOT_PASSPHRASE));
  const request = generateStationKey(dataDir, station, 'Ed25519', passphraseKey(STATION_PASSPHRASE));
  const event = openEventRoot(rootDir, passphraseKey(ROOT_PASSPHRASE));
  const certified = certifyStation(rootDir, event, request, {
    allowedTypes: ['E', 'V'],
    maxZoneMask: 0x1ffff,
    notBefore: nowSeconds - DAY,
    notAfter: nowSeconds + 90 * DAY,
    latestBadgeExpiry: nowSeconds + 60 * DAY,
    issuedAt: nowSeconds,
  });
  return { event, certified };
}

describe('a station joins the event', () => {
  it('from key generation through the ceremony to signing badges a gate accepts', () => {
    const rootDir = tempDir();
    const dataDir = tempDir();
    const { event, certified } = ceremony(rootDir, dataDir);
    const enrolled = enrolStation(dataDir, certified.bundle, passphraseKey(STATION_PASSPHRASE), rootFingerprint(event.root));
    expect(enrolled).toMatchObject({ station: 7, kid: certified.kid });

    const keyring = unlockStation(dataDir, passphraseKey(STATION_PASSPHRASE), expoClock());
    expect(keyring.eventSecret.equals(event.eventSecret)).toBe(true);
    const claims = exhibitorClaims(keyring.eventSecret, { holderHash: holderHash(keyring.eventSecret, 'H-000123') });
    const verdict = stationVerifier(keyring, keyring.clock.now).verify(barcodeForm(claims, keyring.signer));
    expect(verdict).toMatchObject({ valid: true, station: 7 });
    expect(readTrustList(readFileSync(join(rootDir, 'trust.list')), [event.root]).certificates.size).toBe(1);
  });

  it('never writes a private key or the event secret in clear', () => {
    const rootDir = tempDir();
    const dataDir = tempDir();
    const { event, certified } = ceremony(rootDir, dataDir);
    enrolStation(dataDir, certified.bundle, passphraseKey(STATION_PASSPHRASE));
    const keyring = unlockStation(dataDir, passphraseKey(STATION_PASSPHRASE), expoClock());
    const secretB64 = event.eventSecret.toString('base64');
    for (const file of [
      join(rootDir, 'root-key.json'),
      join(keysDir(dataDir), KEY_FILES.key),
      join(keysDir(dataDir), KEY_FILES.request),
    ]) {
      const text = readFileSync(file).toString('latin1');
      expect(text).not.toContain(secretB64);
      expect(text).not.toContain(event.eventSecret.toString('latin1'));
      expect(text).not.toMatch(/PRIVATE KEY/);
    }
    expect(JSON.stringify(keyring)).not.toContain(secretB64.slice(0, 20));
  });

  it('refuses a bundle whose root is not the one read out at the ceremony', () => {
    const dataDir = tempDir();
    const { certified } = ceremony(tempDir(), dataDir);
    expect(() => enrolStation(dataDir, certified.bundle, passphraseKey(STATION_PASSPHRASE), 'dead-beef-0000')).toThrow(
      expect.objectContaining({ code: 'TRUST_INVALID' }),
    );
  });

  it('refuses a bundle made for another station’s request', () => {
    const dataDir = tempDir();
    const otherData = tempDir();
    const rootDir = tempDir();
    ceremony(rootDir, dataDir);
    const event = openEventRoot(rootDir, passphraseKey(ROOT_PASSPHRASE));
    const otherRequest = generateStationKey(otherData, '008', 'Ed25519', passphraseKey(STATION_PASSPHRASE));
    const forOther = certifyStation(rootDir, event, otherRequest, {
      allowedTypes: ['E'],
      maxZoneMask: 1,
      notBefore: nowSeconds,
      notAfter: nowSeconds + DAY,
      latestBadgeExpiry: nowSeconds + DAY,
      issuedAt: nowSeconds,
    });
    expect(() => enrolStation(dataDir, forOther.bundle, passphraseKey(STATION_PASSPHRASE))).toThrow(
      expect.objectContaining({ code: 'TRUST_INVALID' }),
    );
  });
});

describe('key files under attack or accident', () => {
  it('a wrong passphrase opens nothing and leaves the file byte for byte', () => {
    const dataDir = tempDir();
    generateStationKey(dataDir, '007', 'ES256', passphraseKey(STATION_PASSPHRASE));
    const path = join(keysDir(dataDir), KEY_FILES.key);
    const before = readFileSync(path);
    expect(() => enrolStation(dataDir, Buffer.alloc(10), passphraseKey('not the passphrase'))).toThrow(
      expect.objectContaining({ code: 'KEY_PASSPHRASE_WRONG' }),
    );
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('a damaged key file is reported as damaged and left alone', () => {
    const dataDir = tempDir();
    generateStationKey(dataDir, '007', 'Ed25519', passphraseKey(STATION_PASSPHRASE));
    const path = join(keysDir(dataDir), KEY_FILES.key);
    writeFileSync(path, readFileSync(path, 'utf8').replace('"sealed"', '"seeled"'));
    const before = readFileSync(path);
    expect(() => enrolStation(dataDir, Buffer.alloc(10), passphraseKey(STATION_PASSPHRASE))).toThrow(
      expect.objectContaining({ code: 'KEY_FILE_CORRUPT' }),
    );
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('a public key swapped in the header does not open under the right passphrase either', () => {
    const dataDir = tempDir();
    generateStationKey(dataDir, '007', 'Ed25519', passphraseKey(STATION_PASSPHRASE));
    const path = join(keysDir(dataDir), KEY_FILES.key);
    const file = JSON.parse(readFileSync(path, 'utf8'));
    file.publicKey = Buffer.alloc(32, 7).toString('base64');
    writeFileSync(path, JSON.stringify(file));
    expect(() => enrolStation(dataDir, Buffer.alloc(10), passphraseKey(STATION_PASSPHRASE))).toThrow(
      expect.objectContaining({ code: 'KEY_PASSPHRASE_WRONG' }),
    );
  });

  it('a key sealed by the desktop host’s key is refused under a passphrase', () => {
    const dataDir = tempDir();
    generateStationKey(dataDir, '007', 'Ed25519', hostKey(Buffer.alloc(32, 1)));
    expect(() => enrolStation(dataDir, Buffer.alloc(10), passphraseKey(STATION_PASSPHRASE))).toThrow(
      expect.objectContaining({ code: 'KEY_PASSPHRASE_WRONG' }),
    );
  });

  it('an existing key is never overwritten by generating again', () => {
    const dataDir = tempDir();
    generateStationKey(dataDir, '007', 'Ed25519', passphraseKey(STATION_PASSPHRASE));
    expect(() => generateStationKey(dataDir, '007', 'Ed25519', passphraseKey(STATION_PASSPHRASE))).toThrow(
      expect.objectContaining({ code: 'KEY_EXISTS' }),
    );
  });
});

describe('the clock guard', () => {
  it('refuses to sign while the station clock is more than two minutes off upstream, and says so', () => {
    const rootDir = tempDir();
    const dataDir = tempDir();
    const { certified } = ceremony(rootDir, dataDir);
    enrolStation(dataDir, certified.bundle, passphraseKey(STATION_PASSPHRASE));
    const keyring = unlockStation(dataDir, passphraseKey(STATION_PASSPHRASE), expoClock());
    const claims = exhibitorClaims(keyring.eventSecret);
    keyring.clock.recordUpstreamTime(NOW - 5 * 60_000, NOW);
    expect(() => barcodeForm(claims, keyring.signer)).toThrow(
      expect.objectContaining({ code: 'CLOCK_SKEW', message: expect.stringContaining('5 min 0 s ahead of upstream') }),
    );
    keyring.clock.recordUpstreamTime(NOW + 30_000, NOW);
    expect(barcodeForm(claims, keyring.signer)).toMatch(/^BS1:/);
  });
});

describe('signed ledger checkpoints while the station works', () => {
  it('are taken every N events, verify, and never cost an event when signing is refused', async () => {
    const { initStation } = await import('../../electron/core/station/index.ts');
    const { checkpointVerifier, signCheckpointsAsLedgerGrows } = await import('../../electron/core/keys/index.ts');
    const { verifyLedger } = await import('../../electron/core/ledger/index.ts');
    const dataDir = join(tempDir(), 'desk');
    const station = initStation(dataDir, '007', 'system:test', { clock: expoClock() });
    const { certified } = ceremony(tempDir(), dataDir);
    enrolStation(dataDir, certified.bundle, passphraseKey(STATION_PASSPHRASE));
    const keyring = unlockStation(dataDir, passphraseKey(STATION_PASSPHRASE), station.clock);
    signCheckpointsAsLedgerGrows(station, keyring, 10);

    for (let i = 0; i < 24; i += 1) station.ledger.append({ type: 'BADGE_PRINTED', actor: 'op:1', data: { i } });
    expect(station.checkpoints.all().map((checkpoint) => [checkpoint.seq, checkpoint.signature?.length])).toEqual([
      [10, 64],
      [20, 64],
    ]);

    keyring.clock.recordUpstreamTime(keyring.clock.now() + 10 * 60_000);
    for (let i = 0; i < 10; i += 1) station.ledger.append({ type: 'CARD_REJECTED', actor: 'op:1', data: { i } });
    expect(station.ledger.head()?.seq).toBe(35);
    expect(station.checkpoints.latestSeq()).toBe(20);

    keyring.clock.recordUpstreamTime(keyring.clock.now());
    station.ledger.append({ type: 'BADGE_PRINTED', actor: 'op:1', data: {} });
    expect(station.checkpoints.latestSeq()).toBe(36);
    expect(verifyLedger(station.db, station.ledger, { verifyCheckpoint: checkpointVerifier(keyring) })).toMatchObject({
      intact: true,
      checkpoints: { signed: 3 },
    });
    station.close();
  });
});
