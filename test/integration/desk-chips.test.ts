/**
 * The Chips screen's methods over the RPC server, with the real device wiring: a card a
 * demo printer encoded, picked up and read on the demo station's virtual desk encoder
 * (valid, its badge and holder), a blank demo card encoded and wiped, a chip whose badge
 * was reprinted read as revoked, and the same through a real pcscd with a vpcd card; bad
 * input (an unknown serial, no card on the reader, a reader the desk does not see) refused
 * in words.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { reprintBadge } from '../../electron/core/badges/index.ts';
import { loadCatalog } from '../../electron/core/catalog/index.ts';
import { encodeChip } from '../../electron/core/chips/index.ts';
import { demoStationKey, deskDemoFolder } from '../../electron/core/demo/index.ts';
import { stationPrinters } from '../../electron/core/jobs/index.ts';
import { stationClockGuard, unlockStation } from '../../electron/core/keys/index.ts';
import type { Station } from '../../electron/core/station/index.ts';
import { stationDevices } from '../../electron/devices/index.ts';
import { type DemoDesk, demoDesk } from '../support/demo-desk.ts';
import { person } from '../support/desk-session.ts';
import { pcscdForThisFile } from '../support/pcscd-cards.ts';
import { VirtualNtag } from '../support/virtual-ntag.ts';

const cards = pcscdForThisFile();
const DESK = 'Demo desk encoder';

let desk: DemoDesk | undefined;
afterEach(() => {
  desk?.close();
  desk = undefined;
});

interface Row {
  id: string;
  name: string;
  type: string;
  serial: string;
}

async function holders(page: DemoDesk): Promise<Row[]> {
  return (await page.call('roster.page', { offset: 0, limit: 20 })).result.rows as Row[];
}

/** Demo-1 (the demo printer with an encoder) encodes the first holder's badge on a blank card and passes it on to be printed. */
async function printOnDemo1(station: Station): Promise<{ serial: string; uid: string }> {
  const serial = (
    station.db.statement(`SELECT serial FROM badge_versions WHERE status = 'active' ORDER BY serial LIMIT 1`).get() as {
      serial: string;
    }
  ).serial;
  const [demo1] = stationDevices.open(station.dataDir, stationPrinters(station));
  const encoder = demo1?.encoder;
  if (!encoder) throw new Error('Demo-1 has no encoder');
  const kek = demoStationKey(deskDemoFolder(station.dataDir));
  if (!kek) throw new Error('no demo passphrase');
  const keyring = unlockStation(station.dataDir, kek, stationClockGuard(station));
  const card = await encoder.present();
  const outcome = await encodeChip(stationDevices.chipContext(station, keyring, loadCatalog(), 'system:test'), card, serial);
  if (!outcome.ok) throw new Error(outcome.message);
  await encoder.pass();
  return { serial, uid: outcome.uid };
}

