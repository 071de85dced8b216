/**
 * Passwords and PINs as they are kept: scrypt (Node's own, RFC 7914) with a salt of each
 * secret's own and the cost stored beside the hash, so a later, dearer cost applies to new
 * secrets without locking out the old ones. scrypt runs on libuv's thread pool, so a
 * sign-in never holds the core's thread for its ~100 ms.
 *
 * Stored as `scrypt$N$r$p$salt$hash` (salt and hash base64url).
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { StationError } from '../errors.ts';

/** 2^15 with r = 8: 32 MiB and about 0.1 s per guess on a counter laptop (OWASP's scrypt floor is 2^17 at r = 8, p = 1 for passwords alone; lockout after five refusals carries the rest). */
const COST = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_BYTES = 32;
const SALT_BYTES = 16;

/** Short enough for a PIN typed at a busy counter; lockout makes six digits a million-to-five guess. */
export const MIN_SECRET_LENGTH = 6;
export const MAX_SECRET_LENGTH = 200;

function derive(secret: string, salt: Buffer, cost: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(secret.normalize('NFC'), salt, KEY_BYTES, { ...cost, maxmem: 256 * cost.N * cost.r }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/** Refuses a secret too short to survive the lockout's guesses, or one that is guessed first (all one character, a run). */
export function checkSecretStrength(secret: string): void {
  const length = [...secret].length;
  if (length < MIN_SECRET_LENGTH || length > MAX_SECRET_LENGTH)
    throw new StationError(
      'SECRET_TOO_WEAK',
      `A password or PIN has ${MIN_SECRET_LENGTH} to ${MAX_SECRET_LENGTH} characters: choose another.`,
    );
  if (new Set(secret).size === 1 || isRun(secret))
    throw new StationError(
      'SECRET_TOO_WEAK',
      'A password or PIN that is one character repeated or a run (123456, abcdef, 654321) is guessed first: choose another.',
    );
}

/** 123456, 987654, abcdefg: each character one step from the last, all the same way. */
function isRun(secret: string): boolean {
  const codes = [...secret.toLowerCase()].map((character) => character.codePointAt(0) ?? 0);
  const step = (codes[1] ?? 0) - (codes[0] ?? 0);
  return Math.abs(step) === 1 && codes.every((code, index) => index === 0 || code - (codes[index - 1] ?? 0) === step);
}

export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(secret, salt, COST);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function secretMatches(secret: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || salt === undefined || hash === undefined) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(secret, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/**
 * A hash to compare against when the name is unknown, so a wrong name takes as long as a
 * wrong secret and the time of a refusal does not tell which names exist.
 */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashSecret(randomBytes(16).toString('hex'));
  return decoy;
}
