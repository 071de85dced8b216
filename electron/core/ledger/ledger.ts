/**
 * The station's issuance ledger: append-only events, each chained to the one before.
 *
 * Appends join the caller's transaction when there is one, so a state change and the
 * event that records it land together or not at all.
 */
import { type Clock, systemClock } from '../clock.ts';
import type { StationDatabase } from '../db/index.ts';
import { StationError } from '../errors.ts';
import { canonicalJson, type JsonObject } from './canonical-json.ts';
import { type ChainedFields, eventHash, GENESIS_HASH } from './chain.ts';
import { isLedgerEventType, type LedgerEventType } from './event-types.ts';

export interface NewLedgerEvent {
  type: LedgerEventType;
  /** Who did it: a user id, or `system` for the station itself. Never a person's name. */
  actor: string;
  /** What it is about, e.g. `badge:E-007-0012345-2`, for finding a badge's history. */
  subject?: string | null;
  data?: JsonObject;
  /** Milliseconds since the epoch; the station clock by default. */
  at?: number;
}

/** An event as stored: the chained fields, with the hash they make. */
export interface LedgerEvent extends ChainedFields {
  prevHash: Buffer;
  hash: Buffer;
}

export interface LedgerHead {
  seq: number;
  hash: Buffer;
}

/** A ledger_events row as SQLite hands it back. */
export type LedgerRow = Omit<LedgerEvent, 'prevHash'> & { prev_hash: Buffer };

const INSERT = `INSERT INTO ledger_events (seq, at, type, actor, subject, data, prev_hash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)`;
const HEAD = 'SELECT seq, hash FROM ledger_events ORDER BY seq DESC LIMIT 1';
const BETWEEN =
  'SELECT seq, at, type, actor, subject, data, prev_hash, hash FROM ledger_events WHERE seq BETWEEN ? AND ? ORDER BY seq';

/** Called inside the appending transaction, with the first and last new sequence numbers. */
export type AppendListener = (firstSeq: number, lastSeq: number) => void;

export class Ledger {
  readonly #db: StationDatabase;
  readonly #listeners: AppendListener[] = [];
  readonly #clock: Clock;

  /** `clock` dates events that carry no time of their own (the station's clock). */
  constructor(db: StationDatabase, clock: Clock = systemClock) {
    this.#db = db;
    this.#clock = clock;
  }

  append(event: NewLedgerEvent): LedgerEvent {
    const [written] = this.appendMany([event]);
    return written as LedgerEvent;
  }

  /** Appends events in order, in one transaction. */
  appendMany(events: readonly NewLedgerEvent[]): LedgerEvent[] {
    const now = this.#clock();
    const prepared = events.map((event) => toFields(event, now));
    return this.#db.transaction(() => {
      const insert = this.#db.statement(INSERT);
      let { seq, hash } = this.head() ?? { seq: 0, hash: GENESIS_HASH };
      const written: LedgerEvent[] = [];
      for (const fields of prepared) {
        seq += 1;
        const chained: ChainedFields = { ...fields, seq, prevHash: hash };
        hash = eventHash(chained);
        insert.run(seq, fields.at, fields.type, fields.actor, fields.subject, fields.data, chained.prevHash, hash);
        written.push({ ...chained, prevHash: chained.prevHash as Buffer, hash });
      }
      if (written.length > 0) for (const listener of this.#listeners) listener(seq - written.length + 1, seq);
      return written;
    });
  }

  onAppend(listener: AppendListener): void {
    this.#listeners.push(listener);
  }

  head(): LedgerHead | undefined {
    const row = this.#db.statement(HEAD).get() as { seq: number; hash: Buffer } | undefined;
    return row ? { seq: row.seq, hash: row.hash } : undefined;
  }

  /** Every event from `fromSeq` on, in order, streamed from disk. */
  *events(fromSeq = 1): Generator<LedgerEvent> {
    for (const row of this.#db.statement(BETWEEN).iterate(fromSeq, Number.MAX_SAFE_INTEGER) as Iterable<LedgerRow>)
      yield stored(row);
  }

  /**
   * The events from `fromSeq` to `toSeq`, read at once: for a bounded slice this is several
   * times faster than stepping a statement row by row (a push reads its batches so).
   */
  slice(fromSeq: number, toSeq: number): LedgerEvent[] {
    return (this.#db.statement(BETWEEN).all(fromSeq, toSeq) as LedgerRow[]).map(stored);
  }
}

function stored(row: LedgerRow): LedgerEvent {
  return {
    seq: row.seq,
    at: row.at,
    type: row.type,
    actor: row.actor,
    subject: row.subject,
    data: row.data,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

function toFields(event: NewLedgerEvent, now: number): Omit<ChainedFields, 'seq' | 'prevHash'> {
  if (!isLedgerEventType(event.type)) {
    throw new StationError('LEDGER_EVENT_INVALID', `"${event.type}" is not a ledger event type.`);
  }
  if (!event.actor) throw new StationError('LEDGER_EVENT_INVALID', `A ${event.type} event needs an actor.`);
  const at = event.at ?? now;
  if (!Number.isSafeInteger(at) || at < 0) {
    throw new StationError('LEDGER_EVENT_INVALID', `A ${event.type} event has an impossible time: ${at}.`);
  }
  let data: string;
  try {
    data = canonicalJson(event.data ?? {});
  } catch (error) {
    throw new StationError('LEDGER_EVENT_INVALID', `A ${event.type} event's data is not JSON: ${(error as Error).message}.`);
  }
  return { at, type: event.type, actor: event.actor, subject: event.subject ?? null, data };
}
