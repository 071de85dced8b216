/**
 * The hash that chains each ledger event to the one before.
 *
 * Encoding v1, fixed and length-prefixed so no two events can share bytes:
 *   "badge-station/ledger/v1" 0x00 | seq u64 | at i64 (ms) | type | actor | subject | data | prev_hash (32)
 * where each text is a u32 byte length then UTF-8, and subject starts with 0 (absent) or 1.
 * Verification hashes the stored columns as they are, never a re-encoding of parsed data.
 */
import { createHash } from 'node:crypto';

export const GENESIS_HASH: Buffer = Buffer.alloc(32);
const DOMAIN = Buffer.from('badge-station/ledger/v1\0', 'utf8');
const FIXED_BYTES = DOMAIN.length + 16 + 4 * 4 + 1 + 32;

export interface ChainedFields {
  seq: number;
  at: number;
  type: string;
  actor: string;
  subject: string | null;
  data: string;
  prevHash: Uint8Array;
}

// One reusable scratch buffer: verifying 500,000 events must not allocate 500,000 times.
let scratch = Buffer.allocUnsafe(4096);

export function eventHash(fields: ChainedFields): Buffer {
  const subject = fields.subject ?? '';
  // UTF-8 never takes more than 3 bytes per UTF-16 code unit.
  const worstCase = FIXED_BYTES + 3 * (fields.type.length + fields.actor.length + subject.length + fields.data.length);
  if (worstCase > scratch.length) scratch = Buffer.allocUnsafe(worstCase * 2);
  let offset = DOMAIN.copy(scratch, 0);
  offset = scratch.writeBigUInt64BE(BigInt(fields.seq), offset);
  offset = scratch.writeBigInt64BE(BigInt(fields.at), offset);
  offset = writeText(fields.type, offset);
  offset = writeText(fields.actor, offset);
  if (fields.subject === null) {
    offset = scratch.writeUInt8(0, offset);
  } else {
    offset = scratch.writeUInt8(1, offset);
    offset = writeText(fields.subject, offset);
  }
  offset = writeText(fields.data, offset);
  offset += Buffer.from(fields.prevHash.buffer, fields.prevHash.byteOffset, fields.prevHash.byteLength).copy(scratch, offset);
  return createHash('sha256').update(scratch.subarray(0, offset)).digest();
}

function writeText(value: string, offset: number): number {
  const length = scratch.write(value, offset + 4, 'utf8');
  scratch.writeUInt32BE(length, offset);
  return offset + 4 + length;
}
