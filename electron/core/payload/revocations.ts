/**
 * Revocation lists: which badge versions, chips and stations a gate must refuse.
 *
 * Signed by the event's revocation signer (a certificate with role `revocations`) or the
 * root, numbered so a gate never goes back to an older list, dated so a gate knows when it
 * has not heard news for too long. Badges are grouped by station and delta-coded, so the
 * reference expo's 25,000 reprints cost about two bytes each.
 *
 * Full list: base 0, the whole state. Delta: base = the seq it follows, only what is new.
 */
import { StationError } from '../errors.ts';
import { verifyWith } from './algorithms.ts';
import { type CborMap, decodeStrict, encodeCanonical } from './cbor.ts';
import { type RootPublicKey, verifyByRoot } from './certificate.ts';
import { decodeSign1, isBytes, type Signer, signSign1, sigStructure } from './cose-sign1.ts';
import type { TrustList } from './trust-list.ts';

export interface RevocationEntries {
  /** station -> badge id -> lowest version still valid. */
  badges: Map<number, Map<number, number>>;
  /** Chip UIDs, hex. */
  chips: Set<string>;
  stations: Set<number>;
}

export interface RevocationList extends RevocationEntries {
  seq: number;
  issuedAt: number;
  /** 0 for a full list; the seq it applies on for a delta. */
  base: number;
}

export function emptyEntries(): RevocationEntries {
  return { badges: new Map(), chips: new Set(), stations: new Set() };
}

export function issueRevocationList(list: RevocationList, signer: Signer): Buffer {
  const stations = new Map<number, number[]>();
  for (const [station, badges] of [...list.badges].sort((a, b) => a[0] - b[0])) {
    const flat: number[] = [];
    let previous = 0;
    for (const [badgeId, minVersion] of [...badges].sort((a, b) => a[0] - b[0])) {
      flat.push(badgeId - previous, minVersion);
      previous = badgeId;
    }
    stations.set(station, flat);
  }
  const body = new Map<number, unknown>([
    [1, list.seq],
    [2, list.issuedAt],
    [3, list.base],
    [4, stations],
    [5, [...list.chips].sort().map((uid) => Buffer.from(uid, 'hex'))],
    [6, [...list.stations].sort((a, b) => a - b)],
  ]);
  return signSign1(encodeCanonical(body as CborMap), signer);
}

/** Checks the list's signature (root, or a revocations certificate in the trust list) and reads it. */
export function readRevocationList(encoded: Uint8Array, roots: readonly RootPublicKey[], trust: TrustList): RevocationList {
  try {
    const message = decodeSign1(encoded);
    const signer = trust.certificates.get(message.kid.toString('hex'));
    if (signer) {
      if (signer.certificate.role !== 'revocations') throw new Error('signed by a key that may not sign revocation lists');
      const signed = sigStructure(message.protectedBytes, Buffer.alloc(0), message.payload);
      if (!verifyWith(signer.certificate.alg, signer.key, signed, message.signature)) throw new Error('bad signature');
    } else {
      verifyByRoot(message, roots, 'revocation list');
    }
    return decodeBody(message.payload);
  } catch (error) {
    throw new StationError(
      'REVOCATIONS_INVALID',
      `The revocation list is not valid: ${(error as Error).message}. Fetch it again from upstream.`,
    );
  }
}

function decodeBody(bytes: Buffer): RevocationList {
  const body = decodeStrict(bytes);
  if (!(body instanceof Map)) throw new Error('not a map');
  const [seq, issuedAt, base] = [1, 2, 3].map((key) => body.get(key));
  const stations = body.get(4);
  const chips = body.get(5);
  const revokedStations = body.get(6);
  if (typeof seq !== 'number' || typeof issuedAt !== 'number' || typeof base !== 'number') throw new Error('bad header');
  if (!(stations instanceof Map) || !Array.isArray(chips) || !chips.every(isBytes) || !Array.isArray(revokedStations)) {
    throw new Error('bad entries');
  }
  const badges = new Map<number, Map<number, number>>();
  for (const [station, flat] of stations as Map<number, unknown>) {
    if (!Array.isArray(flat) || flat.length % 2 !== 0) throw new Error('bad badge entries');
    const perStation = new Map<number, number>();
    let badgeId = 0;
    for (let i = 0; i < flat.length; i += 2) {
      badgeId += flat[i] as number;
      perStation.set(badgeId, flat[i + 1] as number);
    }
    badges.set(station, perStation);
  }
  return {
    seq,
    issuedAt,
    base,
    badges,
    chips: new Set((chips as Uint8Array[]).map((uid) => Buffer.from(uid).toString('hex'))),
    stations: new Set(revokedStations as number[]),
  };
}

/**
 * What a gate knows: the newest full list with the deltas after it. Older lists are refused,
 * so nobody can bring back a revoked badge by replaying yesterday's list.
 */
export class RevocationState {
  seq = 0;
  issuedAt = 0;
  readonly entries: RevocationEntries = emptyEntries();

  apply(list: RevocationList): void {
    if (list.seq <= this.seq) {
      throw new StationError(
        'REVOCATIONS_ROLLBACK',
        `Revocation list ${list.seq} is not newer than the one in use (${this.seq}); it was refused.`,
      );
    }
    if (list.base === 0) {
      this.entries.badges.clear();
      this.entries.chips.clear();
      this.entries.stations.clear();
    } else if (list.base !== this.seq) {
      throw new StationError(
        'REVOCATIONS_INVALID',
        `Delta ${list.seq} follows list ${list.base}, but the list in use is ${this.seq}.`,
      );
    }
    for (const [station, badges] of list.badges) {
      const known = this.entries.badges.get(station) ?? new Map<number, number>();
      for (const [badgeId, minVersion] of badges) known.set(badgeId, Math.max(minVersion, known.get(badgeId) ?? 0));
      this.entries.badges.set(station, known);
    }
    for (const uid of list.chips) this.entries.chips.add(uid);
    for (const station of list.stations) this.entries.stations.add(station);
    this.seq = list.seq;
    this.issuedAt = list.issuedAt;
  }
}
