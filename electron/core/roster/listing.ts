/**
 * The roster page by page, for a table that scrolls through 500,000 holders: any window
 * (offset, limit) of the holders some filters keep, and how many they keep.
 *
 * Decision: a listing is the filtered holders' row keys (hid) in display order, read once
 * with one index-ordered query (50-150 ms at 500,000 holders, a few MB) and kept; a page is
 * then a slice of it and a rowid lookup of at most 500 rows (~1 ms), wherever it is. LIMIT
 * with OFFSET would walk every row before the offset on each page (75 ms at the end of
 * 500,000), and keyset paging cannot jump to where a scrollbar was dragged. The total is
 * the listing's length, so counting costs nothing either. (The first pages of the whole roster
 * are the exception: see NEAR_TOP.)
 *
 * A listing is kept while what it was read from is unchanged: holders change only through
 * a roster import, which the ledger records under the station's subject, so the last such
 * event (an index lookup), the holder count and the last row key say whether the holders
 * changed; a listing filtered by badge status also depends on badges, which change only
 * with a ledger event, so the ledger's head says it. The rows themselves (names, serials,
 * statuses) are read fresh for every page.
 */
import type { StationDatabase } from '../db/index.ts';
import { type Clearance, clearanceOf } from './clearance.ts';
import { searchKey } from './search-keys.ts';

export type BadgeStatus = 'active' | 'none' | 'revoked';

export interface RosterFilters {
  /** A badge type's code. */
  type?: string | undefined;
  /** The start of the organisation, compared as search keys are (case, spaces, punctuation aside). */
  organisation?: string | undefined;
  /** A zone's code. */
  zone?: string | undefined;
  badge?: BadgeStatus | undefined;
  /**
   * Upstream's activation (DOMAIN.md, clearance keys): ready, the holder is active upstream;
   * waiting, not (yet), or upstream has said nothing of the holder.
   */
  clearance?: 'ready' | 'waiting' | undefined;
}

export interface RosterRow {
  id: string;
  name: string;
  latinName: string;
  organisation: string;
  type: string;
  zones: string[];
  serial: string | null;
  badgeStatus: BadgeStatus;
  /** null: upstream has given nothing for this holder (or the station has no upstream). */
  clearance: Clearance | null;
}

export interface RosterPage {
  total: number;
  offset: number;
  rows: RosterRow[];
}

interface Listing {
  token: string;
  hids: number[];
}

/** Listings kept per database: a few filter choices an operator goes back and forth between. */
const KEPT = 4;
const listings = new WeakMap<StationDatabase, Map<string, Listing>>();

const ACTIVE = `EXISTS (SELECT 1 FROM badge_versions v WHERE v.holder = h.id AND v.status = 'active')`;
const ANY_BADGE = `EXISTS (SELECT 1 FROM badges b WHERE b.holder = h.id)`;
const READY = `EXISTS (SELECT 1 FROM holder_clearances c WHERE c.holder_id = h.id AND c.active = 1)`;

function listingQuery(filters: RosterFilters): { sql: string; params: Record<string, string> } {
  const where: string[] = [];
  const params: Record<string, string> = {};
  let order = 'h.id';
  const organisation = filters.organisation === undefined ? '' : searchKey(filters.organisation);
  if (organisation) {
    // The organisation index's own order (org_key, then row key): the range is read in
    // order, without a sort, so a listing by organisation costs what the matches are.
    where.push(`h.org_key >= @org AND h.org_key < @orgEnd AND h.org_key <> ''`);
    params.org = organisation;
    params.orgEnd = `${organisation}\u{10FFFF}`;
    order = 'h.org_key, h.hid';
  }
  if (filters.type !== undefined) {
    where.push('h.type = @type');
    params.type = filters.type;
  }
  if (filters.zone !== undefined) {
    // zones holds the codes separated by single spaces (rows.ts).
    where.push(`instr(' ' || h.zones || ' ', @zone) > 0`);
    params.zone = ` ${filters.zone.toUpperCase()} `;
  }
  if (filters.badge === 'active') where.push(ACTIVE);
  else if (filters.badge === 'none') where.push(`NOT ${ANY_BADGE}`);
  else if (filters.badge === 'revoked') where.push(`${ANY_BADGE} AND NOT ${ACTIVE}`);
  if (filters.clearance === 'ready') where.push(READY);
  else if (filters.clearance === 'waiting') where.push(`NOT ${READY}`);
  return {
    sql: `SELECT h.hid FROM holders h ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order}`,
    params,
  };
}

/** What a listing was read from, in a few index lookups: a different answer means read it again. */
function changeToken(db: StationDatabase, filters: RosterFilters): string {
  const holders = db
    .statement(
      `SELECT (SELECT count(*) FROM holders) AS n, (SELECT max(hid) FROM holders) AS last,
        (SELECT max(seq) FROM ledger_events WHERE subject = 'station:' ||
          (SELECT value FROM station_settings WHERE key = 'station_number')) AS imported`,
    )
    .get() as { n: number; last: number | null; imported: number | null };
  let token = `${holders.n}:${holders.last}:${holders.imported}`;
  // Clearances change only by a pull, which stamps every row it writes.
  if (filters.clearance !== undefined) {
    const pulled = db.statement('SELECT count(*) AS n, max(pulled_at) AS at FROM holder_clearances').get() as {
      n: number;
      at: number | null;
    };
    token += `:${pulled.n}:${pulled.at}`;
  }
  if (filters.badge === undefined) return token;
  const head = db.statement('SELECT max(seq) AS seq FROM ledger_events').get() as { seq: number | null };
  return `${token}:${head.seq}`;
}

