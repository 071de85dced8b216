/**
 * The chip form's wrapping: one NDEF record of the station's external type inside an NDEF
 * message TLV, as NFC Forum Type 2 tags (NTAG21x) store it from page 4 on.
 *
 *   03 LL | D4 TT PP "b.st:p" COSE... | FE
 *   TLV     record header (MB ME SR, TNF=4 external), type, payload      terminator
 */
import { malformed } from './errors.ts';

/** NFC Forum external type: short on purpose, every byte counts on an NTAG213. */
export const BADGE_RECORD_TYPE = 'b.st:p';
/** User memory of the smallest chip the event uses. */
export const NTAG213_USER_BYTES = 144;

const NDEF_MESSAGE_TLV = 0x03;
const TERMINATOR_TLV = 0xfe;
const NULL_TLV = 0x00;
const RECORD_HEADER_SHORT_EXTERNAL = 0xd4; // MB | ME | SR | TNF 0x04
const TYPE = Buffer.from(BADGE_RECORD_TYPE, 'ascii');

export function wrapNdef(payload: Buffer): Buffer {
  if (payload.length > 255) throw malformed(`a ${payload.length}-byte payload does not fit a short NDEF record`);
  const record = Buffer.concat([Buffer.from([RECORD_HEADER_SHORT_EXTERNAL, TYPE.length, payload.length]), TYPE, payload]);
  const length =
    record.length < 0xff ? Buffer.from([record.length]) : Buffer.from([0xff, record.length >> 8, record.length & 0xff]);
  return Buffer.concat([Buffer.from([NDEF_MESSAGE_TLV]), length, record, Buffer.from([TERMINATOR_TLV])]);
}

/** Finds the station's record in a chip's user memory (as read from page 4 on). */
export function unwrapNdef(memory: Uint8Array): Buffer {
  const bytes = Buffer.from(memory);
  let i = 0;
  while (i < bytes.length) {
    const tag = bytes[i] as number;
    if (tag === NULL_TLV) {
      i += 1;
      continue;
    }
    if (tag === TERMINATOR_TLV) break;
    let length = bytes[i + 1];
    let start = i + 2;
    if (length === 0xff) {
      // A three-byte length cut off by the end of the chip (fuzzing found 03 FF) is a bad chip, not a crash.
      if (i + 4 > bytes.length) throw malformed('NDEF TLV runs past the end of the chip');
      length = bytes.readUInt16BE(i + 2);
      start = i + 4;
    }
    if (length === undefined || start + length > bytes.length) throw malformed('NDEF TLV runs past the end of the chip');
    if (tag === NDEF_MESSAGE_TLV) return recordPayload(bytes.subarray(start, start + length));
    i = start + length;
  }
  throw malformed('no NDEF message on the chip');
}

function recordPayload(record: Buffer): Buffer {
  if (record.length < 3 || record[0] !== RECORD_HEADER_SHORT_EXTERNAL)
    throw malformed('NDEF record is not a short external record');
  const typeLength = record[1] as number;
  const payloadLength = record[2] as number;
  const type = record.subarray(3, 3 + typeLength);
  if (!type.equals(TYPE)) throw malformed(`NDEF record type "${type.toString('latin1')}" is not ${BADGE_RECORD_TYPE}`);
  if (3 + typeLength + payloadLength !== record.length) throw malformed('NDEF record length does not add up');
  return record.subarray(3 + typeLength);
}
