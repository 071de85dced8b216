/**
 * BRP frames and HID reports, byte for byte as BALTECH's documents print them
 * (docs.baltech.de: "BRP example frames", "USB HID transfer layer"). The driver's codec and
 * the emulator are each held to the documents here, separately: neither is tested against
 * the other, so they cannot pass by sharing a mistake.
 */
import { describe, expect, it } from 'vitest';
import {
  BRP_COMMAND,
  BrpFrameError,
  brpCommandFrame,
  brpReport,
  EmulatedBaltechReader,
  frameOfReport,
  parseBrpResponse,
} from '../../native/hid/index.ts';

const bytes = (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'hex');

// "BRP example frames": Sys.GetInfo, standard mode, without and with CRC-16.
const GET_INFO = bytes('0C 00 04 00 00');
const GET_INFO_CRC = bytes('2C 00 04 00 00 4E 53');
const INFO_TEXT = '1100 IDE Z     1.14.00 12/18/19 43893126';
const INFO_PAYLOAD =
  '31 31 30 30 20 49 44 45 20 5A 20 20 20 20 20 31 2E 31 34 2E 30 30 20 31 32 2F 31 38 2F 31 39 20 34 33 38 39 33 31 32 36 00';
const INFO_RESPONSE = bytes(`0C 00 04 29 00 ${INFO_PAYLOAD}`);
const INFO_RESPONSE_CRC = bytes(`2C 00 04 29 00 ${INFO_PAYLOAD} E8 84`);

/** The emulator's answer to one report, unwrapped by hand (id, length low, length high, frame). */
function emulatorAnswer(reader: EmulatedBaltechReader, report: Buffer): { id: number; size: number; frame: Buffer } {
  const [answer] = reader.answer(report);
  if (!answer) throw new Error('the emulated reader did not answer');
  const length = (answer[1] as number) | ((answer[2] as number) << 8);
  return { id: answer[0] as number, size: answer.length, frame: answer.subarray(3, 3 + length) };
}

/** A report as the document describes it, built by hand: id, length (LSB first), frame, padding. */
function handReport(id: number, capacity: number, frame: Buffer): Buffer {
  const report = Buffer.alloc(3 + capacity);
  report[0] = id;
  report.writeUInt16LE(frame.length, 1);
  frame.copy(report, 3);
  return report;
}

describe("the driver's BRP frames are the documents' frames", () => {
  it('writes Sys.GetInfo as the example does, with and without CRC-16', () => {
    expect(brpCommandFrame(BRP_COMMAND.SYS_GET_INFO, Buffer.alloc(0), false)).toEqual(GET_INFO);
    expect(brpCommandFrame(BRP_COMMAND.SYS_GET_INFO)).toEqual(GET_INFO_CRC);
  });

  it("reads the example's responses: the firmware text, with or without CRC", () => {
    for (const frame of [INFO_RESPONSE, INFO_RESPONSE_CRC]) {
      const response = parseBrpResponse(frame);
      expect(response).toMatchObject({ command: 0x0004, status: 0 });
      expect(response.payload.toString('latin1')).toBe(`${INFO_TEXT}\0`);
    }
  });

  it('refuses a response whose CRC, length or size is wrong, saying which', () => {
    const flipped = Buffer.from(INFO_RESPONSE_CRC);
    flipped[10] = (flipped[10] as number) ^ 0x20;
    expect(() => parseBrpResponse(flipped)).toThrow(/CRC does not match/);
    const longer = Buffer.from(INFO_RESPONSE);
    longer[3] = 0x2a;
    expect(() => parseBrpResponse(longer)).toThrow(/says 42 bytes of payload, the frame holds 41/);
    expect(() => parseBrpResponse(bytes('0C 00'))).toThrow(BrpFrameError);
    expect(() => parseBrpResponse(bytes('00 04 00 00'))).toThrow(/flags 0x00/);
  });

  it('puts a frame in the smallest report that holds it: 12 bytes in report 1, 13 in report 2', () => {
    const twelve = brpReport(Buffer.alloc(12, 0xaa));
    expect([twelve[0], twelve.length, twelve.readUInt16LE(1)]).toEqual([1, 15, 12]);
    const thirteen = brpReport(Buffer.alloc(13, 0xaa));
    expect([thirteen[0], thirteen.length, thirteen.readUInt16LE(1)]).toEqual([2, 63, 13]);
    expect(brpReport(GET_INFO_CRC)).toEqual(handReport(1, 12, GET_INFO_CRC));
    expect(() => brpReport(Buffer.alloc(1021))).toThrow(/larger than any report/);
  });

  it('refuses a truncated report, one whose length passes its size, and a report id that is not BRP', () => {
    const report = handReport(2, 60, INFO_RESPONSE_CRC);
    expect(frameOfReport(report)).toEqual(INFO_RESPONSE_CRC);
    expect(() => frameOfReport(report.subarray(0, 20))).toThrow(/says 48 bytes but ends after 17 \(truncated\)/);
    const tooLong = Buffer.from(handReport(1, 12, GET_INFO));
    tooLong.writeUInt16LE(13, 1);
    expect(() => frameOfReport(tooLong)).toThrow(/carries at most 12/);
    expect(() => frameOfReport(Buffer.from([0x00, 0x00, 0x27, 0x00, 0x00]))).toThrow(/report id 0 is not one of BRP's/);
  });
});

describe("the emulated reader answers the documents' frames with the documents' bytes", () => {
  const reader = () => new EmulatedBaltechReader({ firmware: INFO_TEXT });

  it('answers Sys.GetInfo exactly as the example response, in report 2', () => {
    expect(emulatorAnswer(reader(), handReport(1, 12, GET_INFO))).toEqual({ id: 2, size: 63, frame: INFO_RESPONSE });
    expect(emulatorAnswer(reader(), handReport(1, 12, GET_INFO_CRC))).toEqual({ id: 2, size: 63, frame: INFO_RESPONSE_CRC });
  });

  it('answers a bad CRC with ErrChecksum (0x84) and an unknown command with ErrInvalidCmd (0x41)', () => {
    const damaged = Buffer.from(GET_INFO_CRC);
    damaged[6] = 0x54;
    // A failure frame (Failure flag 0x80, the status in place of length and payload: brp.ts says why this reading).
    expect(emulatorAnswer(reader(), handReport(1, 12, damaged)).frame).toEqual(bytes(`AC 00 04 84 ${crcOf('AC 00 04 84')}`));
    expect(emulatorAnswer(reader(), handReport(1, 12, bytes('0C 7F 7F 00 00'))).frame).toEqual(bytes('8C 7F 7F 41'));
  });

  it("ignores a report that is not of its id's full size, as the device does", () => {
    expect(reader().answer(handReport(1, 12, GET_INFO).subarray(0, 10))).toEqual([]);
    expect(reader().answer(handReport(5, 12, GET_INFO))).toEqual([]);
  });
});

/** The CRC-16 of the example (generator 0x1021, start 0xFFFF), computed here, high byte first. */
function crcOf(text: string): string {
  let crc = 0xffff;
  for (const byte of bytes(text)) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit += 1) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc.toString(16).padStart(4, '0');
}
