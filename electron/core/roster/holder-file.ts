/**
 * One holder's file as the desk shows it: the roster's fields, the photo, and each badge
 * with its versions and what the ledger recorded on each of its serials.
 */
import sharp from 'sharp';
import { StationError } from '../errors.ts';
import type { Station } from '../station/index.ts';
import { peopleByActor } from '../users/index.ts';
import { type Clearance, holderClearance } from './clearance.ts';
import { zoneList } from './listing.ts';
import type { PhotoStore } from './photo-store.ts';

/**
 * A photo up to this size is sent as it is; a larger one (the import takes up to 10 MB) as
 * a JPEG of at most PREVIEW_SIDE pixels, so the holder's file stays well inside a message.
 */
export const MAX_PHOTO_SENT_BYTES = 400 * 1024;
const PREVIEW_SIDE = 800;
/** A badge's events: a few dozen in a busy life (prints, chips, rejects); more are cut to the latest. */
const MAX_HISTORY = 200;

export interface HolderFile {
  holder: {
    id: string;
    name: string;
    latinName: string;
    organisation: string;
    country: string;
    docType: string;
    docNumber: string;
    type: string;
    zones: string[];
    updatedAt: number;
  };
  photo: { format: 'jpeg' | 'png'; width: number; height: number; dataUrl: string } | null;
  badges: {
    badge: number;
    createdAt: number;
    versions: {
      serial: string;
      version: number;
      type: string;
      zones: string[];
      status: 'active' | 'revoked';
      revokeReason: string | null;
      createdAt: number;
      revokedAt: number | null;
    }[];
    history: {
      seq: number;
      at: number;
      type: string;
      actor: string;
      serial: string;
      printer?: string;
      job?: number;
      reason?: string;
      chip?: string;
      by?: string;
      approvedBy?: string;
    }[];
  }[];
  gateFlags: { reason: string; serial: string; at: number }[];
  clearance: Clearance | null;
}

export async function holderFile(station: Station, id: string): Promise<HolderFile> {
  const { db } = station;
  const row = db
    .statement(
      `SELECT h.id, h.name, h.latin_name, h.organisation, h.country, h.doc_type, h.doc_number, h.type, h.zones,
              h.updated_at, p.hash, p.format, p.width, p.height, p.bytes
         FROM holders h LEFT JOIN photos p ON p.hash = h.photo WHERE h.id = ?`,
    )
    .get(id) as
    | {
        id: string;
        name: string;
        latin_name: string;
        organisation: string;
        country: string;
        doc_type: string;
        doc_number: string;
        type: string;
        zones: string;
        updated_at: number;
        hash: string | null;
        format: 'jpeg' | 'png' | null;
        width: number | null;
        height: number | null;
        bytes: number | null;
      }
    | undefined;
  if (!row) {
    throw new StationError('HOLDER_NOT_FOUND', `No holder has the id "${id}": search again, or import the roster that has them.`);
  }
  const badges = (
    db.statement('SELECT badge, created_at FROM badges WHERE holder = ? ORDER BY badge').all(id) as {
      badge: number;
      created_at: number;
    }[]
  ).map(({ badge, created_at }) => {
    const versions = (
      db
        .statement(
          `SELECT serial, version, type, zones, status, revoke_reason, created_at, revoked_at
             FROM badge_versions WHERE badge = ? ORDER BY version`,
        )
        .all(badge) as {
        serial: string;
        version: number;
        type: string;
        zones: string;
        status: 'active' | 'revoked';
        revoke_reason: string | null;
        created_at: number;
        revoked_at: number | null;
      }[]
    ).map((version) => ({
      serial: version.serial,
      version: version.version,
      type: version.type,
      zones: zoneList(version.zones),
      status: version.status,
      revokeReason: version.revoke_reason,
      createdAt: version.created_at,
      revokedAt: version.revoked_at,
    }));
    return {
      badge,
      createdAt: created_at,
      versions,
      history: historyOf(
        station,
        versions.map((v) => v.serial),
      ),
    };
  });
  return {
    holder: {
      id: row.id,
      name: row.name,
      latinName: row.latin_name,
      organisation: row.organisation,
      country: row.country,
      docType: row.doc_type,
      docNumber: row.doc_number,
      type: row.type,
      zones: zoneList(row.zones),
      updatedAt: row.updated_at,
    },
    photo:
      row.hash && row.format && row.width !== null && row.height !== null
        ? await photoToSend(station.photos, {
            hash: row.hash,
            format: row.format,
            width: row.width,
            height: row.height,
            bytes: row.bytes ?? 0,
          })
        : null,
    badges,
    // A badge of theirs reported stolen: the gate team watches for the old card (badges/reissue.ts).
    gateFlags: (
      station.db
        .statement('SELECT reason, serial, flagged_at FROM gate_flags WHERE holder = ? ORDER BY flagged_at')
        .all(row.id) as { reason: string; serial: string; flagged_at: number }[]
    ).map((flag) => ({ reason: flag.reason, serial: flag.serial, at: flag.flagged_at })),
    clearance: holderClearance(station.db, row.id),
  };
}

