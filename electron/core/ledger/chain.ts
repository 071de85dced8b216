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

export interface ChainedFields {
  seq: number;
  at: number;
  type: string;
  actor: string;
  subject: string | null;
  data: string;
  prevHash: Uint8Array;
}

export function eventHash(fields: ChainedFields): Buffer {
  const numbers = Buffer.allocUnsafe(16);
  numbers.writeBigUInt64BE(BigInt(fields.seq), 0);
  numbers.writeBigInt64BE(BigInt(fields.at), 8);
  const hash = createHash('sha256').update(DOMAIN).update(numbers);
  text(hash, fields.type);
  text(hash, fields.actor);
  if (fields.subject === null) {
    hash.update(ABSENT);
  } else {
    hash.update(PRESENT);
    text(hash, fields.subject);
  }
  text(hash, fields.data);
  return hash.update(fields.prevHash).digest();
}

const ABSENT = Buffer.from([0]);
const PRESENT = Buffer.from([1]);

function text(hash: ReturnType<typeof createHash>, value: string): void {
  const bytes = Buffer.from(value, 'utf8');
  const length = Buffer.allocUnsafe(4);
  length.writeUInt32BE(bytes.length, 0);
  hash.update(length).update(bytes);
}
