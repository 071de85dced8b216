/**
 * The claims a badge version carries on its chip: its station counter, version, type
 * letter, zone mask, the holder's keyed hash, and validity from the station certificate.
 */
import type { Catalog } from '../catalog/index.ts';
import { StationError } from '../errors.ts';
import type { StationKeyring } from '../keys/index.ts';
import { type BadgeClaims, holderHash } from '../payload/index.ts';
import type { Station } from '../station/index.ts';

export interface BadgeForChip {
  serial: string;
  badge: number;
  counter: number;
  holder: string;
  version: number;
  type: string;
  zones: string;
  status: 'active' | 'revoked';
}

export function badgeForChip(station: Station, serial: string): BadgeForChip | undefined {
  return station.db
    .statement(
      `SELECT v.serial, v.badge, b.counter, v.holder, v.version, v.type, v.zones, v.status
       FROM badge_versions v JOIN badges b ON b.badge = v.badge WHERE v.serial = ?`,
    )
    .get(serial.trim().toUpperCase()) as BadgeForChip | undefined;
}

/**
 * Validity is the window the station's certificate allows (its start to the latest
 * expiry it may sign): a badge is good for the event, and gates refuse nothing outside it.
 */
export function badgeClaims(badge: BadgeForChip, catalog: Catalog, keyring: StationKeyring): BadgeClaims {
  const type = catalog.type(badge.type);
  if (!type)
    throw new StationError('BADGE_TYPE_UNKNOWN', `Badge ${badge.serial} has the type "${badge.type}", unknown to this event.`);
  const bits = new Map(catalog.zones.map((zone) => [zone.code, zone.bit]));
  let zoneMask = 0;
  for (const code of badge.zones.split(/\s+/).filter(Boolean)) {
    const bit = bits.get(code);
    if (bit !== undefined) zoneMask = (zoneMask | (1 << bit)) >>> 0;
  }
  const certificate = keyring.certificate.certificate;
  return {
    badgeId: badge.counter,
    version: badge.version,
    type: type.letter,
    zoneMask,
    notBefore: certificate.notBefore,
    expires: Math.min(certificate.latestBadgeExpiry, certificate.notAfter),
    holderHash: holderHash(keyring.eventSecret, badge.holder),
  };
}