describe('the virtual desk encoder of a demo station', () => {
  it('reads a card a demo printer encoded: valid, its badge, its holder and type, its current chip', async () => {
    let made: { serial: string; uid: string } | undefined;
    desk = await demoDesk('badge-desk-chips-', async (station) => {
      made = await printOnDemo1(station);
    });
    const { serial, uid } = made as { serial: string; uid: string };
    expect(existsSync(join(desk.dataDir, 'demo-printers', 'Demo-1', 'chips', `${uid}.json`))).toBe(true);
    const listed = await desk.call('chips.demoCards');
    expect(listed.result.cards).toEqual([expect.objectContaining({ uid, from: 'Demo-1' })]);

    await desk.call('chips.placeDemoCard', { reader: DESK, uid });
    const read = await desk.call('chips.read', { reader: DESK });
    const holder = (await holders(desk)).find((row) => row.serial === serial) as Row;
    expect(read.result).toMatchObject({
      uid,
      reader: DESK,
      model: 'NTAG213',
      protected: true,
      empty: false,
      verdict: { valid: true, code: 'VALID' },
      badge: { serial, status: 'active', holder: { id: holder.id, name: holder.name }, type: { code: holder.type } },
      chip: { status: 'current', serial },
    });
    expect(read.result.badge.revokedAt).toBeUndefined();
  });

  it('encodes a blank card for a badge, keeps it across placings, reads it revoked once the badge is reprinted, and wipes it', async () => {
    desk = await demoDesk('badge-desk-chips-');
    const [first] = await holders(desk);
    const serial = (first as Row).serial;
    const blank = await desk.call('chips.placeDemoCard', { reader: DESK, uid: null });
    const empty = await desk.call('chips.read', { reader: DESK });
    expect(empty.result).toMatchObject({ uid: blank.result.uid, empty: true, verdict: { valid: false, code: 'EMPTY' } });
    expect(empty.result.badge).toBeUndefined();

    const encoded = await desk.call('chips.encode', { reader: DESK, serial });
    expect(encoded.result).toMatchObject({ ok: true, event: 'CHIP_ENCODED', serial, uid: blank.result.uid });
    // A second blank card for the same badge replaces the first chip, which is revoked.
    await desk.call('chips.takeDemoCard', { reader: DESK });
    expect((await desk.call('chips.read', { reader: DESK })).error?.code).toBe('CHIP_NO_CARD');
    await desk.call('chips.placeDemoCard', { reader: DESK, uid: null });
    const replaced = await desk.call('chips.encode', { reader: DESK, serial });
    expect(replaced.result).toMatchObject({ ok: true, event: 'CHIP_REPLACED', revokedUid: blank.result.uid });

    await desk.call('chips.placeDemoCard', { reader: DESK, uid: blank.result.uid });
    const old = await desk.call('chips.read', { reader: DESK });
    expect(old.result).toMatchObject({ verdict: { valid: true }, chip: { status: 'revoked', serial } });

    const wiped = await desk.call('chips.wipe', { reader: DESK });
    expect(wiped.result).toEqual({ uid: blank.result.uid, was: 'VALID' });
    expect((await desk.call('chips.read', { reader: DESK })).result).toMatchObject({ empty: true, protected: false });
  });

  it('reads a chip of a reprinted badge as revoked, with when', async () => {
    let made: { serial: string; uid: string } | undefined;
    let revokedAt = 0;
    desk = await demoDesk('badge-desk-chips-', async (station) => {
      made = await printOnDemo1(station);
      const holder = (
        station.db.statement('SELECT holder FROM badge_versions WHERE serial = ?').get(made.serial) as { holder: string }
      ).holder;
      revokedAt = station.clock();
      reprintBadge(station, loadCatalog(), holder, { reason: 'lost', actor: 'system:test', now: revokedAt });
    });
    const { serial, uid } = made as { serial: string; uid: string };
    await desk.call('chips.placeDemoCard', { reader: DESK, uid });
    const read = await desk.call('chips.read', { reader: DESK });
    expect(read.result.badge).toMatchObject({ serial, status: 'revoked', revokedAt, revokeReason: 'lost' });
  });

  it('refuses to wipe the chip of a live badge', async () => {
    let made: { serial: string; uid: string } | undefined;
    desk = await demoDesk('badge-desk-chips-', async (station) => {
      made = await printOnDemo1(station);
    });
    await desk.call('chips.placeDemoCard', { reader: DESK, uid: made?.uid });
    const refused = await desk.call('chips.wipe', { reader: DESK });
    expect(refused.error).toMatchObject({ code: 'CHIP_LIVE', message: expect.stringContaining('Void the badge first') });
  });

  it('wipes a card that only looks live (a valid badge this station does not hold) on a supervisor’s approval, and records it', async () => {
    let made: { serial: string; uid: string } | undefined;
    desk = await demoDesk(
      'badge-desk-chips-',
      async (station) => {
        made = await printOnDemo1(station);
        // As a card from elsewhere would be: its payload valid, no chip of this station's records.
        station.db.statement('DELETE FROM chips WHERE uid = ?').run(made.uid);
      },
      'technician',
    );
    await desk.call('chips.placeDemoCard', { reader: DESK, uid: made?.uid });
    const asked = await desk.call('chips.wipe', { reader: DESK });
    expect(asked.error).toMatchObject({
      code: 'APPROVAL_NEEDED',
      message: expect.stringContaining('a supervisor approves wiping it'),
    });
    const operator = person('operator');
    expect(
      (await desk.call('chips.wipe', { reader: DESK, approval: { name: operator.name, secret: operator.secret } })).error?.code,
    ).toBe('APPROVAL_REFUSED');
    const supervisor = person('supervisor');
    const wiped = await desk.call('chips.wipe', { reader: DESK, approval: { name: supervisor.name, secret: supervisor.secret } });
    expect(wiped.result).toMatchObject({ uid: made?.uid, was: 'VALID' });
    expect((await desk.call('chips.read', { reader: DESK })).result).toMatchObject({ verdict: { code: 'EMPTY' } });
  });
});

