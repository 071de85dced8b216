import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../electron/core/clock.ts';
import {
  ClockGuard,
  certifyStation,
  checkpointVerifier,
  createEventRoot,
  enrolStation,
  generateStationKey,
  hostKey,
  KEY_FILES,
  keysDir,
  openEventRoot,
  passphraseKey,
  rootFingerprint,
  signCheckpointsAsLedgerGrows,
  stationClockGuard,
  stationVerifier,
  unlockStation,
} from '../../electron/core/keys/index.ts';
import { verifyLedger } from '../../electron/core/ledger/index.ts';
import { barcodeForm, holderHash, readTrustList } from '../../electron/core/payload/index.ts';
import { initStation, openStation, recordUpstreamTime, type Station } from '../../electron/core/station/index.ts';
import { demoPort } from '../../electron/devices/index.ts';
import { DemoEncoder } from '../../native/chips/index.ts';
import { DemoPrinter } from '../../native/printers/index.ts';
import { expoClock } from '../support/clock.ts';
import { DAY, exhibitorClaims, nowSeconds } from '../support/event-keys.ts';
import { testKek } from '../support/passphrase.ts';
import { ledgerData, pipelineOn, pipelineStation } from '../support/pipeline.ts';
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

/** Keys unlocked with no station database: they never learn upstream's time. */
function unsynced(clock: Clock = expoClock()): ClockGuard {
  return new ClockGuard(clock, () => undefined);
}

/** A station database with its keys enrolled (its ledger records it), on `clock`. */
function enrolledStation(clock: Clock = expoClock()): { station: Station; dataDir: string } {
  const dataDir = join(tempDir(), 'desk');
  const station = initStation(dataDir, '007', 'system:test', testKek(STATION_PASSPHRASE), { clock });
  const { certified } = ceremony(tempDir(), dataDir);
  enrolStation(dataDir, certified.bundle, passphraseKey(STATION_PASSPHRASE), { station, actor: 'system:test' });
  return { station, dataDir };
}

