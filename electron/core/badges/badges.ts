/**
 * Badges: at most one active badge per holder (the database enforces it too), a new
 * version for each reprint, and a ledger event for every badge made, in the same
 * transaction as the badge itself.
 *
 * `badges(badge, holder, station, counter)` and `badge_versions(serial, badge, holder,
 * version, type, zones, status)`; a partial unique index keeps one active version per
 * holder. The counter is the station's own `max + 1` inside the transaction (the station
 * owns its database exclusively). Versions run 1-9: one digit in the serial. The ledger gets
 * BADGE_CREATED and BADGE_REPRINTED, with serials and holder ids only. `reprintBadge` is
 * the core of the supervisor's reprint, which reissue.ts wraps with its approval, its
 * conflict check and its priority print job.
 */
import type { Catalog } from '../catalog/index.ts';
import { StationError } from '../errors.ts';
import type { NewLedgerEvent } from '../ledger/index.ts';
import type { Station } from '../station/index.ts';
import { formatSerial, MAX_COUNTER, MAX_VERSION } from './serial.ts';

export type RevokeReason = 'lost' | 'stolen' | 'damaged' | 'data_error' | 'type_change';

export interface BadgeVersion {
  serial: string;
  badge: number;
  holder: string;
  version: number;
  type: string;
  zones: string;
  status: 'active' | 'revoked';
}

export interface CreateBadgesOptions {
  /** One holder by id, or every holder that has no active badge. */
  holder?: string;
  allWithoutBadge?: boolean;
  /** Only holders of this badge type (with allWithoutBadge). */
  type?: string;
  actor: string;
  now?: number;
}

interface HolderForBadge {
  id: string;
  type: string;
  zones: string;
}

const WITHOUT_ACTIVE = `SELECT h.id, h.type, h.zones FROM holders h
  WHERE NOT EXISTS (SELECT 1 FROM badge_versions v WHERE v.holder = h.id AND v.status = 'active')`;

/** Makes a first badge (version 1) for each holder chosen; refuses a holder who already has one. */
export function createBadges(station: Station, catalog: Catalog, options: CreateBadgesOptions): BadgeVersion[] {
  const { db } = station;
  if (options.type !== undefined && !catalog.type(options.type)) {
    throw new StationError(
      'BADGE_TYPE_UNKNOWN',
      `"${options.type}" is not a badge type; known types are ${catalog.types.map((t) => t.code).join(', ')}.`,
    );
  }
  return db.transaction(() => {
    let holders: HolderForBadge[];
    if (options.holder !== undefined) {
      const holder = db.statement('SELECT id, type, zones FROM holders WHERE id = ?').get(options.holder) as
        | HolderForBadge
        | undefined;
      if (!holder)
        throw new StationError(
          'HOLDER_NOT_FOUND',
          `No holder has the id "${options.holder}": check the id, or import the roster first.`,
        );
      const active = activeVersion(station, holder.id);
      if (active) {
        throw new StationError(
          'BADGE_EXISTS',
          `Holder ${holder.id} already has the active badge ${active.serial}. A holder has at most one: reprint it instead (a supervisor's decision).`,
          { serial: active.serial },
        );
      }
      holders = [holder];
    } else if (options.allWithoutBadge) {
      holders = (
        options.type === undefined
          ? db.statement(`${WITHOUT_ACTIVE} ORDER BY h.hid`).all()
          : db.statement(`${WITHOUT_ACTIVE} AND h.type = ? ORDER BY h.hid`).all(options.type)
      ) as HolderForBadge[];
    } else {
      throw new StationError('USAGE', 'Say whose badges to create: one holder by id, or every holder without a badge.');
    }
    const now = options.now ?? Date.now();
    let counter = nextCounter(station);
    if (counter + holders.length - 1 > MAX_COUNTER) {
      throw new StationError(
        'BADGE_VERSIONS_EXHAUSTED',
        `Station ${station.number} has used up its ${MAX_COUNTER} badge numbers.`,
      );
    }
    const made: BadgeVersion[] = [];
    const events: NewLedgerEvent[] = [];
    const insertBadge = db.statement('INSERT INTO badges (holder, station, counter, created_at) VALUES (?, ?, ?, ?)');
    for (const holder of holders) {
      const badge = Number(insertBadge.run(holder.id, station.number, counter, now).lastInsertRowid);
      const version = insertVersion(
        station,
        catalog,
        { badge, counter, holder: holder.id, version: 1, type: holder.type, zones: holder.zones },
        now,
      );
      made.push(version);
      events.push({
        type: 'BADGE_CREATED',
        actor: options.actor,
        subject: `badge:${version.serial}`,
        data: { serial: version.serial, badge, version: 1, holder: holder.id, type: holder.type },
        at: now,
      });
      counter += 1;
    }
    if (events.length > 0) station.ledger.appendMany(events);
    return made;
  });
}