describe('bad input on the Chips screen, each refused with what to do', () => {
  it('an encode for a serial no badge has, before the card is touched', async () => {
    desk = await demoDesk('badge-desk-chips-');
    await desk.call('chips.placeDemoCard', { reader: DESK, uid: null });
    const refused = await desk.call('chips.encode', { reader: DESK, serial: 'E-007-9999999-1' });
    expect(refused.error).toMatchObject({
      code: 'BADGE_NOT_FOUND',
      message: "No badge has the serial E-007-9999999-1: check the serial on the card's face.",
    });
    expect((await desk.call('chips.read', { reader: DESK })).result).toMatchObject({ empty: true });
  });

  it('a read with no card on the reader, a reader the desk does not see, a demo card that does not exist', async () => {
    desk = await demoDesk('badge-desk-chips-');
    const none = await desk.call('chips.read', { reader: DESK });
    expect(none.error).toEqual({
      code: 'CHIP_NO_CARD',
      message: 'There is no card on Demo desk encoder: place the card on the reader, then try again.',
      details: { reader: DESK },
    });
    const gone = await desk.call('chips.read', { reader: 'Reader 9' });
    expect(gone.error?.code).toBe('CHIP_READER_GONE');
    expect(gone.error?.message).toContain('no reader called "Reader 9"');
    const unknown = await desk.call('chips.placeDemoCard', { reader: DESK, uid: '04AABBCCDDEEFF' });
    expect(unknown.error).toMatchObject({
      code: 'CHIP_NO_CARD',
      message: expect.stringContaining('no demo card with the chip 04AABBCCDDEEFF'),
    });
    const strict = await desk.call('chips.read', { reader: DESK, wait: 30 });
    expect(strict.error?.code).toBe('BAD_PARAMS');
  });
});

describe('a desk reader through a real pcscd', () => {
  it('is listed with whether a card is on it; a read with no card is refused; a card placed is encoded and read valid', async () => {
    desk = await demoDesk('badge-desk-chips-');
    const listed = await desk.call('devices.readers');
    expect(listed.result.pcscService).toBe(true);
    const reader = listed.result.readers.find((r: { kind: string }) => r.kind === 'pcsc');
    expect(reader).toMatchObject({ name: expect.stringContaining('Virtual PCD'), state: 'empty' });

    const none = await desk.call('chips.read', { reader: reader.name });
    expect(none.error).toMatchObject({
      code: 'CHIP_NO_CARD',
      message: `There is no card on ${reader.name}: place the card on the reader, then try again.`,
    });

    const tag = new VirtualNtag({ model: 'NTAG213' });
    const card = await cards.present(tag);
    try {
      await expect
        .poll(
          async () =>
            (await desk?.call('devices.readers'))?.result.readers.find((r: { name: string }) => r.name === reader.name)?.state,
          { timeout: 5000 },
        )
        .toBe('card');
      const [first] = await holders(desk);
      const encoded = await desk.call('chips.encode', { reader: reader.name, serial: (first as Row).serial });
      expect(encoded.result).toMatchObject({ ok: true, event: 'CHIP_ENCODED', uid: tag.uid.toString('hex').toUpperCase() });
      const read = await desk.call('chips.read', { reader: reader.name });
      expect(read.result).toMatchObject({
        verdict: { valid: true },
        badge: { serial: (first as Row).serial, status: 'active', holder: { name: (first as Row).name } },
      });
    } finally {
      await card.remove();
    }
  });

  it('while pcscd hangs, the desk answers other calls at once: the reader list waits on the PC/SC thread, not the core', async () => {
    desk = await demoDesk('badge-desk-chips-');
    const { pid } = cards.pcscd;
    // A hung pcscd: every PC/SC call (the reader list among them) waits on it.
    process.kill(pid, 'SIGSTOP');
    try {
      let looked = false;
      const looking = desk.call('devices.readers').finally(() => {
        looked = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 200)); // the reader list is waiting on pcscd by now
      const times: number[] = [];
      for (let call = 0; call < 20; call += 1) {
        const started = performance.now();
        const status = await desk.call('station.status');
        times.push(performance.now() - started);
        expect(status.result).toBeDefined();
      }
      // Every call was answered while the reader list still waited (a core held by it answers none).
      expect(looked).toBe(false);
      const sorted = [...times].sort((a, b) => a - b);
      process.stderr.write(
        `station.status while pcscd hangs: median ${sorted[10]?.toFixed(1)} ms, max ${sorted[19]?.toFixed(1)} ms\n`,
      );
      expect(sorted[10]).toBeLessThan(50);
      // The reader list gives up after its deadline and says PC/SC cannot be seen: no error, no freeze.
      const listed = await looking;
      expect(listed.result).toMatchObject({ pcscService: false });
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    // pcscd answers again, and so does the reader list.
    await expect.poll(async () => (await desk?.call('devices.readers'))?.result.pcscService, { timeout: 10_000 }).toBe(true);
  });
});