describe('a station joins the event', () => {
  it('from key generation through the ceremony to signing badges a gate accepts', () => {
    const rootDir = tempDir();
    const dataDir = tempDir();
    const { event, certified } = ceremony(rootDir, dataDir);
    const enrolled = enrolStation(dataDir, certified.bundle, passphraseKey(STATION_PASSPHRASE), {
      rootFingerprint: rootFingerprint(event.root),
    });
    expect(enrolled).toMatchObject({ station: 7, kid: certified.kid });

    const keyring = unlockStation(dataDir, passphraseKey(STATION_PASSPHRASE), unsynced());
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
    const keyring = unlockStation(dataDir, passphraseKey(STATION_PASSPHRASE), unsynced());
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
    expect(() =>
      enrolStation(dataDir, certified.bundle, passphraseKey(STATION_PASSPHRASE), { rootFingerprint: 'dead-beef-0000' }),
    ).toThrow(expect.objectContaining({ code: 'TRUST_INVALID' }));
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
  it('a station whose last sync found its clock 5 min ahead refuses to sign after a fresh unlock, and says to sync again', () => {
    const clock = expoClock();
    const { station, dataDir } = enrolledStation(clock);
    recordUpstreamTime(station, clock() - 5 * 60_000);
    station.close();

    const reopened = openStation(dataDir, 'test', { kek: testKek(STATION_PASSPHRASE) }, { clock });
    const keyring = unlockStation(dataDir, passphraseKey(STATION_PASSPHRASE), stationClockGuard(reopened));
    expect(() => barcodeForm(exhibitorClaims(keyring.eventSecret), keyring.signer)).toThrow(
      expect.objectContaining({
        code: 'CLOCK_SKEW',
        message: expect.stringMatching(/^The station clock was 5 min 0 s ahead of upstream at the last sync .*then sync again/),
      }),
    );
    expect(() => reopened.checkpoints.take(keyring.checkpointSigner)).toThrow(expect.objectContaining({ code: 'CLOCK_SKEW' }));
    reopened.close();
  });

  it('a keyring unlocked before a sync obeys what the sync learnt, both ways', () => {
    const clock = expoClock();
    const { station, dataDir } = enrolledStation(clock);
    const keyring = unlockStation(dataDir, passphraseKey(STATION_PASSPHRASE), stationClockGuard(station));
    const claims = exhibitorClaims(keyring.eventSecret);
    expect(barcodeForm(claims, keyring.signer)).toMatch(/^BS1:/);
    recordUpstreamTime(station, clock() + 10 * 60_000);
    expect(() => barcodeForm(claims, keyring.signer)).toThrow(
      expect.objectContaining({ code: 'CLOCK_SKEW', message: expect.stringContaining('10 min 0 s behind upstream') }),
    );
    recordUpstreamTime(station, clock() + 30_000);
    expect(barcodeForm(claims, keyring.signer)).toMatch(/^BS1:/);
    station.close();
  });

  it('a clock set right after a sync found it wrong signs nothing until the next sync confirms it', () => {
    const expo = expoClock();
    let setWrongBy = 5 * 60_000;
    const { station, dataDir } = enrolledStation(() => expo() + setWrongBy);
    recordUpstreamTime(station, expo());
    const keyring = unlockStation(dataDir, passphraseKey(STATION_PASSPHRASE), stationClockGuard(station));
    const claims = exhibitorClaims(keyring.eventSecret);
    expect(() => barcodeForm(claims, keyring.signer)).toThrow(expect.objectContaining({ code: 'CLOCK_SKEW' }));

    setWrongBy = 0;
    expect(() => barcodeForm(claims, keyring.signer)).toThrow(
      expect.objectContaining({ code: 'CLOCK_SKEW', message: expect.stringContaining('sync again') }),
    );
    recordUpstreamTime(station, expo());
    expect(barcodeForm(claims, keyring.signer)).toMatch(/^BS1:/);
    station.close();
  });
});

describe('the print pipeline when the desk may not sign', () => {
  it('stops with CLOCK_SKEW, saying to sync again, and rejects no card; after a sync that finds the clock right the job finishes', async () => {
    const desk = await pipelineStation(3, [], { folder: tempDir('badge-station-pipeline-') });
    const station = desk.open();
    const { jobs, run } = pipelineOn(desk, station);
    const job = jobs.createJob({ name: 'bulk', badges: { unprinted: true }, actor: 'system:test' });
    const encoder = new DemoEncoder({ name: 'Encoder A', seed: 21 });
    const printer = new DemoPrinter({
      name: 'Desk-A',
      outputDir: tempDir('badge-station-demo-printer-'),
      paceMs: 0,
      durable: false,
      encoder,
    });
    const devices = [{ printer: demoPort(printer), encoder }];

    // The sync lands while the first card waits at the encoder: its barcode is signed, its chip not yet.
    let synced = false;
    const skewed = run(devices, {
      at(point) {
        if (point !== 'rendered' || synced) return;
        synced = true;
        recordUpstreamTime(station, station.clock() + 5 * 60_000);
      },
    });
    await expect(skewed).rejects.toMatchObject({
      code: 'CLOCK_SKEW',
      message: expect.stringContaining('5 min 0 s behind upstream at the last sync'),
    });
    expect(encoder.rejected).toBe(0);
    expect(printer.printed).toBe(0);
    expect(ledgerData(station, 'CARD_REJECTED')).toEqual([]);
    expect(Object.keys(jobs.progress(job).byState).sort()).toEqual(['queued', 'rendered']);

    await expect(run(devices)).rejects.toMatchObject({ code: 'CLOCK_SKEW' });
    expect(encoder.rejected).toBe(0);

    recordUpstreamTime(station, station.clock());
    const summary = await run(devices);
    expect(summary.rejectedCards).toBe(0);
    expect(jobs.progress(job).byState).toEqual({ issued: 3 });
    station.close();
  });
});

describe('enrolment and the ledger', () => {
  it("is recorded in the station's ledger, and from then on a checkpoint without the station's signature is refused", () => {
    const { station, dataDir } = enrolledStation();
    const [enrolment] = [...station.ledger.events()].filter((event) => event.type === 'STATION_ENROLLED');
    expect(enrolment).toMatchObject({ seq: 2, actor: 'system:test', subject: 'station:007' });
    expect(() => station.checkpoints.take()).toThrow(
      expect.objectContaining({ code: 'KEY_MISSING', message: expect.stringContaining('enrolled at event 2') }),
    );
    expect(station.checkpoints.all()).toEqual([]);

    const keyring = unlockStation(dataDir, passphraseKey(STATION_PASSPHRASE), stationClockGuard(station));
    expect(station.checkpoints.take(keyring.checkpointSigner).signature).toHaveLength(64);
    expect(
      verifyLedger(station.db, station.ledger, { verifyCheckpoint: checkpointVerifier(keyring), stationEnrolled: true }),
    ).toMatchObject({ intact: true, enrolledAtSeq: 2, checkpoints: { signed: 1, unsigned: 0 } });
    station.close();
  });

  it('refuses a bundle for another station before installing anything', () => {
    const dataDir = join(tempDir(), 'desk');
    const station = initStation(dataDir, '008', 'system:test', testKek(STATION_PASSPHRASE), { clock: expoClock() });
    const { certified } = ceremony(tempDir(), dataDir, '007');
    expect(() => enrolStation(dataDir, certified.bundle, passphraseKey(STATION_PASSPHRASE), { station })).toThrow(
      expect.objectContaining({ code: 'TRUST_INVALID', message: 'The bundle is for station 7, this is station 008.' }),
    );
    expect(station.ledger.head()?.seq).toBe(1);
    expect(() => unlockStation(dataDir, passphraseKey(STATION_PASSPHRASE), unsynced())).toThrow(
      expect.objectContaining({ code: 'KEY_MISSING' }),
    );
    station.close();
  });
});

describe('signed ledger checkpoints while the station works', () => {
  it('are taken every N events, verify, and never cost an event when signing is refused', () => {
    const { station, dataDir } = enrolledStation();
    const keyring = unlockStation(dataDir, passphraseKey(STATION_PASSPHRASE), stationClockGuard(station));
    signCheckpointsAsLedgerGrows(station, keyring, 10);

    for (let i = 0; i < 24; i += 1) station.ledger.append({ type: 'BADGE_PRINTED', actor: 'op:1', data: { i } });
    expect(station.checkpoints.all().map((checkpoint) => [checkpoint.seq, checkpoint.signature?.length])).toEqual([
      [10, 64],
      [20, 64],
    ]);

    recordUpstreamTime(station, station.clock() + 10 * 60_000);
    for (let i = 0; i < 10; i += 1) station.ledger.append({ type: 'CARD_REJECTED', actor: 'op:1', data: { i } });
    expect(station.ledger.head()?.seq).toBe(36);
    expect(station.checkpoints.latestSeq()).toBe(20);

    recordUpstreamTime(station, station.clock());
    station.ledger.append({ type: 'BADGE_PRINTED', actor: 'op:1', data: {} });
    expect(station.checkpoints.latestSeq()).toBe(37);
    expect(
      verifyLedger(station.db, station.ledger, { verifyCheckpoint: checkpointVerifier(keyring), stationEnrolled: true }),
    ).toMatchObject({ intact: true, checkpoints: { signed: 3 } });
    station.close();
  });
});
