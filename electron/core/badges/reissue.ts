/**
 * The supervisor's desk work on a badge that is out in the world: voiding it (lost, stolen,
 * damaged, wrong data or type, or the holder withdrawn) and reissuing it as the next
 * version, printed through the priority lane ahead of any bulk run.
 *
 * Each asks for the serial the person is looking at, so two supervisors on the same badge
 * cannot both act: the second is told it was already done, and by whom (BADGE_CONFLICT).
 * Who approved is recorded beside who asked, in the same ledger event. A holder's third
 * reprint and beyond needs an admin's approval (REPRINTS_BEFORE_ADMIN). A stolen badge
 * flags its holder for the gate team.
 *
 * The old version is revoked in the station at once (a chip read at this desk says
 * REVOKED); gates learn it from the signed revocation list, built upstream from every
 * station's BADGE_VOIDED and BADGE_REPRINTED events (badge-station revocations).
 */
import type { Catalog } from '../catalog/index.ts';
import { StationError } from '../errors.ts';
import { JobStore } from '../jobs/index.ts';
import type { Station } from '../station/index.ts';
import { type BadgeVersion, reprintBadge } from './badges.ts';

export const REISSUE_REASONS = ['lost', 'stolen', 'damaged', 'data_error', 'type_change'] as const;
export type ReissueReason = (typeof REISSUE_REASONS)[number];
/** A badge voided for good: its holder is no longer accredited. */
export const VOID_REASONS = [...REISSUE_REASONS, 'withdrawn'] as const;
export type VoidReason = (typeof VOID_REASONS)[number];

/**
 * Reprints a holder may have on a supervisor's word; the next needs an admin. The event
 * sets it per badge type (types.json, reprints_before_admin: 0 for a VIP type whose every
 * reprint an admin decides); this when a type does not say.
 */
export const REPRINTS_BEFORE_ADMIN = 2;
/** The reprint lane: ahead of every bulk job (priority 0) on the printers of a run. */
export const REPRINT_PRIORITY = 10;

export interface Approval {
  /** Who approved (a supervisor or admin): themselves when they asked. */
  actor: string;
  role: 'supervisor' | 'admin';
}

interface VersionRow extends BadgeVersion {
  revoke_reason: string | null;
  revoked_at: number | null;
}

function version(station: Station, serial: string): VersionRow {
  const found = station.db
    .statement(
      'SELECT serial, badge, holder, version, type, zones, status, revoke_reason, revoked_at FROM badge_versions WHERE serial = ?',
    )
    .get(serial.trim().toUpperCase()) as VersionRow | undefined;
  if (!found)
    throw new StationError('BADGE_NOT_FOUND', `No badge has the serial ${serial}: check the serial on the card's face.`);
  return found;
}

/** The version asked about must still be the live one: else someone got there first, said with what they did. */
function stillActive(station: Station, asked: VersionRow): void {
  if (asked.status === 'active') return;
  const newer = station.db
    .statement(`SELECT serial FROM badge_versions WHERE badge = ? AND version > ? ORDER BY version DESC LIMIT 1`)
    .get(asked.badge, asked.version) as { serial: string } | undefined;
  const by = station.db
    .statement(
      `SELECT actor, json_extract(data, '$.approvedBy') AS approvedBy FROM ledger_events
       WHERE type IN ('BADGE_VOIDED', 'BADGE_REPRINTED') AND (json_extract(data, '$.revoked') = ? OR json_extract(data, '$.serial') = ?)
       ORDER BY seq DESC LIMIT 1`,
    )
    .get(asked.serial, asked.serial) as { actor: string; approvedBy: string | null } | undefined;
  const when = asked.revoked_at === null ? '' : ` at ${new Date(asked.revoked_at).toISOString().slice(11, 16)} UTC`;
  throw new StationError(
    'BADGE_CONFLICT',
    newer
      ? `Badge ${asked.serial} was already reprinted as ${newer.serial}${when}${by ? ` (${by.approvedBy ?? by.actor})` : ''}: look at ${newer.serial} instead.`
      : `Badge ${asked.serial} is already void (${asked.revoke_reason ?? 'no reason'})${when}: there is nothing to do.`,
    { serial: asked.serial, ...(newer ? { newer: newer.serial } : {}) },
  );
}

