/**
 * Two online stations never print the same holder: before a run prints, the station
 * claims upstream the holders of every card it still has to print (a lease, 30 minutes
 * by default, renewed while the run goes on); a card whose holder another station holds
 * is held, saying which station and until when, and `jobs release` queues it again once
 * the office has sorted it out. When the run ends, the holders it issued stay its own for
 * good (no other station prints them after it) and the others are let go.
 *
 * Upstream unreachable: printing goes on (a badge office would rather print than stop the
 * line), the run says it did not claim, and the leases are taken at the next run that can.
 * Holders two stations both issued meanwhile show up once both have pushed
 * (`issuanceConflicts`, `badge-station sync conflicts`), for a supervisor to sort out.
 */
import type { JobStore } from '../jobs/index.ts';
import type { Station } from '../station/index.ts';
import type { UpstreamClient } from './connection.ts';
import { UPSTREAM_SCHEMA } from './schema.ts';

export const DEFAULT_LEASE_MINUTES = 30;
const CHUNK = 20_000;

export interface ClaimOutcome {
  /** Holders this station now holds for its cards still to print. */
  claimed: number;
  /** Cards held because another station holds their holder. */
  held: { serial: string; holderId: string; station: string; until: string }[];
}

interface CardHolder {
  serial: string;
  holder: string;
}

/** Cards of this station's unfinished jobs that still have to print, and their holders. */
function cardsToPrint(station: Station): CardHolder[] {
  return station.db
    .statement(
      `SELECT i.serial, h.id AS holder
         FROM job_items i
         JOIN print_jobs j ON j.id = i.job
         JOIN badge_versions v ON v.serial = i.serial
         JOIN holders h ON h.id = v.holder
        WHERE j.status <> 'cancelled' AND i.state IN ('queued', 'claimed', 'rendered', 'encoded', 'sent', 'printed')`,
    )
    .all() as CardHolder[];
}

export async function claimHolders(
  station: Station,
  client: UpstreamClient,
  jobs: JobStore,
  options: { minutes?: number } = {},
): Promise<ClaimOutcome> {
  const cards = cardsToPrint(station);
  const byHolder = new Map<string, string[]>();
  for (const card of cards) byHolder.set(card.holder, [...(byHolder.get(card.holder) ?? []), card.serial]);
  const holders = [...byHolder.keys()];
  const taken = new Map<string, { station: string; until: Date | null }>();
  for (let start = 0; start < holders.length; start += CHUNK) {
    const { rows } = await client.query<{ leased_holder: string; leased_by: string; leased_until: Date | null }>(
      `SELECT * FROM ${UPSTREAM_SCHEMA}.claim_holders($1, $2, $3)`,
      [holders.slice(start, start + CHUNK), `station ${station.number}`, options.minutes ?? DEFAULT_LEASE_MINUTES],
    );
    for (const row of rows) taken.set(row.leased_holder, { station: row.leased_by, until: row.leased_until });
  }
  const held: ClaimOutcome['held'] = [];
  for (const [holderId, lease] of taken) {
    const until = lease.until ? lease.until.toISOString() : 'issued';
    for (const serial of byHolder.get(holderId) ?? []) held.push({ serial, holderId, station: lease.station, until });
  }
  const reasons = new Map(held.map((card) => [card.serial, card]));
  jobs.hold(
    held.map((card) => card.serial),
    (serial) => {
      const card = reasons.get(serial);
      return card?.until === 'issued'
        ? `Station ${card.station} already issued this holder's badge: check with that station before releasing it.`
        : `Station ${card?.station} is printing this holder's badge (claimed until ${card?.until}): release it only once that station will not.`;
    },
    station.clock(),
  );
  return { claimed: holders.length - taken.size, held };
}

/** After a run: holders whose cards this station issued stay its own; the rest are let go. */
export async function settleHolders(station: Station, client: UpstreamClient): Promise<void> {
  const rows = station.db
    .statement(
      `SELECT h.id AS holder, max(i.state = 'issued') AS issued
         FROM job_items i JOIN badge_versions v ON v.serial = i.serial JOIN holders h ON h.id = v.holder
        GROUP BY h.id`,
    )
    .all() as { holder: string; issued: number }[];
  const issued = rows.filter((row) => row.issued).map((row) => row.holder);
  const stillToPrint = new Set(cardsToPrint(station).map((card) => card.holder));
  const released = rows.filter((row) => !row.issued && !stillToPrint.has(row.holder)).map((row) => row.holder);
  for (let start = 0; start < Math.max(issued.length, released.length); start += CHUNK) {
    await client.query(`SELECT ${UPSTREAM_SCHEMA}.settle_holders($1, $2)`, [
      issued.slice(start, start + CHUNK),
      released.slice(start, start + CHUNK),
    ]);
  }
}

export interface IssuanceConflict {
  holderId: string;
  /** Every issue of the holder's badges, oldest first: which station, which serial, when. */
  issues: { station: string; serial: string; at: number }[];
}

/** Holders this station and another both issued, as far as their pushes tell upstream. */
export async function issuanceConflicts(client: UpstreamClient): Promise<IssuanceConflict[]> {
  const { rows } = await client.query<{ holder_id: string; station: string; serial: string; issued_at: string }>(
    `SELECT * FROM ${UPSTREAM_SCHEMA}.issuance_conflicts()`,
  );
  const conflicts = new Map<string, IssuanceConflict>();
  for (const row of rows) {
    const conflict = conflicts.get(row.holder_id) ?? { holderId: row.holder_id, issues: [] };
    conflict.issues.push({ station: row.station, serial: row.serial, at: Number(row.issued_at) });
    conflicts.set(row.holder_id, conflict);
  }
  return [...conflicts.values()];
}
