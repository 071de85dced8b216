import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { epochSeconds, systemClock } from '../../electron/core/clock.ts';
import { ClockGuard, passphraseKey, unlockStation } from '../../electron/core/keys/index.ts';
import { barcodeForm, chipForm, holderHash } from '../../electron/core/payload/index.ts';
import { DATABASE_FILE, openStation } from '../../electron/core/station/index.ts';
import { TEST_PASSPHRASE, testKek } from '../support/passphrase.ts';
import { cli, tempDir } from '../support/station.ts';
import { tamper } from '../support/tamper.ts';

// Each test here runs the CLI as a child process many times (tsx's start, a passphrase's
// scrypt): 5-20 s on a quiet 2-core machine, far more on a busy one.
// Many commands a test, each stretching the station passphrase (scrypt) to open the data.
vi.setConfig({ testTimeout: 240_000 });

// The station passphrase is the tests' one: it opens the station's data as well as its key.
const env = { BADGE_STATION_ROOT_PASSPHRASE: 'root ceremony passphrase', BADGE_STATION_PASSPHRASE: TEST_PASSPHRASE };
const day = 86_400;
/** The station's database is the CLI's while these tests run: their keyrings never learnt upstream's time. */
const unsynced = () => new ClockGuard(systemClock, () => undefined);

/** The whole ceremony as the office runs it, by command. */
function enrolledStation() {
  const rootDir = join(tempDir(), 'usb-stick');
  const dataDir = join(tempDir(), 'desk-7');
  const bundle = join(tempDir(), 'station-007.bundle');
  expect(cli(['keys', 'root', 'create', '--root', rootDir], env).status).toBe(0);
  const fingerprint = cli(['--json', 'keys', 'root', 'create', '--root', join(tempDir(), 'other')], env).json<{
    result: { fingerprint: string };
  }>();
  expect(fingerprint.result.fingerprint).toMatch(/^[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}$/);
  expect(cli(['--data', dataDir, 'init', '--station', '7'], env).status).toBe(0);
  expect(cli(['--data', dataDir, 'keys', 'station', 'generate'], env).status).toBe(0);
  const from = new Date(systemClock() - day * 1000).toISOString().slice(0, 10);
  const until = new Date(systemClock() + 60 * day * 1000).toISOString().slice(0, 10);
  const certify = cli(
    [
      'keys',
      'root',
      'certify',
      '--root',
      rootDir,
      '--request',
      join(dataDir, 'keys', 'station.request'),
      '--out',
      bundle,
      '--types',
      'exhibitor,visitor',
      '--zones',
      'all',
      '--valid-from',
      from,
      '--valid-until',
      until,
    ],
    env,
  );
  expect(certify.stderr).toBe('');
  expect(certify.status).toBe(0);
  const rootPrint = cli(['--json', 'keys', 'root', 'trust-list', '--root', rootDir], env);
  expect(rootPrint.status).toBe(0);
  return { rootDir, dataDir, bundle };
}

