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
  /** The badge's version: 2 or more is a reprint. */
  version: number;
}

export interface HandoverBatch {
  job: number;
  name: string;
  /** The job's issued cards, in handover order. */
  cards: HandoverCard[];
  /** The job's cards not issued (yet, or ever): no map is made for them. */
  notIssued: number;
}

/** The batch with what its summary sheet tells, all read from the job and the ledger. */
export interface BatchFacts extends HandoverBatch {
  /** Physical cards thrown away while printing the job: a chip refused, a card spoiled. */
  rejects: { serial: string; reason: string }[];
  /** Who ran the print (the ledger's actors of the job's issues). */
  printedBy: string[];
  /** Cards each printer printed for the job (a card printed twice, after a jam, counts twice). */
  printers: { name: string; cards: number }[];
  firstIssuedAt: number | undefined;
  lastIssuedAt: number | undefined;
}

interface Row {
  position: number;
  version: number;
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
      `SELECT i.position, i.serial, v.version, v.type, v.zones, h.id AS holder, h.name, h.latin_name, h.organisation
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
      version: row.version,
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

export function batchFacts(station: Station, catalog: Catalog, job: number, order: HandoverOrder = 'organisation'): BatchFacts {
  const batch = handoverBatch(station, catalog, job, order);
  // The ledger's events on the job's badges, found through the ledger's index by subject (not by
  // time: a job's creation and its cards' events may come from different clocks, a demo's say).
  const events = (types: string) =>
    `SELECT e.* FROM job_items i JOIN ledger_events e ON e.subject = 'badge:' || i.serial
     WHERE i.job = ? AND e.type IN (${types})`;
  const issued = station.db
    .statement(
      `SELECT actor, min(at) AS first, max(at) AS last FROM (${events(`'BADGE_ISSUED'`)}) WHERE json_extract(data, '$.job') = ?
       GROUP BY actor ORDER BY min(at)`,
    )
    .all(job, job) as { actor: string; first: number; last: number }[];
  const printed = station.db
    .statement(
      `SELECT json_extract(data, '$.printer') AS printer, count(*) AS cards FROM (${events(`'BADGE_PRINTED'`)})
       WHERE json_extract(data, '$.job') = ? GROUP BY 1 ORDER BY 1`,
    )
    .all(job, job) as { printer: string; cards: number }[];
  // A card the chip step refused names no job, only its badge (a badge is in one job at a time).
  const rejects = (
    station.db
      .statement(
        `SELECT json_extract(data, '$.serial') AS serial, type, json_extract(data, '$.reason') AS reason,
                json_extract(data, '$.code') AS code
         FROM (${events(`'CARD_REJECTED', 'PRINT_FAILED'`)})
         WHERE type = 'CARD_REJECTED' OR (json_extract(data, '$.job') = ? AND json_extract(data, '$.cardSpoiled') = 1)
         ORDER BY seq`,
      )
      .all(job, job) as { serial: string; type: string; reason: string | null; code: string | null }[]
  ).map((row) => ({ serial: row.serial, reason: row.reason ?? row.code ?? row.type }));
  return {
    ...batch,
    rejects,
    printedBy: issued.map((row) => row.actor),
    printers: printed.map((row) => ({ name: row.printer, cards: row.cards })),
    firstIssuedAt: issued.length > 0 ? Math.min(...issued.map((row) => row.first)) : undefined,
    lastIssuedAt: issued.length > 0 ? Math.max(...issued.map((row) => row.last)) : undefined,
  };
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
