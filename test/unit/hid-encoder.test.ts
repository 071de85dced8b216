/**
 * The BALTECH HID encoder driver (native/hid) against readers emulated under node-hid's
 * API: discovery, two of one model, damaged and missing answers, a pulled reader, a
 * reader of the right vendor on another protocol, and hot-plug. The encoding flows
 * themselves run for both backends in test/integration/encoding-flow.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { type ChipJobEvent, runChipJob } from '../../electron/core/chips/index.ts';
import type { LedgerEvent } from '../../electron/core/ledger/index.ts';
import { type EncoderChange, watchDeskEncoders } from '../../electron/devices/index.ts';
import { type ChipError, VirtualNtag } from '../../native/chips/index.ts';
import {
  BRP_COMMAND,
  BrpHidEncoder,
  EmulatedBaltechReader,
  EmulatedHidBus,
  type HidPlugEvent,
  listHidEncoders,
  watchHidEncoders,
} from '../../native/hid/index.ts';
import { chipStation } from '../support/chip-station.ts';
import { tempDir } from '../support/station.ts';

async function failure(work: Promise<unknown>): Promise<ChipError> {
  try {
    await work;
  } catch (error) {
    return error as ChipError;
  }
  throw new Error('expected a failure');
}

function desk(...readers: EmulatedBaltechReader[]) {
  const hid = new EmulatedHidBus();
  for (const reader of readers) hid.plug(reader);
  return hid;
}

describe('a BALTECH reader on USB HID', () => {
  it('is found by its vendor id and tells its firmware and serial; the card on it identifies through the NTAG rules', async () => {
    const reader = new EmulatedBaltechReader({ serialNumber: '51223007' });
    const hid = desk(reader);
    const tag = new VirtualNtag({ model: 'NTAG215' });
    reader.present(tag);
    const encoder = new BrpHidEncoder({ hid });
    const session = await encoder.waitForCard({ timeoutMs: 2000 });
    const identity = await session.identify();
    expect(identity).toMatchObject({ model: 'NTAG215', uid: tag.uid, protectable: true, protected: false });
    expect(identity.version).toBe('0004040201001103');
    expect(encoder.info()).toEqual({
      name: 'BALTECH ID-engine Z emulated 51223007',
      kind: 'hid',
      state: 'card',
      model: 'BALTECH ID-engine Z emulated',
      firmware: '1100 EMU Z 1.00.00 12/07/26 00000001',
      serial: '51223007',
    });
    await session.release();
    await encoder.close();
  });

  it('a UID whose second part begins with 0x88 is read whole: the SAK, not the byte, says the UID is complete', async () => {
    const reader = new EmulatedBaltechReader();
    const hid = desk(reader);
    const tag = new VirtualNtag({ uid: Buffer.from('04A1B288C3D4E5', 'hex') });
    reader.present(tag);
    const encoder = new BrpHidEncoder({ hid });
    const session = await encoder.waitForCard({ timeoutMs: 1000 });
    expect(session.uid.toString('hex')).toBe('04a1b288c3d4e5');
    expect(await session.identify()).toMatchObject({ model: 'NTAG213' });
    await session.release();
    await encoder.close();
  });

  it('two of one model are both listed, and each is addressed by its serial number', async () => {
    const [left, right] = [new EmulatedBaltechReader({ serialNumber: 'A1' }), new EmulatedBaltechReader({ serialNumber: 'B2' })];
    const hid = desk(left, right);
    const tag = new VirtualNtag();
    right.present(tag);
    const listed = await listHidEncoders(hid);
    expect(listed.map((row) => [row.name, row.serial, row.state, row.firmware])).toEqual([
      ['BALTECH ID-engine Z emulated A1', 'A1', 'empty', '1100 EMU Z 1.00.00 12/07/26 00000001'],
      ['BALTECH ID-engine Z emulated B2', 'B2', 'card', '1100 EMU Z 1.00.00 12/07/26 00000001'],
    ]);
    expect(new Set(listed.map((row) => row.path)).size).toBe(2);
    const onLeft = new BrpHidEncoder({ hid, device: 'A1' });
    expect((await failure(onLeft.waitForCard({ timeoutMs: 200 }))).code).toBe('NO_CARD');
    const onRight = new BrpHidEncoder({ hid, device: 'B2' });
    const session = await onRight.waitForCard({ timeoutMs: 1000 });
    expect(session.uid).toEqual(tag.uid);
    await session.release();
    await Promise.all([onLeft.close(), onRight.close()]);
  });

  it('a damaged answer (bad CRC, truncated report, a length that lies) is TIMEOUT for that command, never taken as an answer; the next command works', async () => {
    const reader = new EmulatedBaltechReader();
    const hid = desk(reader);
    reader.present(new VirtualNtag());
    const encoder = new BrpHidEncoder({ hid });
    const session = await encoder.waitForCard({ timeoutMs: 1000 });
    const before = await session.readNdef();
    for (const damage of ['crc', 'truncated', 'length'] as const) {
      reader.damageNext = damage;
      const error = await failure(session.readNdef());
      expect(error.code).toBe('TIMEOUT');
      expect(error.message).toMatch(/answer to 0x1320 was damaged: .*; the card's state for it is unknown/);
      expect(await session.readNdef()).toEqual(before);
    }
    await session.release();
    await encoder.close();
  });

  it('a reader that stops answering: the command times out, the reader is asked again, and it is READER_GONE', async () => {
    const reader = new EmulatedBaltechReader();
    const hid = desk(reader);
    reader.present(new VirtualNtag());
    const encoder = new BrpHidEncoder({ hid, commandTimeoutMs: 200 });
    const session = await encoder.waitForCard({ timeoutMs: 1000 });
    reader.mute = true;
    const started = Date.now();
    const error = await failure(session.readNdef());
    expect(error.code).toBe('READER_GONE');
    expect(error.message).toMatch(/stopped answering: unplug it and plug it in again/);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(encoder.info().state).toBe('unavailable');
    await encoder.close();
  });

  it("a device with BALTECH's vendor id on keyboard-emulation firmware is listed with the fix, and refused as UNSUPPORTED", async () => {
    const hid = desk(new EmulatedBaltechReader({ serialNumber: 'KB1', firmwareKind: 'keyboard' }));
    const [row] = await listHidEncoders(hid);
    expect(row).toMatchObject({ serial: 'KB1', state: 'unavailable' });
    expect(row?.problem?.code).toBe('NOT_BRP');
    expect(row?.problem?.message).toMatch(/does not answer BALTECH's reader protocol on HID: set its firmware to "BRP over HID"/);
    const error = await failure(new BrpHidEncoder({ hid }).waitForCard({ timeoutMs: 500 }));
    expect(error.code).toBe('UNSUPPORTED');
  });

  it('a reader the system will not open (no udev rule) is listed as NO_ACCESS, with the fix', async () => {
    const reader = new EmulatedBaltechReader({ serialNumber: 'NA1' });
    reader.openRefused = true;
    const [row] = await listHidEncoders(desk(reader));
    expect(row).toMatchObject({ serial: 'NA1', state: 'unavailable', problem: { code: 'NO_ACCESS' } });
    expect(row?.problem?.message).toMatch(
      /cannot be opened \(cannot open device with path .*\): on Linux, install the udev rule/,
    );
  });

  it('an unknown command is answered ErrInvalidCmd (0x41), and an empty field ErrNoTag (0x01)', async () => {
    const reader = new EmulatedBaltechReader();
    const hid = desk(reader);
    const encoder = new BrpHidEncoder({ hid });
    expect((await encoder.exec(0x7f7f, new Uint8Array(0))).status).toBe(0x41);
    expect((await encoder.exec(BRP_COMMAND.ISO14A_REQUEST, Uint8Array.of(0x01))).status).toBe(0x01); // no card: ErrNoTag
    await encoder.close();
  });
});

describe('hot-plug', () => {
  it('an encoder plugged in or pulled out is noticed within a second, by looking at the bus once a second', async () => {
    const hid = new EmulatedHidBus();
    const reader = new EmulatedBaltechReader({ serialNumber: 'HP1' });
    const events: (HidPlugEvent & { at: number })[] = [];
    const stop = watchHidEncoders((event) => events.push({ ...event, at: Date.now() }), { hid });
    await new Promise((resolve) => setTimeout(resolve, 100)); // the first look sees an empty bus
    const plugged = Date.now();
    hid.plug(reader);
    await until(() => events.length === 1, 1500);
    hid.unplug(reader);
    const pulled = Date.now();
    await until(() => events.length === 2, 1500);
    stop();
    expect(events.map((event) => [event.type, event.device.serialNumber])).toEqual([
      ['attached', 'HP1'],
      ['detached', 'HP1'],
    ]);
    expect((events[0]?.at ?? Number.POSITIVE_INFINITY) - plugged).toBeLessThanOrEqual(1100);
    expect((events[1]?.at ?? Number.POSITIVE_INFINITY) - pulled).toBeLessThanOrEqual(1100);
  });

  it("the core's watcher tells the pages an encoder came and went, by the name the Devices screen shows", async () => {
    const hid = new EmulatedHidBus();
    const reader = new EmulatedBaltechReader({ serialNumber: 'W7' });
    const changes: EncoderChange[] = [];
    const stop = watchDeskEncoders((change) => changes.push(change), { hid, pcsc: false });
    await new Promise((resolve) => setTimeout(resolve, 100));
    hid.plug(reader);
    await until(() => changes.length === 1, 1500);
    hid.unplug(reader);
    await until(() => changes.length === 2, 1500);
    stop();
    expect(changes).toEqual([
      { kind: 'hid', change: 'attached', reader: 'BALTECH ID-engine Z emulated W7' },
      { kind: 'hid', change: 'detached', reader: 'BALTECH ID-engine Z emulated W7' },
    ]);
  });

  it('a pulled encoder is READER_GONE; the chip job pauses, and resumes on the same badge when it is plugged back in', async () => {
    const { station, context, serials } = await chipStation(1, tempDir);
    const reader = new EmulatedBaltechReader({ serialNumber: 'DESK-1' });
    const hid = desk(reader);
    const tag = new VirtualNtag();
    let pulled = false;
    tag.onWrite = (writes) => {
      if (writes === 5 && !pulled) {
        pulled = true;
        hid.unplug(reader);
        // The technician plugs it back in a moment later; the system gives it a new path.
        setTimeout(() => hid.plug(reader), 300);
      }
    };
    reader.present(tag);
    const seen: ChipJobEvent['type'][] = [];
    const results = await runChipJob(context, new BrpHidEncoder({ hid }), serials, {
      waitTimeoutMs: 5000,
      onEvent: (event) => {
        seen.push(event.type);
        if (event.type === 'encoded') reader.takeAway();
      },
    });
    expect(seen).toEqual(['waiting', 'paused', 'resumed', 'waiting', 'encoded']);
    expect(results.map((result) => [result.serial, result.ok])).toEqual([[serials[0], true]]);
    const rejected = [...station.ledger.events()].filter((event: LedgerEvent) => event.type === 'CARD_REJECTED');
    expect(rejected).toEqual([]);
    expect(tag.auth0).toBe(4);
    station.close();
  });
});

async function until(done: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
