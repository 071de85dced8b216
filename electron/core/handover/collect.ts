/**
 * Collection: a printed badge handed to its holder, or to a representative of the holder's
 * organisation, after an identity check. The ledger says who handed it over and to whom
 * (BADGE_COLLECTED), with the document's type and only its last four characters.
 *
 * Refused, saying which and what to do: a badge that is not this station's, voided, not
 * issued yet, of another batch than the one on the table, or already collected. A document
 * that does not match, or a person who is not listed for the organisation, is refused and
 * the refusal recorded (COLLECTION_REFUSED), as someone may be trying to take another's badge.
 *
 * Decision: the holder's document is checked by its last four characters against the
 * roster's document number (case aside), whatever the document's type is called (the
 * roster says 身份证, the operator may say "ID card"); the roster's type is recorded. A
 * holder whose roster row has no document number is checked by sight, and recorded so.
 */
import type { Clock } from '../clock.ts';
import { StationError } from '../errors.ts';
import { CsvScanner } from '../roster/index.ts';
import type { Station } from '../station/index.ts';

export type Recipient = { kind: 'holder'; docLast4: string } | { kind: 'representative'; name: string; docLast4: string };

export interface CollectRequest {
  serial: string;
  /** The batch on the table: a card of another job is refused. */
  job?: number | undefined;
  to: Recipient;
  /** Who hands it over. */
  actor: string;
  now?: number;
}

export interface Collected {
  serial: string;
  holder: { id: string; name: string; organisation: string };
  to: 'holder' | 'representative';
  representative?: string;
  check: 'document' | 'sight';
  seq: number;
  at: number;
}

interface BadgeRow {
  serial: string;
  type: string;
  latin_name: string;
  status: string;
  revoke_reason: string | null;
  revoked_at: number | null;
  holder: string;
  name: string;
  organisation: string;
  doc_type: string;
  doc_number: string;
}

const LAST4 = /^[0-9A-Za-z]{4}$/;

export function collectBadge(station: Station, request: CollectRequest): Collected {
  const { db, ledger } = station;
  const now = request.now ?? station.clock();
  const docLast4 = request.to.docLast4.trim().toUpperCase();
  if (!LAST4.test(docLast4))
    throw new StationError('USAGE', 'Give the last four characters of the document shown (letters or digits), no more.');
  let refused:
    | { code: 'IDENTITY_MISMATCH' | 'NOT_A_REPRESENTATIVE'; reason: string; message: string; serial: string }
    | undefined;
  const collected = db.transaction((): Collected | undefined => {
    const { row: badge, issuedJob } = checkedBadge(station, request.serial, request.job);
    const subject = `badge:${badge.serial}`;
    const refuse = (code: 'IDENTITY_MISMATCH' | 'NOT_A_REPRESENTATIVE', reason: string, message: string) => {
      refused = { code, reason, message, serial: badge.serial };
    };

    let check: Collected['check'] = 'document';
    let docType = badge.doc_type;
    let representative: string | undefined;
    if (request.to.kind === 'holder') {
      const roster = badge.doc_number.trim().toUpperCase();
      if (roster === '') check = 'sight';
      else if (!roster.endsWith(docLast4)) {
        refuse(
          'IDENTITY_MISMATCH',
          'document',
          `The document shown does not match the one ${badge.name} registered (${badge.doc_type || 'document'}): do not hand the badge over; ask for the registered document, or call a supervisor.`,
        );
      }
    } else {
      const name = request.to.name.trim();
      if (!name) throw new StationError('USAGE', "Give the representative's name as on their document.");
      const listed = db
        .statement('SELECT organisation, name, doc_type, doc_last4 FROM representatives WHERE name = ? COLLATE NOCASE')
        .all(name) as { organisation: string; name: string; doc_type: string; doc_last4: string }[];
      const forThis = listed.find((row) => row.organisation === badge.organisation);
      if (!forThis)
        refuse(
          'NOT_A_REPRESENTATIVE',
          'not listed',
          `${name} is not listed as a representative of ${badge.organisation || "the holder's organisation"}` +
            (listed.length > 0 ? ` (only of ${[...new Set(listed.map((row) => row.organisation))].join(', ')})` : '') +
            `: hand ${badge.serial} to its holder, or add the representative first (badge-station representatives add).`,
        );
      else if (forThis.doc_last4 !== docLast4)
        refuse(
          'IDENTITY_MISMATCH',
          'representative document',
          `The document shown does not match the one listed for ${forThis.name} (${forThis.doc_type}): do not hand the badge over.`,
        );
      else {
        representative = forThis.name;
        docType = forThis.doc_type;
      }
    }
    if (refused) return undefined;
    const event = ledger.append({
      type: 'BADGE_COLLECTED',
      actor: request.actor,
      subject,
      at: now,
      data: {
        serial: badge.serial,
        job: issuedJob,
        to: request.to.kind,
        ...(representative ? { representative, organisation: badge.organisation } : {}),
        check,
        doc_type: docType,
        doc_last4: docLast4,
      },
    });
    return {
      serial: badge.serial,
      holder: { id: badge.holder, name: badge.name, organisation: badge.organisation },
      to: request.to.kind,
      ...(representative ? { representative } : {}),
      check,
      seq: event.seq,
      at: event.at,
    };
  });
  if (collected) return collected;
  const refusal = refused as unknown as NonNullable<typeof refused>;
  // Recorded, after the check's own transaction: someone may be trying to take another's badge.
  ledger.append({
    type: 'COLLECTION_REFUSED',
    actor: request.actor,
    subject: `badge:${refusal.serial}`,
    at: now,
    data: { serial: refusal.serial, reason: refusal.reason },
  });
  throw new StationError(refusal.code, refusal.message, { serial: refusal.serial });
}

