/**
 * The encoding flows a technician and a print run rely on, run for every encoder backend
 * from one suite: a PC/SC reader through a real pcscd, and a BALTECH USB HID encoder
 * through the HID driver on a reader emulated under node-hid's API. Whatever carries the
 * bytes, a card is written, read back, verified and protected the same way, a torn or
 * foreign card is refused the same way, and replacement and wiping work the same way.
 * What only one backend has (PC/SC's pass-through-less readers, a pcscd that dies; a HID
 * reader pulled out, damaged reports) is tested in that backend's own file.
 */
import { describe, expect, it } from 'vitest';
import { currentChipOf, encodeChip, readChip, wipeChip } from '../../electron/core/chips/index.ts';
import { readStationTrust } from '../../electron/core/keys/index.ts';
import type { LedgerEvent } from '../../electron/core/ledger/index.ts';
import type { Station } from '../../electron/core/station/index.ts';
import { chipPassword, VirtualNtag } from '../../native/chips/index.ts';
import { chipStation } from '../support/chip-station.ts';
import { hidBackend, pcscBackend } from '../support/encoder-backends.ts';
import { tempDir } from '../support/station.ts';

const backends = [pcscBackend(), hidBackend()];

function events(station: Station, type: string): Record<string, unknown>[] {
  return [...station.ledger.events()].filter((e: LedgerEvent) => e.type === type).map((e) => JSON.parse(e.data));
}

/** WRITE of page 4 straight to the chip, as anyone's reader in the field could send it: ACK or NAK. */
function strangerWrites(tag: VirtualNtag): number | undefined {
  return tag.command(Buffer.from([0xa2, 0x04, 0xde, 0xad, 0xbe, 0xef]))[0];
}

