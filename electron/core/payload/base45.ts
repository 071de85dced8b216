/**
 * Base45 (RFC 9285): bytes as QR alphanumeric characters, so the barcode form packs into
 * the QR code's dense alphanumeric mode. The decoder is strict: a character outside the
 * alphabet, a dangling single character, or a group worth more than its bytes can hold
 * (`GGW` is 65536) is refused, never wrapped round.
 */
import { malformed } from './errors.ts';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
const VALUES = new Map([...ALPHABET].map((char, index) => [char, index]));

export function base45Encode(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    let n = (bytes[i] as number) * 256 + (bytes[i + 1] as number);
    out += ALPHABET[n % 45];
    n = Math.floor(n / 45);
    out += ALPHABET[n % 45];
    out += ALPHABET[Math.floor(n / 45)];
  }
  if (bytes.length % 2 === 1) {
    const n = bytes[bytes.length - 1] as number;
    out += ALPHABET[n % 45];
    out += ALPHABET[Math.floor(n / 45)];
  }
  return out;
}

export function base45Decode(text: string): Buffer {
  if (text.length % 3 === 1) throw malformed(`Base45 text of ${text.length} characters cannot be whole bytes`);
  const out = Buffer.allocUnsafe(Math.floor(text.length / 3) * 2 + (text.length % 3 === 2 ? 1 : 0));
  let o = 0;
  for (let i = 0; i < text.length; i += 3) {
    const c = value(text, i);
    const d = value(text, i + 1);
    if (i + 2 < text.length) {
      const n = c + d * 45 + value(text, i + 2) * 2025;
      if (n > 0xffff) throw malformed(`Base45 group "${text.slice(i, i + 3)}" at ${i} is larger than two bytes`);
      out[o++] = n >> 8;
      out[o++] = n & 0xff;
    } else {
      const n = c + d * 45;
      if (n > 0xff) throw malformed(`Base45 group "${text.slice(i, i + 2)}" at ${i} is larger than one byte`);
      out[o++] = n;
    }
  }
  return out;
}

function value(text: string, index: number): number {
  const found = VALUES.get(text[index] as string);
  if (found === undefined) throw malformed(`"${text[index]}" at ${index} is not a Base45 character`);
  return found;
}
