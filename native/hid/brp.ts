/**
 * BALTECH Reader Protocol (BRP) frames and their USB HID reports, the driver's side.
 *
 * Written from BALTECH's public developer documentation (docs.baltech.de, read 2026-12):
 * - "BRP command frame" and "BRP response frame" (developers/brp-command-frame.html,
 *   developers/brp-response-frame.html; refman/prot/brp/commandframe.html, responseframe.html);
 * - "BRP example frames" (developers/brp-example-frames.html): Sys.GetInfo without and with
 *   CRC-16, whose bytes the tests use as they are printed there;
 * - "Checksum algorithms" (developers/checksum-algo.html): CRC-16, forward, generator 0x1021;
 * - "USB HID transfer layer" (developers/usb-hid-transfer-layer-brp.html): one frame per
 *   report, report ids 1-4 for frames of up to 12, 60, 252 and 1020 bytes;
 * - "General status codes" (refman/cmds/genstatuscodes.html) and the Iso14a and Sys command
 *   pages for the command codes below.
 *
 * What the documents leave open, and how this driver reads it (the emulator in
 * brp-emulator.ts was written to the same reading, separately):
 * - The CRC's start value is not printed; 0xFFFF is the one that gives the example frames'
 *   `4E 53` and `E8 84`, sent high byte first.
 * - A failed command's response frame: FormatFlags with Failure (0x80), the command code,
 *   then the one-byte StatusCode in place of the length and payload.
 * - Integers inside a payload (TransparentCmd's lengths and timeout) are sent high byte first;
 *   only the frame's own length field is low byte first, as the document says of it.
 *
 * Frames are always sent with the uncompressed length and command code (the documents
 * recommend both) and with CRC-16: the documents ask for a checksum only on serial lines,
 * but on USB it costs two bytes and turns a damaged report into a clear error.
 */

/** Command codes (refman/cmds/...). */
export const BRP_COMMAND = {
  /** Sys.GetInfo: the firmware's description, ASCII. */
  SYS_GET_INFO: 0x0004,
  /** Iso14a.Request: REQA, or WUPA with ReqAll; answers ATQA and a collision flag. */
  ISO14A_REQUEST: 0x1307,
  /** Iso14a.TransparentCmd: a raw ISO 14443-3 frame to the card and its answer. */
  ISO14A_TRANSPARENT: 0x1320,
} as const;

/** General status codes (> 0x40) and the Iso14a group's (<= 0x40). */
export const BRP_STATUS = {
  OK: 0x00,
  ISO14A_NO_TAG: 0x01,
  ISO14A_COLLISION: 0x02,
  ISO14A_HF: 0x04,
  ISO14A_FRAME: 0x07,
  ISO14A_CRC: 0x08,
  ISO14A_COM: 0x10,
  INVALID_CMD: 0x41,
  ACCESS_DENIED: 0x42,
  TIMEOUT: 0x81,
  FRAME: 0x82,
  RESPONSE_TOO_LONG: 0x83,
  CHECKSUM: 0x84,
} as const;

const FLAG_FAILURE = 0x80;
const FLAG_CRC16 = 0x20;
const CHECKSUM_MASK = 0x30;
const FLAG_UNCOMPRESSED_LENGTH = 0x08;
const FLAG_UNCOMPRESSED_CMD = 0x04;
/** The flags every command of ours carries: uncompressed length and code, CRC-16, standard mode. */
const COMMAND_FLAGS = FLAG_CRC16 | FLAG_UNCOMPRESSED_LENGTH | FLAG_UNCOMPRESSED_CMD;

/** CRC-16, forward shifting, generator 0x1021, start 0xFFFF. */
export function brpCrc16(bytes: Uint8Array, start = 0xffff): number {
  let crc = start;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit += 1) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

/** A command frame: flags, code (high byte first), length (low byte first), payload, CRC. */
export function brpCommandFrame(command: number, payload: Uint8Array = new Uint8Array(0), checksum = true): Buffer {
  const flags = checksum ? COMMAND_FLAGS : COMMAND_FLAGS & ~CHECKSUM_MASK;
  const head = Buffer.from([flags, command >> 8, command & 0xff, payload.length & 0xff, payload.length >> 8]);
  const body = Buffer.concat([head, payload]);
  if (!checksum) return body;
  const crc = brpCrc16(body);
  return Buffer.concat([body, Buffer.from([crc >> 8, crc & 0xff])]);
}

/** Why an answer could not be read: a damaged or foreign frame, never the card's doing. */
export class BrpFrameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BrpFrameError';
  }
}

export interface BrpResponse {
  command: number;
  /** 0 (OK) or the reader's status code. */
  status: number;
  payload: Buffer;
}

