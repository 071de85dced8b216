/**
 * `revocations publish`: the gates' revocation list made from what every station pushed,
 * signed where the revocation key is (the event root at its ceremony, or a revocations
 * key), and stored upstream for every station and gate to fetch.
 *
 * Numbers only go up (one publisher at a time, under an advisory lock). A full list
 * carries everything; a delta carries what changed since the list it names as its base,
 * worked out against that list's recorded state, so a gate holding the base and applying
 * the delta holds exactly what a new full list would say.
 */
import { StationError } from '../errors.ts';
import { issueRevocationList, type RevocationEntries, type Signer } from '../payload/index.ts';
import type { UpstreamClient } from './connection.ts';
import { REVOKING_EVENTS, revocationOf } from './revoking-events.ts';
import { UPSTREAM_SCHEMA } from './schema.ts';

export interface PublishResult {
  seq: number;
  /** 0 for a full list. */
  base: number;
  badges: number;
  chips: number;
  bytes: number;
}

/** A list's state as kept upstream: JSON has no maps or sets. */
interface StoredState {
  badges: [number, [number, number][]][];
  chips: string[];
}

const PUBLISH_LOCK = 0x62616467; // "badg": one publisher at a time

export async function publishRevocations(
  client: UpstreamClient,
  signer: Signer,
  options: { full?: boolean; issuedAt: number },
): Promise<PublishResult> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [PUBLISH_LOCK]);
    const state = await currentState(client);
    const { rows } = await client.query<{ seq: string; state: StoredState }>(
      `SELECT seq, state FROM ${UPSTREAM_SCHEMA}.revocation_lists ORDER BY seq DESC LIMIT 1`,
    );
    const last = rows[0];
    const seq = Number(last?.seq ?? 0) + 1;
    const base = options.full || !last ? 0 : Number(last.seq);
    const entries = base === 0 ? state : changedSince(state, fromStored(last?.state as StoredState));
    const list = issueRevocationList({ seq, issuedAt: options.issuedAt, base, ...entries }, signer);
    await client.query(
      `INSERT INTO ${UPSTREAM_SCHEMA}.revocation_lists (seq, base, issued_at, list, state) VALUES ($1, $2, $3, $4, $5)`,
      [seq, base, options.issuedAt, list, JSON.stringify(toStored(state))],
    );
    await client.query('COMMIT');
    let badges = 0;
    for (const perStation of entries.badges.values()) badges += perStation.size;
    return { seq, base, badges, chips: entries.chips.size, bytes: list.length };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    if ((error as { code?: string }).code === '42501')
      throw new StationError('UPSTREAM_NOT_A_STATION', "Publishing needs upstream's administrator login, not a station's.");
    throw error;
  }
}

/** Everything every station revoked, from their pushed ledgers. */
async function currentState(client: UpstreamClient): Promise<RevocationEntries> {
  const { rows } = await client.query<{ type: string; data: string }>(
    `SELECT type, data FROM ${UPSTREAM_SCHEMA}.ledger_events WHERE type = ANY ($1) ORDER BY received, station, seq`,
    [REVOKING_EVENTS],
  );
  const state: RevocationEntries = { badges: new Map(), chips: new Set(), stations: new Set() };
  for (const row of rows) {
    const revoked = revocationOf(row.type, JSON.parse(row.data) as Record<string, unknown>);
    if (revoked?.serial) {
      const station = Number(revoked.serial.station);
      const perStation = state.badges.get(station) ?? new Map<number, number>();
      perStation.set(revoked.serial.counter, Math.max(revoked.minVersion, perStation.get(revoked.serial.counter) ?? 0));
      state.badges.set(station, perStation);
    }
    if (revoked?.chip) state.chips.add(revoked.chip.toLowerCase());
  }
  return state;
}

function changedSince(now: RevocationEntries, before: RevocationEntries): RevocationEntries {
  const delta: RevocationEntries = { badges: new Map(), chips: new Set(), stations: new Set() };
  for (const [station, badges] of now.badges) {
    for (const [badge, minVersion] of badges) {
      if ((before.badges.get(station)?.get(badge) ?? 0) >= minVersion) continue;
      const perStation = delta.badges.get(station) ?? new Map<number, number>();
      perStation.set(badge, minVersion);
      delta.badges.set(station, perStation);
    }
  }
  for (const chip of now.chips) if (!before.chips.has(chip)) delta.chips.add(chip);
  return delta;
}

function toStored(state: RevocationEntries): StoredState {
  return { badges: [...state.badges].map(([station, badges]) => [station, [...badges]]), chips: [...state.chips] };
}

function fromStored(stored: StoredState): RevocationEntries {
  return {
    badges: new Map(stored.badges.map(([station, badges]) => [station, new Map(badges)])),
    chips: new Set(stored.chips),
    stations: new Set(),
  };
}