function listing(db: StationDatabase, filters: RosterFilters): Listing {
  const key = JSON.stringify([filters.type, filters.organisation, filters.zone, filters.badge, filters.clearance]);
  const token = changeToken(db, filters);
  let kept = listings.get(db);
  if (!kept) {
    kept = new Map();
    listings.set(db, kept);
  }
  const found = kept.get(key);
  if (found && found.token === token) {
    // Most recently used last, so the first is the one to drop.
    kept.delete(key);
    kept.set(key, found);
    return found;
  }
  const { sql, params } = listingQuery(filters);
  const made = { token, hids: db.statement(sql).pluck().all(params) as number[] };
  kept.delete(key);
  kept.set(key, made);
  while (kept.size > KEPT) kept.delete(kept.keys().next().value as string);
  return made;
}

const ROWS = `SELECT h.hid, h.id, h.name, h.latin_name, h.organisation, h.type, h.zones,
    (SELECT v.serial FROM badge_versions v WHERE v.holder = h.id AND v.status = 'active') AS active,
    (SELECT v.serial FROM badges b JOIN badge_versions v ON v.badge = b.badge
      WHERE b.holder = h.id ORDER BY b.badge DESC, v.version DESC LIMIT 1) AS last,
    c.keys AS clearance_keys, c.active AS clearance_active
  FROM holders h LEFT JOIN holder_clearances c ON c.holder_id = h.id`;
const ROWS_BY_HID = `${ROWS} WHERE h.hid IN (SELECT value FROM json_each(@keys))`;
const ROWS_BY_ID = `${ROWS} WHERE h.id IN (SELECT value FROM json_each(@keys))`;

interface RowRead {
  hid: number;
  id: string;
  name: string;
  latin_name: string;
  organisation: string;
  type: string;
  zones: string;
  active: string | null;
  last: string | null;
  clearance_keys: string | null;
  clearance_active: number | null;
}

function rosterRow(row: RowRead): RosterRow {
  return {
    id: row.id,
    name: row.name,
    latinName: row.latin_name,
    organisation: row.organisation,
    type: row.type,
    zones: zoneList(row.zones),
    serial: row.active ?? row.last,
    badgeStatus: row.active ? 'active' : row.last ? 'revoked' : 'none',
    clearance: row.clearance_keys === null ? null : clearanceOf(row.clearance_keys, row.clearance_active === 1),
  };
}

/** The rows of these holders (by holder id), in the order asked; ids not on the roster are left out. */
export function rosterRows(db: StationDatabase, ids: readonly string[]): RosterRow[] {
  if (ids.length === 0) return [];
  const byId = new Map((db.statement(ROWS_BY_ID).all({ keys: JSON.stringify(ids) }) as RowRead[]).map((row) => [row.id, row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [rosterRow(row)] : [];
  });
}

/**
 * Decision: the first pages of the whole roster (no filters), the ones a desk shows when it
 * opens, are read straight from the holder id index with LIMIT and OFFSET (well under a
 * millisecond near the top) rather than by reading the listing first (about 100 ms at
 * 500,000 holders): the operator's first rows come that much sooner. Deeper pages, where
 * OFFSET would walk too far, and every filtered view use the listing.
 */
const NEAR_TOP = 10_000;
const TOP_ROWS = `${ROWS} ORDER BY h.id LIMIT @limit OFFSET @offset`;

function unfiltered(filters: RosterFilters): boolean {
  return (
    filters.type === undefined &&
    filters.zone === undefined &&
    filters.badge === undefined &&
    filters.clearance === undefined &&
    (filters.organisation === undefined || searchKey(filters.organisation) === '')
  );
}

export function rosterPage(
  db: StationDatabase,
  request: { offset: number; limit: number; filters?: RosterFilters | undefined },
  /** How deep pages are read from the index: tests set 0 to read every page from the listing. */
  nearTop = NEAR_TOP,
): RosterPage {
  const filters = request.filters ?? {};
  if (unfiltered(filters) && request.offset + request.limit <= nearTop) {
    const total = db.statement('SELECT count(*) FROM holders').pluck().get() as number;
    const rows = db.statement(TOP_ROWS).all({ limit: request.limit, offset: request.offset }) as RowRead[];
    return { total, offset: request.offset, rows: rows.map(rosterRow) };
  }
  const { hids } = listing(db, filters);
  const slice = hids.slice(request.offset, request.offset + request.limit);
  if (slice.length === 0) return { total: hids.length, offset: request.offset, rows: [] };
  const byHid = new Map(
    (db.statement(ROWS_BY_HID).all({ keys: JSON.stringify(slice) }) as RowRead[]).map((row) => [row.hid, row]),
  );
  const rows: RosterRow[] = [];
  for (const hid of slice) {
    const row = byHid.get(hid);
    if (row) rows.push(rosterRow(row));
  }
  return { total: hids.length, offset: request.offset, rows };
}

export function zoneList(zones: string): string[] {
  return zones ? zones.split(' ').filter(Boolean) : [];
}