export interface ReprintOptions {
  reason: RevokeReason;
  actor: string;
  /** The supervisor or admin who approved it, when not the one who asked. */
  approvedBy?: string;
  /** A type change: the type the revoked version had. */
  typeFrom?: string;
  /** A type change reprints with the holder's current type and zones from the roster. */
  now?: number;
}

/** A reprint: the holder's active version is revoked and a new version of the same badge made. */
export function reprintBadge(station: Station, catalog: Catalog, holderId: string, options: ReprintOptions): BadgeVersion {
  const { db } = station;
  return db.transaction(() => {
    const active = activeVersion(station, holderId);
    if (!active)
      throw new StationError('BADGE_NOT_FOUND', `Holder ${holderId} has no active badge to reprint: create one instead.`);
    if (active.version >= MAX_VERSION) {
      throw new StationError(
        'BADGE_VERSIONS_EXHAUSTED',
        `Badge ${active.serial} is at version ${MAX_VERSION}, the last a serial can carry: void it and create a new badge.`,
      );
    }
    const holder = db.statement('SELECT type, zones FROM holders WHERE id = ?').get(holderId) as { type: string; zones: string };
    const counter = (db.statement('SELECT counter FROM badges WHERE badge = ?').get(active.badge) as { counter: number }).counter;
    const now = options.now ?? Date.now();
    db.statement(
      `UPDATE badge_versions SET status = 'revoked', revoke_reason = ?, revoked_at = ? WHERE badge = ? AND status = 'active'`,
    ).run(options.reason, now, active.badge);
    const version = insertVersion(
      station,
      catalog,
      { badge: active.badge, counter, holder: holderId, version: active.version + 1, type: holder.type, zones: holder.zones },
      now,
    );
    station.ledger.append({
      type: 'BADGE_REPRINTED',
      actor: options.actor,
      subject: `badge:${version.serial}`,
      data: {
        serial: version.serial,
        revoked: active.serial,
        badge: active.badge,
        version: version.version,
        reason: options.reason,
        ...(options.approvedBy === undefined ? {} : { approvedBy: options.approvedBy }),
        ...(options.typeFrom === undefined ? {} : { typeFrom: options.typeFrom, type: version.type }),
      },
      at: now,
    });
    return version;
  });
}

export function activeVersion(station: Station, holderId: string): BadgeVersion | undefined {
  return station.db
    .statement(
      `SELECT serial, badge, holder, version, type, zones, status FROM badge_versions WHERE holder = ? AND status = 'active'`,
    )
    .get(holderId) as BadgeVersion | undefined;
}

export function badgeVersions(station: Station, badge: number): BadgeVersion[] {
  return station.db
    .statement('SELECT serial, badge, holder, version, type, zones, status FROM badge_versions WHERE badge = ? ORDER BY version')
    .all(badge) as BadgeVersion[];
}

function nextCounter(station: Station): number {
  const row = station.db.statement('SELECT max(counter) AS last FROM badges WHERE station = ?').get(station.number) as {
    last: number | null;
  };
  return (row.last ?? 0) + 1;
}

function insertVersion(
  station: Station,
  catalog: Catalog,
  fields: { badge: number; counter: number; holder: string; version: number; type: string; zones: string },
  now: number,
): BadgeVersion {
  const type = catalog.type(fields.type);
  if (!type)
    throw new StationError(
      'BADGE_TYPE_UNKNOWN',
      `Holder ${fields.holder} has the type "${fields.type}", which this event's catalogue does not know.`,
    );
  const serial = formatSerial({ letter: type.letter, station: station.number, counter: fields.counter, version: fields.version });
  station.db
    .statement(
      `INSERT INTO badge_versions (serial, badge, holder, version, type, zones, status, created_at) VALUES (?, ?, ?, ?, ?, ?, 'active', ?)`,
    )
    .run(serial, fields.badge, fields.holder, fields.version, fields.type, fields.zones, now);
  return {
    serial,
    badge: fields.badge,
    holder: fields.holder,
    version: fields.version,
    type: fields.type,
    zones: fields.zones,
    status: 'active',
  };
}