// The command line runs on the computer's clock, as a desk and a gate do: these tests date
// their certificates and claims from the real clock too, and say so in their names.
describe('the key ceremony and a gate’s check, by command, on the real clock', () => {
  it('enrols a station, whose badges then verify offline with exit 0, and fail with the reason and exit 1', () => {
    const { dataDir, bundle } = enrolledStation();
    const enrol = cli(['--data', dataDir, '--json', 'keys', 'station', 'enrol', bundle], env);
    expect(enrol.json()).toMatchObject({ ok: true, result: { station: 7 } });
    expect(cli(['--data', dataDir, '--json', 'keys', 'show'], env).json()).toMatchObject({
      result: { enrolled: true, certificate: { types: ['E', 'V'] } },
    });

    const keyring = unlockStation(dataDir, passphraseKey(env.BADGE_STATION_PASSPHRASE), unsynced());
    const now = epochSeconds(systemClock);
    const claims = {
      badgeId: 12345,
      version: 2,
      type: 'E',
      zoneMask: 0x10ff,
      notBefore: now - 60,
      expires: now + 7 * day,
      holderHash: holderHash(keyring.eventSecret, 'H-1'),
    };
    const barcode = barcodeForm(claims, keyring.signer);

    const ok = cli(['--data', dataDir, 'verify', barcode]);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('VALID (barcode, station 007)');
    expect(ok.stdout).toContain('E-007-0012345-2 exhibitor zones H1 H2 H3 H4 H5 H6 H7 H8 XS');

    const uid = '04A1B2C3D4E5F6';
    const chip = chipForm(claims, keyring.signer, Buffer.from(uid, 'hex'));
    const chipFile = join(tempDir(), 'chip.bin');
    writeFileSync(chipFile, Buffer.concat([chip.ndef, Buffer.alloc(144 - chip.ndef.length)]));
    expect(cli(['--data', dataDir, 'verify', chipFile, '--chip-uid', uid]).status).toBe(0);
    const copied = cli(['--data', dataDir, '--json', 'verify', chipFile, '--chip-uid', '04A1B2C3D4E5F7']);
    expect(copied.status).toBe(1);
    expect(copied.json()).toMatchObject({ ok: false, error: { code: 'WRONG_CHIP' } });

    const policy = cli(['--data', dataDir, 'verify', barcodeForm({ ...claims, type: 'P' }, keyring.signer)]);
    expect(policy.status).toBe(1);
    expect(policy.stderr).toMatch(/^badge-station: OUTSIDE_POLICY: Station 7 may not sign type P badges\.\n$/);
    expect(cli(['--data', dataDir, '--json', 'verify', 'BS1:GGW']).json()).toMatchObject({ error: { code: 'MALFORMED' } });
  });

  it('checks a revocation list signed at the ceremony, and refuses reprinted versions', () => {
    const { rootDir, dataDir, bundle } = enrolledStation();
    cli(['--data', dataDir, 'keys', 'station', 'enrol', bundle], env);
    const keyring = unlockStation(dataDir, passphraseKey(env.BADGE_STATION_PASSPHRASE), unsynced());
    const now = epochSeconds(systemClock);
    const claims = {
      badgeId: 77,
      version: 1,
      type: 'V',
      zoneMask: 1,
      notBefore: now - 60,
      expires: now + day,
      holderHash: holderHash(keyring.eventSecret, 'H-2'),
    };
    const entries = join(tempDir(), 'entries.json');
    writeFileSync(entries, JSON.stringify({ badges: [{ station: 7, badge: 77, minVersion: 2 }] }));
    const list = join(tempDir(), 'revocations.cose');
    expect(cli(['revocations', 'sign', '--root', rootDir, '--in', entries, '--seq', '1', '--out', list], env).status).toBe(0);
    const revoked = cli(['--data', dataDir, '--json', 'verify', barcodeForm(claims, keyring.signer), '--revocations', list]);
    expect(revoked.json()).toMatchObject({
      error: { code: 'REVOKED', message: 'REVOKED: Version 1 was replaced by version 2.' },
    });
    expect(
      cli(['--data', dataDir, 'verify', barcodeForm({ ...claims, version: 2 }, keyring.signer), '--revocations', list]).status,
    ).toBe(0);

    writeFileSync(entries, JSON.stringify({ badges: [{ station: 7, badge: 77 }] }));
    const bad = cli(['--json', 'revocations', 'sign', '--root', rootDir, '--in', entries, '--seq', '2', '--out', list], env);
    expect(bad.json()).toMatchObject({ error: { code: 'USAGE', message: expect.stringContaining('badges.0.minVersion') } });
  });

  it('signs ledger checkpoints, so events cut off the end are found', () => {
    const { dataDir, bundle } = enrolledStation();
    cli(['--data', dataDir, 'keys', 'station', 'enrol', bundle], env);
    const station = openStation(dataDir, 'test', { kek: testKek() });
    for (let i = 0; i < 5; i += 1) station.ledger.append({ type: 'BADGE_PRINTED', actor: 'op:1', data: { n: i } });
    station.close();
    expect(cli(['--data', dataDir, 'ledger', 'checkpoint'], env).stdout).toMatch(/^Checkpoint signed at event 8 /);
    expect(cli(['--data', dataDir, '--json', 'ledger', 'verify']).json()).toMatchObject({
      ok: true,
      result: { checkpoints: { signed: 1 } },
    });

    tamper(join(dataDir, DATABASE_FILE), (db) => db.prepare('DELETE FROM ledger_events WHERE seq > 6').run());
    const cut = cli(['--data', dataDir, '--json', 'ledger', 'verify']);
    expect(cut.status).toBe(1);
    expect(cut.json()).toMatchObject({ result: { firstBadSeq: 7, problem: { kind: 'cut_off' } } });

    tamper(join(dataDir, DATABASE_FILE), (db) =>
      db.prepare(`UPDATE ledger_checkpoints SET seq = 6, head_hash = (SELECT hash FROM ledger_events WHERE seq = 6)`).run(),
    );
    expect(cli(['--data', dataDir, '--json', 'ledger', 'verify']).json()).toMatchObject({
      result: { problem: { kind: 'checkpoint_signature_invalid' } },
    });

    // Whoever cut it cannot sign: a checkpoint left unsigned after the enrolment is named, not trusted.
    tamper(join(dataDir, DATABASE_FILE), (db) => db.prepare('UPDATE ledger_checkpoints SET kid = NULL, signature = NULL').run());
    const unsigned = cli(['--data', dataDir, 'ledger', 'verify']);
    expect(unsigned.status).toBe(1);
    expect(unsigned.stderr).toContain(
      'first bad event is 6. The checkpoint at event 6 is not signed, but the station was enrolled at event 3',
    );
  });

  it('needs a passphrase from the environment or a file, never the command line', () => {
    const result = cli(['--json', 'keys', 'root', 'create', '--root', tempDir()], { BADGE_STATION_ROOT_PASSPHRASE: '' });
    expect(result.json()).toMatchObject({
      error: { code: 'USAGE', message: expect.stringContaining('set BADGE_STATION_ROOT_PASSPHRASE, or give --passphrase-file') },
    });
  });
});