function flagStolen(station: Station, holder: string, serial: string, actor: string, now: number): void {
  station.db
    .statement(
      `INSERT INTO gate_flags (holder, reason, serial, flagged_at, flagged_by) VALUES (?, 'stolen', ?, ?, ?)
       ON CONFLICT (holder, serial) DO NOTHING`,
    )
    .run(holder, serial, now, actor);
}

export interface VoidOptions {
  serial: string;
  reason: VoidReason;
  /** Who asked (the operator at the desk, or the supervisor themselves). */
  actor: string;
  approval: Approval;
}

/** Voids the live version of a badge for good; the holder is left without one until a new badge is made. */
export function voidBadge(station: Station, options: VoidOptions): BadgeVersion {
  return station.db.transaction(() => {
    const asked = version(station, options.serial);
    stillActive(station, asked);
    const now = station.clock();
    station.db
      .statement(`UPDATE badge_versions SET status = 'revoked', revoke_reason = ?, revoked_at = ? WHERE serial = ?`)
      .run(options.reason, now, asked.serial);
    if (options.reason === 'stolen') flagStolen(station, asked.holder, asked.serial, options.actor, now);
    station.ledger.append({
      type: 'BADGE_VOIDED',
      actor: options.actor,
      subject: `badge:${asked.serial}`,
      data: {
        serial: asked.serial,
        badge: asked.badge,
        version: asked.version,
        reason: options.reason,
        approvedBy: options.approval.actor,
        ...(options.reason === 'stolen' ? { gateFlag: true } : {}),
      },
      at: now,
    });
    return { ...asked, status: 'revoked' as const };
  });
}

export interface ReissueOptions {
  /** The version being replaced, as the person sees it (on the card, or the holder's file). */
  serial: string;
  reason: ReissueReason;
  actor: string;
  approval: Approval;
  /** A type change: the badge type the holder now has (the catalogue's code). */
  type?: string;
}

export interface Reissued {
  revoked: string;
  badge: BadgeVersion;
  /** The priority print job the new version waits in. */
  job: number;
  /** How many times this holder's badge has now been reprinted. */
  reprints: number;
}

/** How many reprints a holder has had: every version after the first of each of their badges. */
export function reprintsOf(station: Station, holder: string): number {
  return (
    station.db.statement('SELECT count(*) AS n FROM badge_versions WHERE holder = ? AND version > 1').get(holder) as {
      n: number;
    }
  ).n;
}

/** Revokes the version asked about and makes the next one, queued to print ahead of any bulk job. */
export function reissueBadge(station: Station, catalog: Catalog, options: ReissueOptions): Reissued {
  return station.db.transaction(() => {
    const asked = version(station, options.serial);
    stillActive(station, asked);
    const before = reprintsOf(station, asked.holder);
    const allowed = catalog.type(asked.type)?.reprints_before_admin ?? REPRINTS_BEFORE_ADMIN;
    if (before >= allowed && options.approval.role !== 'admin')
      throw new StationError(
        'ADMIN_APPROVAL_NEEDED',
        `Holder ${asked.holder} has had ${before} reprints already: the next needs an admin's approval.`,
        { reprints: before },
      );
    const now = station.clock();
    if (options.reason === 'type_change') {
      const type = options.type === undefined ? undefined : catalog.type(options.type);
      if (!type || type.code === asked.type)
        throw new StationError(
          'USAGE',
          `A type change needs the new badge type, other than ${asked.type}: one of ${catalog.types.map((t) => t.code).join(', ')}.`,
        );
      station.db.statement('UPDATE holders SET type = ? WHERE id = ?').run(type.code, asked.holder);
    } else if (options.type !== undefined)
      throw new StationError('USAGE', 'Only a type change (reason type_change) gives a new badge type.');
    if (options.reason === 'stolen') flagStolen(station, asked.holder, asked.serial, options.actor, now);
    const made = reprintBadge(station, catalog, asked.holder, {
      reason: options.reason,
      actor: options.actor,
      now,
      approvedBy: options.approval.actor,
      ...(options.reason === 'type_change' ? { typeFrom: asked.type } : {}),
    });
    const job = new JobStore(station.db, station.ledger).createJob({
      name: `Reprint ${made.serial} (${options.reason.replace('_', ' ')})`,
      badges: { serials: [made.serial] },
      priority: REPRINT_PRIORITY,
      actor: options.actor,
      now,
    });
    return { revoked: asked.serial, badge: made, job, reprints: before + 1 };
  });
}
