/**
 * A print job's cards as the counter hands them over: in handover order (by organisation,
 * then name; or as the batch was made), whatever order the printers finished them in, so
 * map sheets, pick lists and separator sheets line up with the cards on the table.
 */
import type { Catalog } from '../catalog/index.ts';
import { StationError } from '../errors.ts';
import type { Station } from '../station/index.ts';
import type { MapHolder } from './fold-in-map.ts';

export type HandoverOrder = 'organisation' | 'imported';

export interface HandoverCard extends MapHolder {
  holderId: string;
  /** The card's place in the batch as it was made. */
  position: number;
}

export interface HandoverBatch {
  job: number;
  name: string;
  /** The job's issued cards, in handover order. */
  cards: HandoverCard[];
  /** The job's cards not issued (yet, or ever): no map is made for them. */
  notIssued: number;
}

interface Row {
  position: number;
  serial: string;
  type: string;
  zones: string;
  holder: string;
  name: string;
  latin_name: string;
  organisation: string;
}

/**
 * Names sort as the office files them: Chinese by pinyin, Latin letters alphabetically,
 * case and accents aside (ICU's pinyin collation, which Node carries).
 */
const collator = new Intl.Collator(['zh-CN-u-co-pinyin', 'en'], { sensitivity: 'base', numeric: true });

export function handoverBatch(
  station: Station,
  catalog: Catalog,
  job: number,
  order: HandoverOrder = 'organisation',
): HandoverBatch {
  const found = station.db.statement('SELECT name FROM print_jobs WHERE id = ?').get(job) as { name: string } | undefined;
  if (!found) throw new StationError('JOB_NOT_FOUND', `There is no print job ${job}: see the jobs with badge-station jobs list.`);
  const rows = station.db
    .statement(
      `SELECT i.position, i.serial, v.type, v.zones, h.id AS holder, h.name, h.latin_name, h.organisation
       FROM job_items i JOIN badge_versions v ON v.serial = i.serial JOIN holders h ON h.id = v.holder
       WHERE i.job = ? AND i.state = 'issued'`,
    )
    .all(job) as Row[];
  const total = (station.db.statement('SELECT count(*) AS n FROM job_items WHERE job = ?').get(job) as { n: number }).n;
  const cards = rows.map((row): HandoverCard => {
    const type = catalog.type(row.type);
    if (!type)
      throw new StationError(
        'BADGE_TYPE_UNKNOWN',
        `Badge ${row.serial} has the type "${row.type}", which this event's catalogue does not know.`,
      );
    return {
      holderId: row.holder,
      position: row.position,
      serial: row.serial,
      name: row.name,
      latinName: row.latin_name,
      organisation: row.organisation,
      type,
      zones: row.zones.split(/[\s,;]+/).filter(Boolean),
    };
  });
  return { job, name: found.name, cards: inHandoverOrder(cards, order), notIssued: total - cards.length };
}

export function inHandoverOrder<T extends { organisation: string; name: string; latinName: string; position: number }>(
  cards: readonly T[],
  order: HandoverOrder,
): T[] {
  if (order === 'imported') return [...cards].sort((a, b) => a.position - b.position);
  return [...cards].sort(
    (a, b) =>
      collator.compare(a.organisation, b.organisation) ||
      collator.compare(a.name, b.name) ||
      collator.compare(a.latinName, b.latinName) ||
      a.position - b.position,
  );
}
