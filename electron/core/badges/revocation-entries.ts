/**
 * What this station revoked, as the entries of a gates' revocation list: for each badge
 * with a revoked version, the lowest version still good (the live one's; past the last for
 * a badge voided for good), and every chip UID revoked (replaced). The event's revocation
 * key signs the list (`badge-station revocations sign`); upstream will build it from every
 * station's entries (the sync issue).
 */
import type { Station } from '../station/index.ts';

export interface RevocationEntries {
  badges: { station: number; badge: number; minVersion: number }[];
  chips: string[];
  stations: number[];
}

export function revocationEntries(station: Station): RevocationEntries {
  const badges = station.db
    .statement(
      `SELECT b.counter AS badge,
              coalesce(max(CASE WHEN v.status = 'active' THEN v.version END), max(v.version) + 1) AS minVersion
       FROM badge_versions v JOIN badges b ON b.badge = v.badge
       WHERE b.station = ?
       GROUP BY v.badge HAVING sum(v.status = 'revoked') > 0
       ORDER BY b.counter`,
    )
    .all(station.number) as { badge: number; minVersion: number }[];
  const chips = station.db
    .statement(`SELECT DISTINCT lower(uid) AS uid FROM chips WHERE status = 'revoked' ORDER BY uid`)
    .all() as { uid: string }[];
  const number = Number(station.number);
  return {
    badges: badges.map((entry) => ({ station: number, badge: entry.badge, minVersion: entry.minVersion })),
    chips: chips.map((chip) => chip.uid),
    stations: [],
  };
}
