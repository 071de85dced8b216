/**
 * Where the ledger says the station was enrolled: before it the station had no key and
 * its checkpoints could only be unsigned; from it on, every checkpoint must be signed.
 */
import type { StationDatabase } from '../db/index.ts';

/**
 * Stations enrolled through the CLI before STATION_ENROLLED existed recorded a KEY_EVENT
 * saying "station enrolled"; it marks their enrolment just as well.
 */
export function marksEnrolment(type: string, data: string): boolean {
  if (type === 'STATION_ENROLLED') return true;
  if (type !== 'KEY_EVENT') return false;
  try {
    return (JSON.parse(data) as { event?: unknown }).event === 'station enrolled';
  } catch {
    return false;
  }
}

const FIRST_ENROLMENT = `
  SELECT min(seq) AS seq FROM ledger_events
  WHERE type = 'STATION_ENROLLED' OR (type = 'KEY_EVENT' AND CASE WHEN json_valid(data) THEN json_extract(data, '$.event') END = 'station enrolled')`;

/** The sequence number of the station's first enrolment, if its ledger records one. */
export function enrolmentSeq(db: StationDatabase): number | undefined {
  return (db.statement(FIRST_ENROLMENT).get() as { seq: number | null }).seq ?? undefined;
}
