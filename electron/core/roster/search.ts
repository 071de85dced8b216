/**
 * Search as you type: holder id, badge serial, name, pinyin (full or initials), Latin
 * name and organisation, by prefix, ranked, at most 50 results.
 *
 * Each kind of match is one range scan on its own index, asked in rank order until the
 * page is full (exact id and serial first, then names, then organisations), so even a
 * one-letter query reads no more than a few pages of each index. Within a kind, hits come
 * in key order, so a name typed in full (王伟) comes before longer ones that start with it.
 *
 * Decision: no FTS. Holders carry normalised key columns (name, pinyin, initials, Latin
 * name, organisation) with partial indexes, and `holder_words` holds the later words of
 * names and organisations; a prefix is the range `key >= q AND key < q || U+10FFFF`, each
 * scan LIMITed to what is still missing of the 50, so a one-letter query costs what a long
 * one does. Only one pinyin reading per name is indexed (search-keys.ts), so a given name
 * with a character of several readings matches the reading the library gives the whole name.
 */
import type { StationDatabase } from '../db/index.ts';
import { latinKey, searchKey } from './search-keys.ts';

export const MAX_RESULTS = 50;

export type MatchKind = 'id' | 'serial' | 'name' | 'latin_name' | 'pinyin' | 'initials' | 'organisation' | 'word';

export interface HolderHit {
  id: string;
  name: string;
  latinName: string;
  organisation: string;
  type: string;
  /** The holder's active badge, if any. */
  serial: string | null;
  match: MatchKind;
}

const COLUMNS = `h.hid, h.id, h.name, h.latin_name, h.organisation, h.type,
  (SELECT serial FROM badge_versions v WHERE v.holder = h.id AND v.status = 'active') AS serial`;

/** One query per kind of match, each an index range scan in the order of the index. */
const QUERIES: { match: MatchKind; sql: string; key: (query: string) => string; exact?: boolean }[] = [
  {
    match: 'id',
    exact: true,
    key: (q) => q,
    sql: `SELECT ${COLUMNS} FROM holders h WHERE h.id = @key AND @end <> '' LIMIT @limit`,
  },
  {
    match: 'serial',
    exact: true,
    key: (q) => q.toUpperCase(),
    sql: `SELECT ${COLUMNS} FROM badge_versions b JOIN holders h ON h.id = b.holder WHERE b.serial = @key AND @end <> '' LIMIT @limit`,
  },
  {
    match: 'id',
    key: (q) => q,
    sql: `SELECT ${COLUMNS} FROM holders h WHERE h.id > @key AND h.id < @end ORDER BY h.id LIMIT @limit`,
  },
  {
    match: 'serial',
    key: (q) => q.toUpperCase(),
    sql: `SELECT ${COLUMNS} FROM badge_versions b JOIN holders h ON h.id = b.holder
          WHERE b.serial > @key AND b.serial < @end ORDER BY b.serial LIMIT @limit`,
  },
  { match: 'name', key: searchKey, sql: rangeOn('name_key') },
  { match: 'latin_name', key: latinKey, sql: rangeOn('latin_key') },
  { match: 'pinyin', key: latinKey, sql: rangeOn('pinyin') },
  { match: 'initials', key: latinKey, sql: rangeOn('initials') },
  { match: 'organisation', key: searchKey, sql: rangeOn('org_key') },
  {
    match: 'word',
    key: searchKey,
    sql: `SELECT ${COLUMNS} FROM holder_words w JOIN holders h ON h.hid = w.hid
          WHERE w.word >= @key AND w.word < @end ORDER BY w.word LIMIT @limit`,
  },
];

function rangeOn(column: string): string {
  return `SELECT ${COLUMNS} FROM holders h WHERE h.${column} >= @key AND h.${column} < @end AND h.${column} <> ''
          ORDER BY h.${column} LIMIT @limit`;
}

/** The smallest string greater than every string starting with `prefix`. */
function afterPrefix(prefix: string): string {
  return `${prefix}\u{10FFFF}`;
}

export function searchHolders(db: StationDatabase, query: string, limit = MAX_RESULTS): HolderHit[] {
  const trimmed = query.trim().normalize('NFC');
  const wanted = Math.min(Math.max(1, limit), MAX_RESULTS);
  if (!trimmed) return [];
  const hits: HolderHit[] = [];
  const seen = new Set<number>();
  for (const { match, sql, key } of QUERIES) {
    const value = key(trimmed);
    if (!value) continue;
    const rows = db.statement(sql).all({ key: value, end: afterPrefix(value), limit: wanted + seen.size }) as {
      hid: number;
      id: string;
      name: string;
      latin_name: string;
      organisation: string;
      type: string;
      serial: string | null;
    }[];
    for (const row of rows) {
      if (seen.has(row.hid)) continue;
      seen.add(row.hid);
      hits.push({
        id: row.id,
        name: row.name,
        latinName: row.latin_name,
        organisation: row.organisation,
        type: row.type,
        serial: row.serial,
        match,
      });
      if (hits.length >= wanted) return hits;
    }
  }
  return hits;
}
