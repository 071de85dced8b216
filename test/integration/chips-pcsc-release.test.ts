import { describe, expect, it } from 'vitest';
import { encodeChip } from '../../electron/core/chips/index.ts';
import { systemClock } from '../../electron/core/clock.ts';
import type { Station } from '../../electron/core/station/index.ts';
import { chipPassword } from '../../native/chips/index.ts';
import { PcscEncoder } from '../../native/pcsc/index.ts';
import { chipStation, STATION_PASSPHRASE } from '../support/chip-station.ts';
import { pcscdForThisFile } from '../support/pcscd-cards.ts';
import { cliAsync, tempDir } from '../support/station.ts';
import { VirtualNtag } from '../support/virtual-ntag.ts';

const cards = pcscdForThisFile();
const { present, takeAway } = cards;

function rejections(station: Station): Record<string, unknown>[] {
  return [...station.ledger.events()].filter((event) => event.type === 'CARD_REJECTED').map((event) => JSON.parse(event.data));
}

/** WRITE of page 4 straight to the chip, as anyone's reader in the field could send it: ACK or NAK. */
function strangerWrites(tag: VirtualNtag): number | undefined {
  return tag.command(Buffer.from([0xa2, 0x04, 0xde, 0xad, 0xbe, 0xef]))[0];
}

const ACK = 0x0a;

describe('a chip the station opened is reset when the station is done with it', () => {
  it('a chip that takes our password but answers with another PACK is refused, and reset all the same', async () => {
    const { station, context, serials } = await chipStation(1, tempDir);
    const encoder = new PcscEncoder();
    const tag = new VirtualNtag();
    // A chip that accepts the password it was given (a clone, or a tag emulator) but cannot know our PACK.
    tag.protectWith(chipPassword(context.keyring.eventSecret, tag.uid).pwd, Buffer.from([0x12, 0x34]));
    const before = Buffer.from(tag.memory);
    const card = await present(tag);
    const session = await encoder.waitForCard({ timeoutMs: 5000 });
    expect(await encodeChip(context, session, serials[0] as string)).toMatchObject({ ok: false, code: 'PROTECTED' });
    await session.release();

    expect(tag.authenticated).toBe(false);
    expect(strangerWrites(tag)).not.toBe(ACK);
    expect(tag.memory.equals(before)).toBe(true);
    await takeAway(card, encoder);
    await encoder.close();
    station.close();
  });
});

/** A chip another system protected against reads as well as writes (ACCESS.PROT set). */
function readProtectedTag(): VirtualNtag {
  const tag = new VirtualNtag();
  const other = chipPassword(Buffer.alloc(32, 0x42), tag.uid);
  tag.protectWith(other.pwd, other.pack);
  tag.memory[(tag.cfg0 + 1) * 4] = (tag.memory[(tag.cfg0 + 1) * 4] as number) | 0x80;
  return tag;
}

describe('a chip that refuses to be read', () => {
  it('is rejected as READ_FAILED, not WRITE_FAILED, and nothing is written to it', async () => {
    const { station, context, serials } = await chipStation(1, tempDir);
    const encoder = new PcscEncoder();
    const tag = readProtectedTag();
    const before = Buffer.from(tag.memory);
    const card = await present(tag);
    const session = await encoder.waitForCard({ timeoutMs: 5000 });
    const outcome = await encodeChip(context, session, serials[0] as string);
    await session.release();
    expect(outcome).toMatchObject({ ok: false, code: 'READ_FAILED', paused: false });
    if (!outcome.ok) expect(outcome.message).toMatch(/refused to read page 41/);
    expect(rejections(station)).toEqual([expect.objectContaining({ serial: serials[0], reason: 'READ_FAILED', page: 41 })]);
    expect(tag.writes).toBe(0);
    expect(tag.memory.equals(before)).toBe(true);
    await takeAway(card, encoder);
    await encoder.close();
    station.close();
  });

  it('chip read tells the technician CHIP_READ_FAILED (the CLI, on the real clock)', async () => {
    const { dataDir, station } = await chipStation(1, tempDir, systemClock);
    station.close();
    const encoder = new PcscEncoder();
    const card = await present(readProtectedTag());
    const read = await cliAsync(['--data', dataDir, '--json', 'chip', 'read'], { BADGE_STATION_PASSPHRASE: STATION_PASSPHRASE });
    expect(read.status).toBe(1);
    expect(JSON.parse(read.stdout).error).toMatchObject({
      code: 'CHIP_READ_FAILED',
      message: expect.stringMatching(/refused to read page 41/),
    });
    await takeAway(card, encoder);
    await encoder.close();
  });
});
