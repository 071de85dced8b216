/**
 * The day's figures, by day, station, person and badge type: cards issued, badges
 * reprinted and voided, and cards wasted (a bad chip, a spoiled print), each with its
 * reasons. Every figure is counted from the ledger's events and from nothing else, and
 * only once the ledger is verified intact up to the last event counted, so a report can
 * never disagree with the ledger it came from (a broken ledger gives no report:
 * LEDGER_BROKEN, with the first bad event).
 *
 * Days are the station's days, in its time zone. The badge type comes from the serial's
 * letter; a person is named by their shown name (the ledger keeps only `user:<id>`), and
 * the station itself by what it is (`system`, a demo, the command line).
 */
import type { Catalog } from '../catalog/index.ts';
import { StationError } from '../errors.ts';
import { type LedgerVerification, verifyLedgerInTurns } from '../ledger/index.ts';
import { ledgerChecks } from '../ledger-checks.ts';
import type { Station } from '../station/index.ts';
import { peopleByActor } from '../users/index.ts';

export const REPORT_EVENTS = ['BADGE_ISSUED', 'BADGE_REPRINTED', 'BADGE_VOIDED', 'CARD_REJECTED', 'PRINT_FAILED'] as const;

export type ReportKind = 'issued' | 'reprinted' | 'voided' | 'rejected';

export interface ReportRow {
  /** YYYY-MM-DD in the station's time zone. */
  day: string;
  station: string;
  /** The person's shown name, or the actor as recorded when it is not a person. */
  user: string;
  /** The badge type's code (visitor, media ...). */
  type: string;
  issued: number;
  reprinted: number;
  voided: number;
  rejected: number;
}

export interface ReasonRow {
  day: string;
  kind: Exclude<ReportKind, 'issued'>;
  reason: string;
  count: number;
}

export interface DayReport {
  station: string;
  /** The first and last day covered (inclusive), in `timeZone`. */
  from: string;
  to: string;
  timeZone: string;
  /** The ledger as verified: its events, and the last one counted. */
  ledger: { events: number; head: number };
  rows: ReportRow[];
  reasons: ReasonRow[];
  totals: Record<ReportKind, number>;
}

export interface ReportOptions {
  /** First and last day (YYYY-MM-DD, inclusive), in the station's time zone. */
  from: string;
  to: string;
  timeZone: string;
  /** Gives the thread back between slices of the ledger check (the desk's core); the CLI need not. */
  turn?: () => Promise<void>;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The day an instant falls on, in a time zone: 2026-11-20. */
export function dayOf(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** The instant a day starts in a time zone (found by stepping from UTC midnight by the zone's offset). */
function startOf(day: string, timeZone: string): number {
  const utc = Date.parse(`${day}T00:00:00Z`);
  let guess = utc;
  for (let i = 0; i < 3; i += 1) {
    const parts = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    }).formatToParts(guess);
    const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
    const shown = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
    guess -= shown - utc;
  }
  return guess;
}

function checkDays(options: ReportOptions): void {
  if (
    !DAY.test(options.from) ||
    !DAY.test(options.to) ||
    Number.isNaN(Date.parse(options.from)) ||
    Number.isNaN(Date.parse(options.to))
  )
    throw new StationError('USAGE', `Days are written 2026-11-20 (given: ${options.from} to ${options.to}).`);
  if (options.from > options.to)
    throw new StationError('USAGE', `The first day (${options.from}) comes after the last (${options.to}).`);
  try {
    new Intl.DateTimeFormat('en', { timeZone: options.timeZone });
  } catch {
    throw new StationError('USAGE', `"${options.timeZone}" is not a time zone: use one such as Asia/Shanghai.`);
  }
}

async function verified(station: Station, turn: (() => Promise<void>) | undefined): Promise<LedgerVerification> {
  const verdict = await verifyLedgerInTurns(
    station.db,
    station.ledger,
    ledgerChecks(station),
    turn ? { turn } : { turn: async () => {} },
  );
  if (!verdict.intact)
    throw new StationError(
      'LEDGER_BROKEN',
      `No report: the ledger is not intact from event ${verdict.firstBadSeq} on (${verdict.problem?.message ?? 'see badge-station ledger verify'}). A report must agree with the ledger; have the ledger looked at first.`,
      { seq: verdict.firstBadSeq ?? 0 },
    );
  return verdict;
}

export async function dayReport(station: Station, catalog: Catalog, options: ReportOptions): Promise<DayReport> {
  checkDays(options);
  const verdict = await verified(station, options.turn);
  const head = verdict.head?.seq ?? 0;
  const start = startOf(options.from, options.timeZone);
  const end = startOf(new Date(Date.parse(`${options.to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10), options.timeZone);
  const events = station.db
    .statement(
      `SELECT type, at, actor, data FROM ledger_events
       WHERE type IN (${REPORT_EVENTS.map(() => '?').join(', ')}) AND at >= ? AND at < ? AND seq <= ? ORDER BY seq`,
    )
    .all(...REPORT_EVENTS, start, end, head) as { type: string; at: number; actor: string; data: string }[];
  const typeByLetter = new Map(catalog.types.map((type) => [type.letter, type.code]));
  const named = peopleByActor(station);
  const rows = new Map<string, ReportRow>();
  const reasons = new Map<string, ReasonRow>();
  const totals: Record<ReportKind, number> = { issued: 0, reprinted: 0, voided: 0, rejected: 0 };
  for (const event of events) {
    const data = JSON.parse(event.data) as { serial?: string; reason?: string; code?: string; cardSpoiled?: unknown };
    // A print that failed before anything reached the card wasted nothing.
    if (event.type === 'PRINT_FAILED' && !data.cardSpoiled) continue;
    const kind: ReportKind =
      event.type === 'BADGE_ISSUED'
        ? 'issued'
        : event.type === 'BADGE_REPRINTED'
          ? 'reprinted'
          : event.type === 'BADGE_VOIDED'
            ? 'voided'
            : 'rejected';
    const day = dayOf(event.at, options.timeZone);
    const user = named(event.actor) ?? event.actor;
    const type = typeByLetter.get(data.serial?.[0] ?? '') ?? 'unknown';
    const key = `${day}\u0000${user}\u0000${type}`;
    const row = rows.get(key) ?? {
      day,
      station: station.number,
      user,
      type,
      issued: 0,
      reprinted: 0,
      voided: 0,
      rejected: 0,
    };
    row[kind] += 1;
    rows.set(key, row);
    totals[kind] += 1;
    if (kind !== 'issued') {
      const reason = data.reason ?? data.code ?? 'unknown';
      const reasonKey = `${day}\u0000${kind}\u0000${reason}`;
      const entry = reasons.get(reasonKey) ?? { day, kind, reason, count: 0 };
      entry.count += 1;
      reasons.set(reasonKey, entry);
    }
  }
  const order = (a: { day: string }, b: { day: string }) => a.day.localeCompare(b.day);
  return {
    station: station.number,
    from: options.from,
    to: options.to,
    timeZone: options.timeZone,
    ledger: { events: verdict.events, head },
    rows: [...rows.values()].sort((a, b) => order(a, b) || a.user.localeCompare(b.user) || a.type.localeCompare(b.type)),
    reasons: [...reasons.values()].sort((a, b) => order(a, b) || a.kind.localeCompare(b.kind) || b.count - a.count),
    totals,
  };
}
