/**
 * The per-card password: PWD (4 bytes) and PACK (2 bytes) diversified from the event
 * secret and the chip UID, so one card's password opens no other card, and only the
 * event's stations can rewrite (or wipe) an issued badge.
 */
import { createHmac } from 'node:crypto';

export interface ChipPassword {
  pwd: Buffer;
  /** What the chip answers a right PWD_AUTH with: proves the chip knows the password too. */
  pack: Buffer;
}

export function chipPassword(eventSecret: Uint8Array, uid: Uint8Array): ChipPassword {
  const mac = createHmac('sha256', eventSecret).update('chip-pwd').update(uid).digest();
  return { pwd: Buffer.from(mac.subarray(0, 4)), pack: Buffer.from(mac.subarray(4, 6)) };
}
