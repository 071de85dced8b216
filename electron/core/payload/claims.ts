/**
 * What a badge claims, as a CWT-style claims set (RFC 8392) with small integer keys.
 *
 * exp (4) and nbf (5) are the registered CWT claims; the badge's own claims use negative
 * keys, which CBOR writes in one byte. No personal data: the holder appears only as a
 * keyed hash that the event secret's keepers can match and nobody else can reverse.
 */
import { createHmac } from 'node:crypto';
import { type CborMap, decodeStrict, encodeCanonical } from './cbor.ts';
import { isBytes } from './cose-sign1.ts';
import { malformed } from './errors.ts';

export interface BadgeClaims {
  /** The station's counter for this badge; with the station (from the kid) it names the badge. */
  badgeId: number;
  version: number;
  /** The type letter, e.g. E for exhibitor. */
  type: string;
  /** Bit n set: zone with bit n in zones.json granted. */
  zoneMask: number;
  /** Seconds since the epoch. */
  notBefore: number;
  expires: number;
  /** 16 bytes: HMAC-SHA-256(event secret, holder reference), truncated. */
  holderHash: Buffer;
}

const EXP = 4;
const NBF = 5;
const BADGE_ID = -1;
const VERSION = -2;
const TYPE = -3;
const ZONES = -4;
const HOLDER = -5;
const KEYS = new Set([EXP, NBF, BADGE_ID, VERSION, TYPE, ZONES, HOLDER]);

export const HOLDER_HASH_BYTES = 16;

export function holderHash(eventSecret: Uint8Array, holderReference: string): Buffer {
  return createHmac('sha256', eventSecret).update(holderReference, 'utf8').digest().subarray(0, HOLDER_HASH_BYTES);
}

export function encodeClaims(claims: BadgeClaims): Buffer {
  checkClaims(claims);
  return encodeCanonical(
    new Map<number, number | string | Buffer>([
      [EXP, claims.expires],
      [NBF, claims.notBefore],
      [BADGE_ID, claims.badgeId],
      [VERSION, claims.version],
      [TYPE, claims.type],
      [ZONES, claims.zoneMask],
      [HOLDER, claims.holderHash],
    ]),
  );
}

/** Reads claims from the exact bytes that were signed. */
export function decodeClaims(bytes: Uint8Array): BadgeClaims {
  const map = decodeStrict(bytes);
  if (!(map instanceof Map)) throw malformed('claims are not a map');
  for (const key of (map as CborMap).keys()) {
    if (!KEYS.has(key as number)) throw malformed(`unknown claim ${String(key)}`);
  }
  const holder = map.get(HOLDER);
  const claims: BadgeClaims = {
    badgeId: uint(map, BADGE_ID, 'badge id'),
    version: uint(map, VERSION, 'version'),
    type: typeof map.get(TYPE) === 'string' ? (map.get(TYPE) as string) : '',
    zoneMask: uint(map, ZONES, 'zone mask'),
    notBefore: uint(map, NBF, 'not-before'),
    expires: uint(map, EXP, 'expiry'),
    holderHash: isBytes(holder) ? Buffer.from(holder) : Buffer.alloc(0),
  };
  checkClaims(claims);
  return claims;
}

function uint(map: CborMap, key: number, name: string): number {
  const value = map.get(key);
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
    throw malformed(`claim ${name} is not an unsigned integer`);
  return value;
}

function checkClaims(claims: BadgeClaims): void {
  const u32 = (value: number) => Number.isInteger(value) && value >= 0 && value <= 0xffffffff;
  if (!u32(claims.badgeId) || claims.badgeId === 0) throw malformed('badge id must be 1 to 4294967295');
  if (!u32(claims.version) || claims.version === 0) throw malformed('version must be 1 or more');
  if (!/^[A-Z]$/.test(claims.type)) throw malformed('type must be one capital letter');
  if (!u32(claims.zoneMask)) throw malformed('zone mask must fit 32 bits');
  if (!u32(claims.notBefore) || !u32(claims.expires)) throw malformed('times must be seconds since 1970 that fit 32 bits');
  if (claims.expires <= claims.notBefore) throw malformed('a badge must expire after it becomes valid');
  if (claims.holderHash.length !== HOLDER_HASH_BYTES) throw malformed(`holder hash must be ${HOLDER_HASH_BYTES} bytes`);
}