function historyOf(station: Station, serials: string[]): HolderFile['badges'][number]['history'] {
  const events: HolderFile['badges'][number]['history'] = [];
  const named = peopleByActor(station);
  for (const serial of serials) {
    // The subject index, newest first, so a cut keeps the latest.
    const rows = station.db
      .statement(`SELECT seq, at, type, actor, data FROM ledger_events WHERE subject = ? ORDER BY seq DESC LIMIT ${MAX_HISTORY}`)
      .all(`badge:${serial}`) as { seq: number; at: number; type: string; actor: string; data: string }[];
    for (const row of rows) {
      const data = parseData(row.data);
      const text = (key: string) => (typeof data[key] === 'string' ? (data[key] as string) : undefined);
      const printer = text('printer');
      const reason = text('reason') ?? text('code');
      const chip = text('uid') ?? text('chip');
      const by = named(row.actor);
      const approvedBy = text('approvedBy');
      const approver = approvedBy && approvedBy !== row.actor ? (named(approvedBy) ?? approvedBy) : undefined;
      events.push({
        seq: row.seq,
        at: row.at,
        type: row.type,
        actor: row.actor,
        serial,
        ...(printer ? { printer } : {}),
        ...(typeof data.job === 'number' && Number.isInteger(data.job) ? { job: data.job } : {}),
        ...(reason ? { reason } : {}),
        ...(chip ? { chip } : {}),
        ...(by ? { by } : {}),
        ...(approver ? { approvedBy: approver } : {}),
      });
    }
  }
  events.sort((a, b) => a.seq - b.seq);
  return events.slice(-MAX_HISTORY);
}

function parseData(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

async function photoToSend(
  store: PhotoStore,
  photo: { hash: string; format: 'jpeg' | 'png'; width: number; height: number; bytes: number },
): Promise<HolderFile['photo']> {
  let bytes: Buffer;
  try {
    bytes = await store.read(photo.hash);
  } catch {
    // A photo file gone from the data folder: the file shows without it, as for a holder without one.
    return null;
  }
  if (bytes.length <= MAX_PHOTO_SENT_BYTES) {
    return { format: photo.format, width: photo.width, height: photo.height, dataUrl: dataUrl(photo.format, bytes) };
  }
  const { data, info } = await sharp(bytes)
    .rotate()
    .resize({ width: PREVIEW_SIDE, height: PREVIEW_SIDE, fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: 80 })
    .toBuffer({ resolveWithObject: true });
  return { format: 'jpeg', width: info.width, height: info.height, dataUrl: dataUrl('jpeg', data) };
}

function dataUrl(format: 'jpeg' | 'png', bytes: Buffer): string {
  return `data:image/${format};base64,${bytes.toString('base64')}`;
}
