import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodeChip } from '../../electron/core/chips/index.ts';
import { ChipError, chipPassword, DemoEncoder, demoChipUid } from '../../native/chips/index.ts';
import { chipStation } from '../support/chip-station.ts';
import { tempDir } from '../support/station.ts';

const SECRET = Buffer.alloc(32, 9);
/** An NDEF TLV the size of a badge's chip form: 143 bytes, a full NTAG213. */
const badgeNdef = () => Buffer.concat([Buffer.from([0x03, 139]), randomBytes(139), Buffer.from([0xfe])]);

describe('the demo encoder inside a demo card printer', () => {
  it('gives each blank card its own NXP chip UID, the same again for the same seed', () => {
    const seen = new Set<string>();
    for (const seed of [0, 1, 2, 3, 65_535, 2 ** 16 + 1, 2 ** 47 - 1]) {
      for (let card = 1; card <= 2000; card += 1) {
        const uid = demoChipUid(seed, card);
        expect(uid).toHaveLength(7);
        expect(uid[0]).toBe(0x04);
        seen.add(uid.toString('hex'));
      }
    }
    expect(seen.size).toBe(7 * 2000);
    expect(demoChipUid(7, 42)).toEqual(demoChipUid(7, 42));
    // Seeds that agree in their low 16 bits still give other chips.
    expect(demoChipUid(1, 5)).not.toEqual(demoChipUid(2 ** 16 + 1, 5));
  });

  it('feeds a fresh NTAG213 per card, numbered from its seed, and counts what it fed', async () => {
    const a = new DemoEncoder({ name: 'Demo encoder (Desk-A)', seed: 1 });
    const b = new DemoEncoder({ name: 'Demo encoder (Desk-B)', seed: 2 });
    const first = await a.present();
    expect(first.reader).toBe('Demo encoder (Desk-A)');
    expect(first.uid).toEqual(demoChipUid(1, 1));
    expect(await first.identify()).toMatchObject({ model: 'NTAG213', capacity: 144, protected: false, protectable: true });
    a.pass();
    const second = await a.present();
    expect(second.uid).toEqual(demoChipUid(1, 2));
    expect((await b.present()).uid).not.toEqual(first.uid);
    expect(a.fed).toBe(2);
    expect(a.rejected).toBe(0);
  });

  it('writes, verifies and protects a chip through the real NTAG flow; the next session finds it protected', async () => {
    const encoder = new DemoEncoder({ name: 'Demo encoder (Desk-A)', seed: 3 });
    const session = await encoder.present();
    const ndef = badgeNdef();
    const password = chipPassword(SECRET, session.uid);
    expect(await session.writeNdef(ndef)).toEqual({ pages: 36 });
    expect(await session.verify(ndef)).toEqual(ndef);
    await session.protect(password);
    expect(session.commands).toBeGreaterThan(40);
    await session.release();

    const again = await encoder.reselect();
    expect(await again.identify()).toMatchObject({ protected: true, auth0: 4, readProtected: false });
    expect(await again.readNdef()).toEqual(ndef);
    await expect(again.writeNdef(badgeNdef())).rejects.toMatchObject({ code: 'PROTECTED' });
    await again.release();

    // The release powered the field down: a wrong password is refused, the right one opens it.
    const stranger = await encoder.reselect();
    await expect(stranger.authenticate(chipPassword(Buffer.alloc(32, 1), stranger.uid))).rejects.toMatchObject({
      code: 'PROTECTED',
    });
    await stranger.release();
    const owner = await encoder.reselect();
    await owner.authenticate(password);
    await owner.writeNdef(ndef);
    await owner.release();
  });

  it('a bad chip stops acknowledging writes after a few pages: WRITE_FAILED, and the card goes to the reject box', async () => {
    const encoder = new DemoEncoder({ name: 'Demo encoder (Desk-C)', seed: 4, defective: (card) => card === 2 });
    const good = await encoder.present();
    await good.writeNdef(badgeNdef());
    encoder.pass();

    const bad = await encoder.present();
    const failure = await bad.writeNdef(badgeNdef()).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ChipError);
    expect(failure).toMatchObject({ code: 'WRITE_FAILED' });
    const written = (failure as ChipError).details.pagesWritten as number;
    expect(written).toBeGreaterThanOrEqual(1);
    expect(written).toBeLessThanOrEqual(3);
    encoder.eject();
    expect({ fed: encoder.fed, rejected: encoder.rejected }).toEqual({ fed: 2, rejected: 1 });
  });

  it('a card that moved on answers no more, and a card left without a verdict is rejected when the next is fed', async () => {
    const encoder = new DemoEncoder({ name: 'Demo encoder (Desk-D)', seed: 5 });
    const session = await encoder.present();
    encoder.pass();
    await expect(session.identify()).rejects.toMatchObject({ code: 'CARD_REMOVED' });
    await expect(encoder.reselect()).rejects.toMatchObject({ code: 'NO_CARD' });
    await encoder.present();
    await encoder.present();
    expect({ fed: encoder.fed, rejected: encoder.rejected }).toEqual({ fed: 3, rejected: 1 });
    const controller = new AbortController();
    controller.abort();
    await expect(encoder.present({ signal: controller.signal })).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it("carries the station's own encoding: a good card is bound to its badge, a bad chip is recorded as rejected", async () => {
    const { context, serials } = await chipStation(2, tempDir);
    const encoder = new DemoEncoder({ name: 'Demo encoder (Desk-7)', seed: 7, defective: (card) => card === 1 });
    const bad = await encoder.present();
    const rejected = await encodeChip(context, bad, serials[0] as string);
    expect(rejected).toMatchObject({ ok: false, code: 'WRITE_FAILED', paused: false });
    encoder.eject();

    const good = await encoder.present();
    const encoded = await encodeChip(context, good, serials[0] as string);
    expect(encoded).toMatchObject({ ok: true, event: 'CHIP_ENCODED', model: 'NTAG213' });
    const readBack = await encoder.reselect();
    expect(await readBack.identify()).toMatchObject({ protected: true });
    expect((await readBack.readNdef()).length).toBeGreaterThan(100);
    encoder.pass();
  });
});
