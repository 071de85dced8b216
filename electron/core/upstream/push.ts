/**
 * Pushing the station's ledger upstream: every event once, in order, in batches.
 *
 * Resuming needs no bookkeeping of its own: each push starts from the head upstream says
 * it holds for this station, so a push cut off anywhere (the station killed, upstream
 * restarted, an answer lost on the way back) sends the rest next time, and a batch sent
 * twice is skipped upstream as the same events. What upstream acknowledged is also kept
 * here (`upstream_pushed`), so `ledger verify` finds a ledger cut back behind it without
 * reaching upstream.
 */

import { StationError } from '../errors.ts';
import type { Checkpoint } from '../ledger/index.ts';
import type { LedgerEvent } from '../ledger/ledger.ts';
import type { Station } from '../station/index.ts';
import { recordUpstreamTime } from '../station/upstream-time.ts';
import { type UpstreamClient, upstreamError } from './connection.ts';
import { UPSTREAM_SCHEMA } from './schema.ts';
import { recordPushed, recordSyncFailure } from './sync-state.ts';

export interface PushOptions {
  /** Events per round trip; one transaction upstream each. */
  batchSize?: number;
  /** After each batch upstream took, with the head it now holds. */
  onBatch?: (upstreamHead: number, localHead: number) => void;
}

export interface PushResult {
  /** Events upstream took in this push. */
  sent: number;
  upstreamHead: number;
  localHead: number;
}

interface UpstreamHead {
  station: string;
  head_seq: string;
  head_hash: Buffer;
  upstream_ms: string;
}

export const DEFAULT_PUSH_BATCH = 5_000;

/** Upstream's head for this station, checked against the station's own ledger. */
export async function upstreamHead(station: Station, client: UpstreamClient): Promise<{ seq: number; hash: Buffer }> {
  const { rows } = await client.query<UpstreamHead>(`SELECT * FROM ${UPSTREAM_SCHEMA}.station_head()`);
  const head = rows[0] as UpstreamHead;
  // Upstream's clock, for the guard that refuses to sign while the station's is off.
  recordUpstreamTime(station, Number(head.upstream_ms));
  if (head.station !== station.number) {
    throw new StationError(
      'UPSTREAM_NOT_A_STATION',
      `This login is station ${head.station}'s upstream, and this is station ${station.number}: connect it with its own connection string.`,
    );
  }
  const seq = Number(head.head_seq);
  const local = station.ledger.head()?.seq ?? 0;
  if (seq > local) {
    throw new StationError(
      'UPSTREAM_AHEAD',
      `Upstream holds ${seq} events of station ${station.number}, and this station only ${local}: its ledger was cut back or restored from an older copy. Nothing was sent; keep this computer as it is and call the event's technical lead.`,
      { upstreamHead: seq, localHead: local },
    );
  }
  if (seq > 0) {
    const [mine] = station.ledger.slice(seq, seq);
    if (!mine?.hash.equals(head.head_hash)) {
      throw new StationError(
        'UPSTREAM_REFUSED',
        `This station's event ${seq} is not the one upstream holds: the ledger was changed after it was pushed. Nothing was sent; run "badge-station ledger verify" and call the event's technical lead.`,
        { seq },
      );
    }
  }
  return { seq, hash: head.head_hash };
}

export async function pushLedger(station: Station, client: UpstreamClient, options: PushOptions = {}): Promise<PushResult> {
  const batchSize = options.batchSize ?? DEFAULT_PUSH_BATCH;
  let sent = 0;
  // The next batch is read and sent while upstream still works on the one before: the
  // connection runs them in order, and one that fails makes the next fail on its gap.
  const inFlight: Promise<Settled>[] = [];
  try {
    let { seq: acked } = await upstreamHead(station, client);
    const localHead = station.ledger.head()?.seq ?? 0;
    const checkpoints = station.checkpoints.all().filter((c) => c.seq > acked);
    let next = acked + 1;
    while (next <= localHead || inFlight.length > 0) {
      while (inFlight.length < 2 && next <= localHead) {
        const events = station.ledger.slice(next, Math.min(localHead, next + batchSize - 1));
        const last = (events.at(-1) as LedgerEvent).seq;
        const vouching = checkpoints.filter((c) => c.seq >= next && c.seq <= last);
        inFlight.push(settle(pushBatch(client, events, vouching)));
        next = last + 1;
      }
      const settled = (await inFlight.shift()) as Settled;
      if ('error' in settled) throw settled.error;
      sent += settled.head.seq - acked;
      acked = settled.head.seq;
      recordPushed(station, settled.head);
      options.onBatch?.(acked, localHead);
    }
    return { sent, upstreamHead: acked, localHead };
  } catch (error) {
    await Promise.all(inFlight);
    const failure = error instanceof StationError ? error : upstreamError(error);
    recordSyncFailure(station, 'push', failure);
    throw failure;
  }
}

type Settled = { head: { seq: number; hash: Buffer } } | { error: unknown };

function settle(push: Promise<{ seq: number; hash: Buffer }>): Promise<Settled> {
  return push.then(
    (head) => ({ head }),
    (error: unknown) => ({ error }),
  );
}

async function pushBatch(
  client: UpstreamClient,
  events: readonly LedgerEvent[],
  checkpoints: readonly Checkpoint[],
): Promise<{ seq: number; hash: Buffer }> {
  const { rows } = await client.query<{ head_seq: string; head_hash: Buffer }>(
    `SELECT * FROM ${UPSTREAM_SCHEMA}.push_ledger($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [
      events.map((e) => e.seq),
      events.map((e) => e.at),
      events.map((e) => e.type),
      events.map((e) => e.actor),
      events.map((e) => e.subject),
      events.map((e) => e.data),
      events.map((e) => e.prevHash),
      events.map((e) => e.hash),
      checkpoints.map((c) => c.seq),
      checkpoints.map((c) => c.headHash),
      checkpoints.map((c) => c.at),
      checkpoints.map((c) => c.kid),
      checkpoints.map((c) => c.signature),
    ],
  );
  const head = rows[0] as { head_seq: string; head_hash: Buffer };
  return { seq: Number(head.head_seq), hash: head.head_hash };
}
