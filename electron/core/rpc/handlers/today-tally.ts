/**
 * What the Today screen counts from the ledger, kept up to date by reading only the events
 * appended since the last answer.
 *
 * Decision: the page asks every few seconds, and a 500,000-holder station's full answer
 * (every holder's current badge against the ledger's BADGE_ISSUED events, every card
 * issued today) is hundreds of milliseconds of the core's only thread, which a print run
 * shares. So the tally is computed in full once, then moved on by the events since its
 * last ledger seq (a primary-key range, a handful of rows between two refreshes of a
 * print run). A print run's events only issue cards, so those are counted one by one; a
 * badge made, voided or reprinted has who holds an issued badge counted again, and an
 * import (holders change through imports alone) everything: rare, and always right. A new
 * day starts today's counts afresh from the ledger's (type, at) index.
 *
 * Measured on the 500,000-holder bench station with 35,000 cards issued today (2 cores,
 * shared): the full count ~350 ms (holders by type, a scan of the roster, 210 ms; holders
 * with an issued badge 120 ms; today's cards by type and hour 40 ms), once when the screen
 * is first opened; an answer moved on by a print run's events 5-25 ms.
 */
import type { Station } from '../../station/index.ts';

const HOUR_MS = 3_600_000;

/** Events of a print run, or of nothing that changes who holds which badge: counted as they come, no recount. */
const LEAVES_BADGES_ALONE = new Set([
  'BADGE_ISSUED',
  'BADGE_PRINTED',
  'CHIP_ENCODED',
  'CHIP_VERIFIED',
  'CARD_REJECTED',
  'PRINT_FAILED',
  'PRINT_INTERRUPTED',
  'CHIP_REPLACED',
  'CHIP_WIPED',
  'BADGE_COLLECTED',
  'USER_SIGNED_IN',
  'KEY_EVENT',
]);

/** More events than this since the last answer: counting afresh is as quick as moving on. */
const MOST_TO_MOVE_ON = 20_000;

export interface Day {
  start: number;
  end: number;
}

export interface TallyFigures {
  /** Cards issued today, by badge type, by hour from the day's start. */
  issued: Map<string, number[]>;
  /** Holders, and holders whose current badge has been issued, by the holder's type. */
  holders: Map<string, number>;
  issuedHolders: Map<string, number>;
}

interface Tally extends TallyFigures {
  seq: number;
  day: Day;
}

interface NewEvent {
  seq: number;
  at: number;
  type: string;
  subject: string | null;
}

export class TodayTally {
  #tally: Tally | undefined;

  /** The figures as of the ledger's head, for `day`. */
  figures(station: Station, day: Day): TallyFigures {
    const head = station.ledger.head()?.seq ?? 0;
    const kept = this.#tally;
    if (kept && kept.seq === head && sameDay(kept.day, day)) return kept;
    const events =
      kept && head - kept.seq <= MOST_TO_MOVE_ON
        ? (station.db
            .statement('SELECT seq, at, type, subject FROM ledger_events WHERE seq > ? AND seq <= ? ORDER BY seq')
            .all(kept.seq, head) as NewEvent[])
        : undefined;
    if (!kept || !events || events.some((event) => event.type === 'ROSTER_IMPORTED')) {
      this.#tally = { seq: head, day, ...counted(station, day, head) };
      return this.#tally;
    }
    if (events.some((event) => !LEAVES_BADGES_ALONE.has(event.type))) {
      // Badges made, voided or reprinted: who holds an issued badge is counted again; the
      // holders (changed by imports alone) and the cards issued today stay as counted.
      this.#tally = {
        ...kept,
        seq: head,
        day,
        issuedHolders: issuedHolders(station, head),
        issued: sameDay(kept.day, day) ? kept.issued : issuedOn(station, day, head),
      };
      return this.#tally;
    }
    const issued = sameDay(kept.day, day) ? kept.issued : issuedOn(station, day, kept.seq);
    const versionOf = station.db.statement(
      'SELECT v.type, v.status, h.type AS holder_type FROM badge_versions v JOIN holders h ON h.id = v.holder WHERE v.serial = ?',
    );
    const issuedBefore = station.db.statement(
      `SELECT 1 FROM ledger_events WHERE subject = ? AND type = 'BADGE_ISSUED' AND seq < ? LIMIT 1`,
    );
    for (const event of events) {
      if (event.type !== 'BADGE_ISSUED' || !event.subject?.startsWith('badge:')) continue;
      const version = versionOf.get(event.subject.slice('badge:'.length)) as
        | { type: string; status: string; holder_type: string }
        | undefined;
      if (!version) continue;
      if (event.at >= day.start && event.at < day.end) addIssued(issued, version.type, hourOf(day, event.at));
      // Its holder now has a badge, unless this version had been issued before (a card printed again).
      if (version.status === 'active' && !issuedBefore.get(event.subject, event.seq))
        kept.issuedHolders.set(version.holder_type, (kept.issuedHolders.get(version.holder_type) ?? 0) + 1);
    }
    this.#tally = { ...kept, seq: head, day, issued };
    return this.#tally;
  }
}