describe.each(backends)('encoding through $name', (backend) => {
  it('writes the chip form, reads it back, verifies it and protects the chip with its own password', async () => {
    const { station, context, serials } = await chipStation(2, tempDir);
    const encoder = backend.encoder();
    const tag = new VirtualNtag({ model: 'NTAG213' });
    const card = await backend.present(tag);
    const session = await encoder.waitForCard({ timeoutMs: 5000 });
    const outcome = await encodeChip(context, session, serials[0] as string);
    await session.release();
    expect(outcome).toMatchObject({
      ok: true,
      event: 'CHIP_ENCODED',
      model: 'NTAG213',
      uid: tag.uid.toString('hex').toUpperCase(),
    });
    // UID, GET_VERSION, READ config, 36 page writes, 9 reads back, PWD + PACK + AUTH0.
    expect(outcome.commands).toBeLessThanOrEqual(1 + 1 + 1 + 36 + 9 + 3);
    expect(tag.auth0).toBe(4);
    expect(tag.page(0x2b).equals(chipPassword(context.keyring.eventSecret, tag.uid).pwd)).toBe(true);
    expect(tag.memory.subarray(10, 12)).toEqual(Buffer.alloc(2)); // no lock bit set
    expect(currentChipOf(station, serials[0] as string)?.uid).toBe(tag.uid.toString('hex').toUpperCase());
    expect(events(station, 'CHIP_ENCODED')).toEqual([
      expect.objectContaining({ serial: serials[0], uid: tag.uid.toString('hex').toUpperCase(), model: 'NTAG213' }),
    ]);
    // The ledger says what happened to the card and never holds its password.
    const ledgerText = [...station.ledger.events()]
      .map((event) => event.data)
      .join('\n')
      .toLowerCase();
    expect(ledgerText).not.toContain(chipPassword(context.keyring.eventSecret, tag.uid).pwd.toString('hex'));
    expect(ledgerText).not.toContain(context.keyring.eventSecret.toString('hex'));
    process.stderr.write(
      `chip encode through ${backend.name}: ${outcome.ok ? outcome.ms : -1} ms, ${outcome.commands} commands\n`,
    );
    await backend.takeAway(card, encoder);
    await encoder.close();
    station.close();
  });

  it('a card taken away mid-write is reported with how far it got, and presenting it again writes and verifies', async () => {
    const { station, context, serials } = await chipStation(1, tempDir);
    const serial = serials[0] as string;
    const encoder = backend.encoder();
    const tag = new VirtualNtag({ dropAfterWrites: 10 });
    await backend.present(tag);
    const first = await encoder.waitForCard({ timeoutMs: 5000 });
    const torn = await encodeChip(context, first, serial);
    await first.release();
    expect(torn).toMatchObject({ ok: false, code: 'CARD_REMOVED', paused: false, details: { pagesWritten: 10 } });
    expect(events(station, 'CARD_REJECTED')).toEqual([
      expect.objectContaining({ serial, reason: 'CARD_REMOVED', pagesWritten: 10 }),
    ]);
    expect(currentChipOf(station, serial)).toBeUndefined();
    await encoder.waitForRemoval({ timeoutMs: 5000 });

    const card = await backend.present(tag);
    const again = await encoder.waitForCard({ timeoutMs: 5000 });
    const outcome = await encodeChip(context, again, serial);
    await again.release();
    expect(outcome).toMatchObject({ ok: true, event: 'CHIP_ENCODED' });
    expect(currentChipOf(station, serial)?.uid).toBe(tag.uid.toString('hex').toUpperCase());
    await backend.takeAway(card, encoder);
    await encoder.close();
    station.close();
  });

  it('a chip too small is refused with CAPACITY before anything is written', async () => {
    const { station, context, serials } = await chipStation(1, tempDir);
    const encoder = backend.encoder();
    const tag = new VirtualNtag({ model: 'NTAG212' });
    const card = await backend.present(tag);
    const session = await encoder.waitForCard({ timeoutMs: 5000 });
    const outcome = await encodeChip(context, session, serials[0] as string);
    await session.release();
    expect(outcome).toMatchObject({ ok: false, code: 'CAPACITY' });
    expect(tag.writes).toBe(0);
    expect(events(station, 'CARD_REJECTED')).toEqual([expect.objectContaining({ reason: 'CAPACITY', capacity: 128 })]);
    await backend.takeAway(card, encoder);
    await encoder.close();
    station.close();
  });

  it("a card protected by another event's password is refused and left unchanged", async () => {
    const { station, context, serials } = await chipStation(1, tempDir);
    const encoder = backend.encoder();
    const tag = new VirtualNtag();
    const theirs = chipPassword(Buffer.alloc(32, 0x42), tag.uid);
    tag.protectWith(theirs.pwd, theirs.pack);
    const before = Buffer.from(tag.memory);
    const card = await backend.present(tag);
    const session = await encoder.waitForCard({ timeoutMs: 5000 });
    const outcome = await encodeChip(context, session, serials[0] as string);
    await session.release();
    expect(outcome).toMatchObject({ ok: false, code: 'PROTECTED' });
    expect(tag.memory.equals(before)).toBe(true);
    expect(events(station, 'CARD_REJECTED')).toEqual([expect.objectContaining({ reason: 'PROTECTED' })]);
    expect(currentChipOf(station, serials[0] as string)).toBeUndefined();
    await backend.takeAway(card, encoder);
    await encoder.close();
    station.close();
  });

  it('re-encoding a chip of this event opens it with the password; once released, its protected pages refuse a write again', async () => {
    const { station, context, serials } = await chipStation(1, tempDir);
    const serial = serials[0] as string;
    const encoder = backend.encoder();
    const tag = new VirtualNtag();
    const card = await backend.present(tag);
    const first = await encoder.waitForCard({ timeoutMs: 5000 });
    expect(await encodeChip(context, first, serial)).toMatchObject({ ok: true });
    await first.release();
    // The same card, still on the reader, encoded again: protected now, so PWD_AUTH first.
    const again = await encoder.waitForCard({ timeoutMs: 5000 });
    expect(await again.identify()).toMatchObject({ protected: true, auth0: 4 });
    expect(await encodeChip(context, again, serial)).toMatchObject({ ok: true, event: 'CHIP_ENCODED' });
    await again.release();
    expect(tag.authenticated).toBe(false);
    const encoded = tag.page(4);
    expect(strangerWrites(tag)).not.toBe(0x0a);
    expect(tag.page(4)).toEqual(encoded);
    await backend.takeAway(card, encoder);
    await encoder.close();
    station.close();
  });

  it('a replacement chip revokes the old one; the old card then reads revoked and is wiped blank and unprotected', async () => {
    const { dataDir, station, context, serials } = await chipStation(1, tempDir);
    const serial = serials[0] as string;
    const trust = readStationTrust(dataDir);
    const encoder = backend.encoder();
    const [oldTag, newTag] = [new VirtualNtag(), new VirtualNtag({ model: 'NTAG215' })];
    const oldUid = oldTag.uid.toString('hex').toUpperCase();
    const onCard = async <T>(
      tag: VirtualNtag,
      work: (session: Awaited<ReturnType<typeof encoder.waitForCard>>) => Promise<T>,
    ) => {
      const card = await backend.present(tag);
      const session = await encoder.waitForCard({ timeoutMs: 5000 });
      try {
        return await work(session);
      } finally {
        await session.release();
        await backend.takeAway(card, encoder);
      }
    };
    expect(await onCard(oldTag, (session) => encodeChip(context, session, serial))).toMatchObject({ ok: true });
    expect(await onCard(oldTag, (session) => readChip(station, trust, session))).toMatchObject({
      uid: oldUid,
      protected: true,
      verdict: { valid: true, code: 'VALID' },
      chip: { status: 'current', serial },
    });
    const replaced = await onCard(newTag, (session) => encodeChip(context, session, serial, { replace: true }));
    expect(replaced).toMatchObject({ ok: true, event: 'CHIP_REPLACED', revokedUid: oldUid, model: 'NTAG215' });
    expect(await onCard(oldTag, (session) => readChip(station, trust, session))).toMatchObject({
      chip: { status: 'revoked', serial },
    });
    const wiped = await onCard(oldTag, (session) => wipeChip({ ...context, trust }, session));
    expect(wiped.uid).toBe(oldUid);
    expect(oldTag.auth0).toBe(0xff);
    expect(oldTag.page(4).subarray(0, 3)).toEqual(Buffer.from([0x03, 0x00, 0xfe]));
    expect(oldTag.authenticated).toBe(false);
    expect(events(station, 'CHIP_WIPED')).toEqual([expect.objectContaining({ uid: oldUid })]);
    await encoder.close();
    station.close();
  });
  it('waiting for a card ends with NO_CARD after its timeout, and CANCELLED at once when aborted', async () => {
    const encoder = backend.encoder();
    await expect(encoder.waitForCard({ timeoutMs: 300 })).rejects.toMatchObject({ code: 'NO_CARD' });
    const controller = new AbortController();
    const waiting = encoder.waitForCard({ signal: controller.signal, timeoutMs: 10_000 });
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    await expect(waiting).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(Date.now() - started).toBeLessThan(1000);
    await encoder.close();
  });
});