/** Reads a response frame; BrpFrameError when it is short, mislabelled, or fails its checksum. */
export function parseBrpResponse(frame: Buffer): BrpResponse {
  if (frame.length < 3) throw new BrpFrameError(`a ${frame.length}-byte frame is too short to be a BRP response`);
  const flags = frame[0] as number;
  if (!(flags & FLAG_UNCOMPRESSED_CMD) || !(flags & FLAG_UNCOMPRESSED_LENGTH))
    throw new BrpFrameError(`flags ${hexByte(flags)} are not those of an answer to this driver's commands`);
  const checksum = (flags & CHECKSUM_MASK) >> 4;
  if (checksum !== 0 && checksum !== 2) throw new BrpFrameError(`checksum algorithm ${checksum} is not the one asked for`);
  let body = frame;
  if (checksum === 2) {
    if (frame.length < 5) throw new BrpFrameError('the frame is too short for its CRC');
    body = frame.subarray(0, -2);
    const crc = frame.readUInt16BE(frame.length - 2);
    if (brpCrc16(body) !== crc) throw new BrpFrameError('its CRC does not match its bytes');
  }
  const command = body.readUInt16BE(1);
  if (flags & FLAG_FAILURE) {
    if (body.length !== 4) throw new BrpFrameError(`a failure frame of ${body.length} bytes (4 expected)`);
    return { command, status: body[3] as number, payload: Buffer.alloc(0) };
  }
  if (body.length < 5) throw new BrpFrameError('the frame ends before its length field');
  const length = body.readUInt16LE(3);
  if (body.length !== 5 + length)
    throw new BrpFrameError(`its length field says ${length} bytes of payload, the frame holds ${body.length - 5}`);
  return { command, status: BRP_STATUS.OK, payload: Buffer.from(body.subarray(5)) };
}

/** Report ids and the frame size each carries (USB HID transfer layer). */
export const BRP_REPORTS: readonly { id: number; capacity: number }[] = [
  { id: 1, capacity: 12 },
  { id: 2, capacity: 60 },
  { id: 3, capacity: 252 },
  { id: 4, capacity: 1020 },
];

/**
 * The output report for a frame, as node-hid's write takes it on every platform: the report
 * id first, then BrpFrameLen (low byte first), the frame, and zeroes to the report's size
 * (Windows refuses a write shorter than the report). The smallest report that holds it.
 */
export function brpReport(frame: Buffer): Buffer {
  const report = BRP_REPORTS.find((each) => each.capacity >= frame.length);
  if (!report) throw new BrpFrameError(`a ${frame.length}-byte frame is larger than any report`);
  const out = Buffer.alloc(1 + 2 + report.capacity);
  out[0] = report.id;
  out.writeUInt16LE(frame.length, 1);
  frame.copy(out, 3);
  return out;
}

/**
 * The frame inside an input report as node-hid's read gives it (the report id first, as
 * hidapi passes it for a device with numbered reports). A report whose length field
 * reaches past its end, or whose id is not BRP's, is damaged.
 */
export function frameOfReport(report: Buffer): Buffer {
  if (report.length < 3) throw new BrpFrameError(`a ${report.length}-byte report is too short`);
  const id = report[0] as number;
  const kind = BRP_REPORTS.find((each) => each.id === id);
  if (!kind) throw new BrpFrameError(`report id ${id} is not one of BRP's (1-4)`);
  const length = report.readUInt16LE(1);
  if (length > kind.capacity) throw new BrpFrameError(`report ${id} says ${length} bytes; it carries at most ${kind.capacity}`);
  if (report.length < 3 + length)
    throw new BrpFrameError(`report ${id} says ${length} bytes but ends after ${report.length - 3} (truncated)`);
  return Buffer.from(report.subarray(3, 3 + length));
}

/** What a status code means, for messages. */
export function brpStatusText(status: number): string {
  switch (status) {
    case BRP_STATUS.ISO14A_NO_TAG:
      return 'no card answered';
    case BRP_STATUS.ISO14A_COLLISION:
      return 'more than one card is on the reader';
    case BRP_STATUS.ISO14A_FRAME:
      return "the card's answer was garbled";
    case BRP_STATUS.ISO14A_CRC:
      return "the card's answer failed its CRC";
    case BRP_STATUS.INVALID_CMD:
      return 'the reader does not know this command (its firmware lacks the ISO 14443-A commands?)';
    case BRP_STATUS.ACCESS_DENIED:
      return 'the reader is configured to refuse this command';
    case BRP_STATUS.FRAME:
    case BRP_STATUS.CHECKSUM:
    case BRP_STATUS.TIMEOUT:
      return 'the reader received a damaged command';
    default:
      return `status ${hexByte(status)}`;
  }
}

export function hexByte(value: number): string {
  return `0x${value.toString(16).toUpperCase().padStart(2, '0')}`;
}