function sameDay(a: Day, b: Day): boolean {
  return a.start === b.start && a.end === b.end;
}

function hourOf(day: Day, at: number): number {
  return Math.floor((at - day.start) / HOUR_MS);
}

function addIssued(issued: Map<string, number[]>, type: string, hour: number, count = 1): void {
  const hours = issued.get(type) ?? [];
  hours[hour] = (hours[hour] ?? 0) + count;
  issued.set(type, hours);
}

/** Everything counted afresh, through `head`. */
function counted(station: Station, day: Day, head: number): TallyFigures {
  const holders = new Map(
    (station.db.statement('SELECT type, count(*) AS n FROM holders GROUP BY type').all() as { type: string; n: number }[]).map(
      (row) => [row.type, row.n],
    ),
  );
  return { holders, issuedHolders: issuedHolders(station, head), issued: issuedOn(station, day, head) };
}

/**
 * A holder has a badge when their current (active) version has been issued: the ledger's
 * BADGE_ISSUED events from the (type, at) index, each matched to its version.
 */
function issuedHolders(station: Station, head: number): Map<string, number> {
  return new Map(
    (
      station.db
        .statement(
          `SELECT h.type, count(DISTINCT v.holder) AS n
             FROM ledger_events e
             JOIN badge_versions v ON v.serial = substr(e.subject, 7)
             JOIN holders h ON h.id = v.holder
            WHERE e.type = 'BADGE_ISSUED' AND e.seq <= ? AND v.status = 'active'
            GROUP BY h.type`,
        )
        .all(head) as { type: string; n: number }[]
    ).map((row) => [row.type, row.n]),
  );
}

/** Cards issued on `day` by type and hour, from the events through `head`. */
function issuedOn(station: Station, day: Day, head: number): Map<string, number[]> {
  const rows = station.db
    .statement(
      `SELECT v.type, CAST((e.at - @start) / ${HOUR_MS} AS INTEGER) AS hour, count(*) AS n
         FROM ledger_events e
         JOIN badge_versions v ON v.serial = substr(e.subject, 7)
        WHERE e.type = 'BADGE_ISSUED' AND e.at >= @start AND e.at < @end AND e.seq <= @head
        GROUP BY v.type, hour`,
    )
    .all({ start: day.start, end: day.end, head }) as { type: string; hour: number; n: number }[];
  const issued = new Map<string, number[]>();
  for (const row of rows) addIssued(issued, row.type, row.hour, row.n);
  return issued;
}

/** The day around `at` in `timeZone`: its local midnight, and the next. */
export function dayIn(timeZone: string, at: number): Day {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' })
    .formatToParts(at)
    .reduce<Record<string, number>>((all, part) => {
      if (part.type !== 'literal') all[part.type] = Number(part.value);
      return all;
    }, {});
  const { year = 1970, month = 1, day = 1 } = parts;
  return { start: midnight(timeZone, year, month, day), end: midnight(timeZone, year, month, day + 1) };
}

/** The instant the zone's clocks read 00:00 on that date (Date.UTC carries day 32 into the next month). */
function midnight(timeZone: string, year: number, month: number, day: number): number {
  const wall = Date.UTC(year, month - 1, day);
  let guess = wall;
  // Twice: the offset at the first guess may differ from the offset at midnight itself.
  for (let i = 0; i < 2; i += 1) guess = wall - offsetAt(timeZone, guess);
  return guess;
}

/** How far the zone's clocks are ahead of UTC at `at`, in ms. */
function offsetAt(timeZone: string, at: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  })
    .formatToParts(at)
    .reduce<Record<string, number>>((all, part) => {
      if (part.type !== 'literal') all[part.type] = Number(part.value);
      return all;
    }, {});
  const asUtc = Date.UTC(
    parts.year ?? 1970,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  return asUtc - Math.floor(at / 1000) * 1000;
}
