import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ChipJobEvent, currentChipOf, encodeChip, runChipJob } from '../../electron/core/chips/index.ts';
import { systemClock } from '../../electron/core/clock.ts';
import type { LedgerEvent } from '../../electron/core/ledger/index.ts';
import { openStation, type Station } from '../../electron/core/station/index.ts';
import { chipPassword } from '../../native/chips/index.ts';
import { PcscEncoder, watchReaders } from '../../native/pcsc/index.ts';
import { chipStation, directSession, STATION_PASSPHRASE } from '../support/chip-station.ts';
import { testKek } from '../support/passphrase.ts';
import { pcscdForThisFile } from '../support/pcscd-cards.ts';
import { cliAsync, tempDir } from '../support/station.ts';
import { VIRTUAL_READER_FIRMWARE, VirtualNtag } from '../support/virtual-ntag.ts';

const cards = pcscdForThisFile();
const { present, takeAway } = cards;

function events(station: Station, type: string): Record<string, unknown>[] {
  return [...station.ledger.events()].filter((e: LedgerEvent) => e.type === type).map((e) => JSON.parse(e.data));
}

describe('a badge chip is encoded through pcscd', () => {
  it('a reader that cannot pass PWD_AUTH through is refused before anything is written: an issued chip is always protected', async () => {
    const { station, context, serials } = await chipStation(1, tempDir);
    const encoder = new PcscEncoder();
    const tag = new VirtualNtag();
    const card = await present(tag, { passThrough: false });
    const session = await encoder.waitForCard({ timeoutMs: 5000 });
    const identity = await session.identify();
    expect(identity).toMatchObject({ model: 'NTAG213', protectable: false }); // told by the CC instead of GET_VERSION
    const outcome = await encodeChip(context, session, serials[0] as string);
    await session.release();
    expect(outcome).toMatchObject({ ok: false, code: 'UNSUPPORTED' });
    expect(tag.writes).toBe(0);
    await takeAway(card, encoder);
    await encoder.close();
    station.close();
  });

  it('a chip that reads back differently is rejected with VERIFY_MISMATCH and left unprotected', async () => {
    const { station, context, serials } = await chipStation(1, tempDir);
    const tag = new VirtualNtag();
    tag.onWrite = (writes) => {
      // A weak chip: the 6th page it takes does not hold what was written.
      if (writes === 6) tag.memory[9 * 4] = (tag.memory[9 * 4] as number) ^ 0x01;
    };
    const outcome = await encodeChip(context, directSession(tag), serials[0] as string);
    expect(outcome).toMatchObject({ ok: false, code: 'VERIFY_MISMATCH', details: { page: 9 } });
    expect(tag.auth0).toBe(0xff);
    expect(events(station, 'CARD_REJECTED')).toEqual([expect.objectContaining({ reason: 'VERIFY_MISMATCH', page: 9 })]);
    expect(currentChipOf(station, serials[0] as string)).toBeUndefined();
    station.close();
  });

  it('pcscd stopped mid-job: READER_GONE pauses the run, no card is failed, and it resumes when the reader is back', async () => {
    const { station, context, serials } = await chipStation(2, tempDir);
    const encoder = new PcscEncoder();
    const [firstTag, secondTag] = [new VirtualNtag(), new VirtualNtag()];
    let killed: Promise<void> | undefined;
    secondTag.onWrite = (writes) => {
      if (writes === 5 && !killed) killed = cards.pcscd.kill();
    };
    let current = await present(firstTag);
    const seen: string[] = [];
    const results = await runChipJob(context, encoder, serials, {
      waitTimeoutMs: 15_000,
      onEvent: (event: ChipJobEvent) => {
        seen.push(event.type);
        if (event.type === 'encoded' && event.outcome.serial === serials[0]) {
          // The operator takes the first card off and puts the next one on.
          void current.remove().then(async () => {
            current = await present(secondTag);
          });
        }
        if (event.type === 'encoded' && event.outcome.serial === serials[1]) void current.remove();
        if (event.type === 'paused') {
          // The service comes back (printer switched on again) and the card is still there.
          void (killed ?? Promise.resolve()).then(async () => {
            await cards.pcscd.start();
            current = await present(secondTag);
          });
        }
      },
    });
    expect(seen.filter((type) => type === 'paused' || type === 'resumed')).toEqual(['paused', 'resumed']);
    expect(results.map((result) => [result.serial, result.ok])).toEqual([
      [serials[0], true],
      [serials[1], true],
    ]);
    expect(events(station, 'CARD_REJECTED')).toEqual([]);
    expect(events(station, 'CHIP_ENCODED').map((event) => event.uid)).toEqual(
      [firstTag, secondTag].map((tag) => tag.uid.toString('hex').toUpperCase()),
    );
    await current.remove();
    await encoder.close();
    station.close();
  });
});