/** A badge as the counter sees it before handing it over. */
export interface HandoverBadge {
  serial: string;
  holder: { id: string; name: string; latinName: string; organisation: string };
  type: string;
  /** The document the roster registered, by its type only (what to ask for). */
  docType: string;
  /** The print job that issued it. */
  job: number | null;
}

/**
 * The checks before any identity check: a badge of this station, not voided, issued, of the
 * batch on the table, not collected yet. Each refusal says which card and what to do.
 */
export function badgeForHandover(station: Station, serial: string, job?: number): HandoverBadge {
  return checkedBadge(station, serial, job).shown;
}

function checkedBadge(
  station: Station,
  serial: string,
  job: number | undefined,
): { row: BadgeRow; issuedJob: number | null; shown: HandoverBadge } {
  const { db } = station;
  const badge = db
    .statement(
      `SELECT v.serial, v.type, v.status, v.revoke_reason, v.revoked_at, h.id AS holder, h.name, h.latin_name, h.organisation, h.doc_type, h.doc_number
         FROM badge_versions v JOIN holders h ON h.id = v.holder WHERE v.serial = ?`,
    )
    .get(serial) as BadgeRow | undefined;
  if (!badge)
    throw new StationError('BADGE_NOT_FOUND', `No badge of this station has the serial ${serial}: check the card's face.`);
  const subject = `badge:${badge.serial}`;
  if (badge.status !== 'active') {
    const current = db.statement(`SELECT serial FROM badge_versions WHERE holder = ? AND status = 'active'`).get(badge.holder) as
      | { serial: string }
      | undefined;
    throw new StationError(
      'BADGE_VOID',
      `Badge ${badge.serial} was voided${badge.revoke_reason ? ` (${badge.revoke_reason})` : ''}: do not hand it over; put it in the void box. ` +
        (current ? `${badge.name}'s current badge is ${current.serial}.` : `${badge.name} has no current badge.`),
      { serial: badge.serial },
    );
  }
  const issued = db
    .statement(
      `SELECT json_extract(data, '$.job') AS job FROM ledger_events WHERE subject = ? AND type = 'BADGE_ISSUED' ORDER BY seq DESC LIMIT 1`,
    )
    .get(subject) as { job: number | null } | undefined;
  if (!issued)
    throw new StationError(
      'BADGE_NOT_ISSUED',
      `Badge ${badge.serial} has not been printed and issued yet: it cannot be handed over.`,
      {
        serial: badge.serial,
      },
    );
  if (job !== undefined && issued.job !== job) {
    const other =
      issued.job === null
        ? undefined
        : (db.statement('SELECT name FROM print_jobs WHERE id = ?').get(issued.job) as { name: string } | undefined);
    throw new StationError(
      'BADGE_OTHER_BATCH',
      `Badge ${badge.serial} belongs to ${issued.job === null ? 'no print job' : `print job ${issued.job}${other ? ` "${other.name}"` : ''}`}, not job ${job}: put it with its own batch.`,
      { serial: badge.serial, job: issued.job },
    );
  }
  const before = db
    .statement(`SELECT at, actor, json_extract(data, '$.to') AS "to", json_extract(data, '$.representative') AS representative
                  FROM ledger_events WHERE subject = ? AND type = 'BADGE_COLLECTED' ORDER BY seq DESC LIMIT 1`)
    .get(subject) as { at: number; actor: string; to: string; representative: string | null } | undefined;
  if (before)
    throw new StationError(
      'BADGE_COLLECTED',
      `Badge ${badge.serial} was already collected on ${new Date(before.at).toISOString().slice(0, 16).replace('T', ' ')} UTC ` +
        `by ${before.representative ? `${before.representative}, a representative` : 'its holder'} (handed over by ${before.actor}). ` +
        'A second card for the same badge is not to be handed over: give it to a supervisor.',
      { serial: badge.serial },
    );

  return {
    row: badge,
    issuedJob: issued.job,
    shown: {
      serial: badge.serial,
      holder: { id: badge.holder, name: badge.name, latinName: badge.latin_name, organisation: badge.organisation },
      type: badge.type,
      docType: badge.doc_type,
      job: issued.job,
    },
  };
}

