/** Which chip belongs to which badge version: one current chip per version, revoked or wiped ones kept. */
import type { Station } from '../station/index.ts';

export interface ChipRecord {
  uid: string;
  serial: string;
  model: string;
  status: 'current' | 'revoked' | 'wiped';
  encodedAt: number;
}

const COLUMNS = 'uid, serial, model, status, encoded_at AS encodedAt';

export function currentChipOf(station: Station, serial: string): ChipRecord | undefined {
  return station.db.statement(`SELECT ${COLUMNS} FROM chips WHERE serial = ? AND status = 'current'`).get(serial) as
    | ChipRecord
    | undefined;
}

/** The latest record of a UID: current if it is bound now, else how it ended. */
export function chipByUid(station: Station, uid: string): ChipRecord | undefined {
  return station.db
    .statement(`SELECT ${COLUMNS} FROM chips WHERE uid = ? ORDER BY status = 'current' DESC, id DESC LIMIT 1`)
    .get(uid) as ChipRecord | undefined;
}

export function bindChip(station: Station, record: Omit<ChipRecord, 'status'>): void {
  station.db
    .statement(`INSERT INTO chips (uid, serial, model, status, encoded_at) VALUES (?, ?, ?, 'current', ?)`)
    .run(record.uid, record.serial, record.model, record.encodedAt);
}

export function endChip(station: Station, uid: string, status: 'revoked' | 'wiped', reason: string, at: number): void {
  station.db
    .statement(`UPDATE chips SET status = ?, ended_at = ?, end_reason = ? WHERE uid = ? AND status = 'current'`)
    .run(status, at, reason, uid);
}