describe('the encoder keeps its word on time, cancellation and events', () => {
  it('a card that stops answering is TIMEOUT for that command, and the card is rejected with that reason', async () => {
    const { station, context, serials } = await chipStation(1, tempDir);
    const encoder = new PcscEncoder({ commandTimeoutMs: 300 });
    const tag = new VirtualNtag();
    const card = await present(tag);
    tag.onWrite = (writes) => {
      if (writes === 3) card.stall();
    };
    const session = await encoder.waitForCard({ timeoutMs: 5000 });
    const outcome = await encodeChip(context, session, serials[0] as string);
    await session.release();
    expect(outcome).toMatchObject({ ok: false, code: 'TIMEOUT', paused: false, details: { pagesWritten: 3 } });
    expect(events(station, 'CARD_REJECTED')).toEqual([expect.objectContaining({ reason: 'TIMEOUT', pagesWritten: 3 })]);
    await takeAway(card, encoder);
    await encoder.close();
    station.close();
  });

  it('reports cards put on and taken off the reader as they happen', async () => {
    const seen: string[] = [];
    const stop = watchReaders((event) => {
      if (event.reader === 'Virtual PCD 00 00') seen.push(event.type);
    });
    const waitFor = async (type: string) => {
      const deadline = Date.now() + 5000;
      while (!seen.includes(type) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    };
    await waitFor('reader-attached');
    const card = await present(new VirtualNtag());
    await waitFor('card-inserted');
    await card.remove();
    await waitFor('card-removed');
    stop();
    expect(seen).toEqual(expect.arrayContaining(['reader-attached', 'card-inserted', 'card-removed']));
    expect(seen.indexOf('card-inserted')).toBeLessThan(seen.lastIndexOf('card-removed'));
  });
});

describe("the technician's chip tools, by command (on the real clock, as the CLI runs)", () => {
  it('devices list, chip read, a replacement chip, and wiping: a live card refused, the replaced one wiped', async () => {
    const { dataDir, station, context, serials } = await chipStation(2, tempDir, systemClock);
    const serial = serials[0] as string;
    const [oldTag, newTag] = [new VirtualNtag(), new VirtualNtag({ model: 'NTAG215' })];
    const encoder = new PcscEncoder();
    let card = await present(oldTag);
    const session = await encoder.waitForCard({ timeoutMs: 5000 });
    expect(await encodeChip(context, session, serial)).toMatchObject({ ok: true });
    await session.release();
    station.close();
    const oldUid = oldTag.uid.toString('hex').toUpperCase();

    const devices = await cliAsync(['--json', 'devices', 'list'], { BADGE_STATION_PASSPHRASE: STATION_PASSPHRASE });
    expect(devices.json<any>().result.readers).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'Virtual PCD 00 00', kind: 'pcsc', state: 'card', firmware: VIRTUAL_READER_FIRMWARE }),
      ]),
    );

    const read = await cliAsync(['--data', dataDir, '--json', 'chip', 'read'], { BADGE_STATION_PASSPHRASE: STATION_PASSPHRASE });
    expect(read.status).toBe(0);
    expect(read.json<any>().result).toMatchObject({
      uid: oldUid,
      model: 'NTAG213',
      capacity: 144,
      protected: true,
      verdict: { valid: true, code: 'VALID' },
      badge: { serial, status: 'active' },
      chip: { status: 'current', serial },
      payload: { version: 1, station: 7 },
    });
    const readText = await cliAsync(['--data', dataDir, 'chip', 'read'], { BADGE_STATION_PASSPHRASE: STATION_PASSPHRASE });
    expect(readText.stdout).toMatch(/claims {5}\w+ badge \d+ version 1, zones /);
    expect(readText.stdout).toContain(`badge      ${serial} (active)`);
    expect(read.json<any>().result.originality).toMatch(/^[0-9a-f]{64}$/);

    const before = Buffer.from(oldTag.memory);
    const refused = await cliAsync(['--data', dataDir, '--json', 'chip', 'wipe'], {
      BADGE_STATION_PASSPHRASE: STATION_PASSPHRASE,
    });
    expect(refused.status).toBe(1);
    expect(refused.json<any>().error.code).toBe('CHIP_LIVE');
    expect(oldTag.memory.equals(before)).toBe(true);

    await takeAway(card, encoder);
    card = await present(newTag);
    const replaced = await cliAsync(['--data', dataDir, '--json', 'chip', 'encode', '--badge', serial], {
      BADGE_STATION_PASSPHRASE: STATION_PASSPHRASE,
    });
    expect(replaced.stderr).toBe('');
    expect(replaced.json<any>().result).toMatchObject({ ok: true, event: 'CHIP_REPLACED', revokedUid: oldUid, model: 'NTAG215' });

    await takeAway(card, encoder);
    card = await present(oldTag);
    const stale = await cliAsync(['--data', dataDir, '--json', 'chip', 'read'], { BADGE_STATION_PASSPHRASE: STATION_PASSPHRASE });
    expect(stale.stderr).toBe('');
    expect(stale.json<any>().result.chip).toEqual({ status: 'revoked', serial });
    const wiped = await cliAsync(['--data', dataDir, '--json', 'chip', 'wipe'], { BADGE_STATION_PASSPHRASE: STATION_PASSPHRASE });
    expect(wiped.json()).toMatchObject({ ok: true, result: { uid: oldUid } });
    expect(oldTag.auth0).toBe(0xff);
    expect(oldTag.page(4).subarray(0, 3)).toEqual(Buffer.from([0x03, 0x00, 0xfe]));
    // The wipe opened the chip with its password; the station reset it when done.
    expect(oldTag.authenticated).toBe(false);
    await takeAway(card, encoder);

    const noCard = await cliAsync(
      ['--data', dataDir, '--json', 'chip', 'encode', '--badge', serials[1] as string, '--wait', '1'],
      { BADGE_STATION_PASSPHRASE: STATION_PASSPHRASE },
    );
    expect(noCard.status).toBe(1);
    expect(noCard.json<any>().error.code).toBe('CHIP_NO_CARD');

    // What a technician sends with a problem report holds no chip password and no event secret.
    const logs = readdirSync(join(dataDir, 'logs'))
      .map((file) => readFileSync(join(dataDir, 'logs', file), 'utf8'))
      .join('\n')
      .toLowerCase();
    expect(logs).toContain('chip replaced');
    for (const tag of [oldTag, newTag])
      expect(logs).not.toContain(chipPassword(context.keyring.eventSecret, tag.uid).pwd.toString('hex'));
    expect(logs).not.toContain(context.keyring.eventSecret.toString('hex'));

    const reopened = openStation(dataDir, 'test', { kek: testKek(STATION_PASSPHRASE) });
    expect(events(reopened, 'CHIP_REPLACED')).toEqual([expect.objectContaining({ serial, revokedUid: oldUid })]);
    expect(events(reopened, 'CHIP_WIPED')).toEqual([expect.objectContaining({ uid: oldUid, serial })]);
    reopened.close();
    await encoder.close();
  });
});