export interface NewRepresentative {
  organisation: string;
  name: string;
  docType: string;
  /** The whole document number may be given: only its last four characters are kept. */
  docNumber: string;
}

/** Adds representatives (one, or a CSV's worth in one transaction); each one a ledger event. */
export function addRepresentatives(
  station: Station,
  people: readonly NewRepresentative[],
  actor: string,
  clock: Clock = station.clock,
): number {
  const { db, ledger } = station;
  return db.transaction(() => {
    let added = 0;
    people.forEach((person, index) => {
      const where = people.length > 1 ? `Row ${index + 2}: ` : '';
      const organisation = person.organisation.trim();
      const name = person.name.trim();
      const docType = person.docType.trim();
      const last4 = person.docNumber.trim().slice(-4).toUpperCase();
      if (!organisation) throw new StationError('USAGE', `${where}the organisation is empty.`);
      if (!name) throw new StationError('USAGE', `${where}the name is empty.`);
      if (!docType) throw new StationError('USAGE', `${where}the document type is empty.`);
      if (!LAST4.test(last4))
        throw new StationError('USAGE', `${where}the document number needs at least four letters or digits at its end.`);
      const at = clock();
      const changes = db
        .statement(
          'INSERT INTO representatives (organisation, name, doc_type, doc_last4, added_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
        )
        .run(organisation, name, docType, last4, at).changes;
      if (changes === 0) return;
      added += 1;
      ledger.append({
        type: 'REPRESENTATIVE_ADDED',
        actor,
        subject: `organisation:${organisation}`,
        at,
        data: { organisation, name, doc_type: docType, doc_last4: last4 },
      });
    });
    return added;
  });
}

/**
 * A CSV with the columns organisation, name, doc_type, doc_number (a header row first, in
 * any order), read by the roster's own CSV scanner (RFC 4180 as Excel writes it, its
 * errors naming the row).
 */
export function representativesFromCsv(text: string, file = 'the representatives file'): NewRepresentative[] {
  const scanner = new CsvScanner(file);
  const [header = [], ...rows] = [...scanner.push(text), ...scanner.end()].filter((row) =>
    row.some((cell) => cell.trim() !== ''),
  );
  const names = header.map((cell) => cell.trim().toLowerCase());
  const COLUMNS = ['organisation', 'name', 'doc_type', 'doc_number'] as const;
  const missing = COLUMNS.filter((column) => !names.includes(column));
  if (missing.length > 0)
    throw new StationError(
      'USAGE',
      `${file} has no ${missing.join(', ')} column: its header must be organisation,name,doc_type,doc_number.`,
    );
  const at = Object.fromEntries(COLUMNS.map((column) => [column, names.indexOf(column)])) as Record<
    (typeof COLUMNS)[number],
    number
  >;
  return rows.map((row) => ({
    organisation: row[at.organisation] ?? '',
    name: row[at.name] ?? '',
    docType: row[at.doc_type] ?? '',
    docNumber: row[at.doc_number] ?? '',
  }));
}

export function representatives(
  station: Station,
  organisation?: string,
): { organisation: string; name: string; docType: string; docLast4: string }[] {
  return (
    station.db
      .statement(
        'SELECT organisation, name, doc_type, doc_last4 FROM representatives WHERE ? IS NULL OR organisation = ? ORDER BY organisation, name',
      )
      .all(organisation ?? null, organisation ?? null) as {
      organisation: string;
      name: string;
      doc_type: string;
      doc_last4: string;
    }[]
  ).map((row) => ({ organisation: row.organisation, name: row.name, docType: row.doc_type, docLast4: row.doc_last4 }));
}
