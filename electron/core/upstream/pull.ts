/**
 * Pulling from upstream: the roster's changes since the station's cursor, with their
 * photos, and every holder's clearance keys and activation.
 *
 * Roster changes are applied exactly as an import applies a file, because they are one:
 * the pages of changes are written as a CSV in the station's own folder (with the photos
 * they need, taken from the station's store when it has them by hash and fetched from
 * upstream when not) and handed to `importRoster`. So a pulled row is checked, keyed for
 * search, upserted and recorded in the ledger the same way, and a row upstream that fails
 * a check is reported by holder id and field while the rest are applied. The cursor moves
 * only after the import committed: a pull cut off anywhere pulls those changes again.
 *
 * Clearances are upserted in one transaction a page; they may arrive before their holder.
 */
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSerial } from '../badges/index.ts';
import { csvLine } from '../csv.ts';
import { StationError } from '../errors.ts';
import { canonicalJson, type JsonObject } from '../ledger/index.ts';
import { type ImportReport, importRoster } from '../roster/index.ts';
import type { Station } from '../station/index.ts';
import type { UpstreamClient } from './connection.ts';
import { upstreamError } from './connection.ts';
import { revocationOf } from './revoking-events.ts';
import { UPSTREAM_SCHEMA } from './schema.ts';
import { type PullCursor, readCursor, recordSyncFailure, writeCursor } from './sync-state.ts';

/** The CSV's headers: names the import's field matching knows (roster/fields.ts). */
const HEADERS = ['id', 'name', 'latin name', 'organisation', 'country', 'document type', 'document number', 'type', 'zones'];
const PHOTO_FETCH = 200;
export const DEFAULT_PULL_PAGE = 50_000;

interface UpstreamHolder {
  holder_id: string;
  name: string;
  latin_name: string;
  organisation: string;
  country: string;
  doc_type: string;
  doc_number: string;
  type: string;
  zones: string;
  photo_sha256: Buffer | null;
  changed: string;
}

/** A pulled row the station refused: by holder id, since upstream rows have no row numbers. */
export interface PulledProblem {
  holderId: string;
  field: string;
  value: string;
  reason: string;
}

export interface RosterPullResult {
  pulled: number;
  added: number;
  changed: number;
  unchanged: number;
  rejected: number;
  /** The first 1,000 problems. */
  problems: PulledProblem[];
  photosFetched: number;
}

export interface PullOptions {
  /** Who pulls, for the ledger's import events. */
  actor: string;
  pageSize?: number;
  onPage?: (pulled: number) => void;
  /**
   * Called right before pulled rows are applied (an import has the database to itself
   * while it runs): throws to leave them, unapplied and the cursor where it was, for the
   * next pull. The desk's: not while a print run is going.
   */
  mayApply?: () => void;
}

export async function pullRoster(station: Station, client: UpstreamClient, options: PullOptions): Promise<RosterPullResult> {
  const total: RosterPullResult = { pulled: 0, added: 0, changed: 0, unchanged: 0, rejected: 0, problems: [], photosFetched: 0 };
  const work = join(station.dataDir, 'sync');
  mkdirSync(work, { recursive: true, mode: 0o700 });
  const pageSize = options.pageSize ?? DEFAULT_PULL_PAGE;
  try {
    for (;;) {
      // Pages are gathered into one file (two: rows with photos need the photos folder) and
      // imported at once: one import of 500,000 rows is several times faster than ten of
      // 50,000, and a pull cut off before the import leaves the station as it was.
      const pull = mkdtempSync(join(work, 'roster-'));
      try {
        const files = { photos: new PulledFile(join(pull, 'with-photos.csv')), plain: new PulledFile(join(pull, 'roster.csv')) };
        let cursor = readCursor(station, 'roster');
        let pulled = 0;
        // A holder changed again while the pull goes on comes twice; one import must not
        // hold an id twice (it would refuse both rows), so the batch ends before the second.
        const seen = new Set<string>();
        let repeated = false;
        while (pulled < MAX_ROWS_PER_IMPORT && !repeated) {
          const page = await client.query<UpstreamHolder>(`SELECT * FROM ${UPSTREAM_SCHEMA}.pull_roster($1, $2, $3)`, [
            cursor.change,
            cursor.holder,
            Math.min(pageSize, MAX_ROWS_PER_IMPORT - pulled),
          ]);
          let rows = page.rows;
          const again = rows.findIndex((row) => seen.has(row.holder_id));
          if (again >= 0) {
            rows = rows.slice(0, again);
            repeated = true;
          }
          for (const row of rows) seen.add(row.holder_id);
          if (rows.length === 0) break;
          const withPhoto = rows.filter((row) => row.photo_sha256);
          if (withPhoto.length > 0) total.photosFetched += await gatherPhotos(station, client, withPhoto, join(pull, 'photos'));
          files.photos.add(withPhoto);
          files.plain.add(rows.filter((row) => !row.photo_sha256));
          const last = rows.at(-1) as UpstreamHolder;
          cursor = { change: last.changed, holder: last.holder_id };
          pulled += rows.length;
          options.onPage?.(total.pulled + pulled);
        }
        if (pulled === 0) return total;
        if (files.photos.ids.length > 0) {
          mayApply(options);
          add(
            total,
            files.photos.ids,
            await importRoster(station, files.photos.path, { actor: options.actor, photos: join(pull, 'photos') }),
          );
        }
        if (files.plain.ids.length > 0) {
          mayApply(options);
          add(total, files.plain.ids, await importRoster(station, files.plain.path, { actor: options.actor }));
        }
        writeCursor(station, 'roster', cursor);
        total.pulled += pulled;
      } finally {
        rmSync(pull, { recursive: true, force: true });
      }
    }
  } catch (error) {
    // The caller's own "not now" is no failure of the pull's.
    if (error instanceof NotApplied) throw error.reason;
    const failure = error instanceof StationError ? error : upstreamError(error);
    recordSyncFailure(station, 'pull', failure);
    throw failure;
  }
}

class NotApplied {
  constructor(readonly reason: unknown) {}
}

function mayApply(options: PullOptions): void {
  try {
    options.mayApply?.();
  } catch (reason) {
    throw new NotApplied(reason);
  }
}

/** Rows at most in one import; a larger backlog is pulled in several. */
const MAX_ROWS_PER_IMPORT = 1_000_000;

/** A CSV the pulled pages are appended to, and its holders' ids in row order. */
class PulledFile {
  readonly ids: string[] = [];
  readonly path: string;

  constructor(path: string) {
    this.path = path;
  }

  add(rows: readonly UpstreamHolder[]): void {
    if (rows.length === 0) return;
    const lines = this.ids.length === 0 ? [csvLine(HEADERS)] : [];
    for (const row of rows) {
      this.ids.push(row.holder_id);
      lines.push(
        csvLine([
          row.holder_id,
          row.name,
          row.latin_name,
          row.organisation,
          row.country,
          row.doc_type,
          row.doc_number,
          row.type,
          row.zones,
        ]),
      );
    }
    appendFileSync(this.path, lines.join(''), { mode: 0o600 });
  }
}

/** The import's report, its problems named by holder id (a CSV row number is the page's, not upstream's). */
function add(total: RosterPullResult, ids: readonly string[], report: ImportReport): void {
  total.added += report.added;
  total.changed += report.changed;
  total.unchanged += report.unchanged;
  total.rejected += report.rejected;
  for (const problem of report.problems) {
    if (total.problems.length >= 1_000) break;
    // Row 1 is the header: data row n is rows[n - 2].
    total.problems.push({
      holderId: ids[problem.row - 2] ?? '',
      field: problem.header,
      value: problem.value,
      reason: problem.reason,
    });
  }
}

/**
 * Puts each holder's photo in `folder` as `<id>.<jpg|png>`: from the station's own store
 * when it holds that hash, else fetched from upstream (a few hundred a round trip). A
 * photo upstream does not have is left out, and the import reports that holder's row.
 */
async function gatherPhotos(
  station: Station,
  client: UpstreamClient,
  rows: readonly UpstreamHolder[],
  folder: string,
): Promise<number> {
  if (!existsSync(folder)) mkdirSync(folder, { mode: 0o700 });
  const local = station.db.statement('SELECT format FROM photos WHERE hash = ?');
  const missing = new Map<string, UpstreamHolder[]>();
  for (const row of rows) {
    const hash = (row.photo_sha256 as Buffer).toString('hex');
    const stored = local.get(hash) as { format: string } | undefined;
    if (stored) {
      writePhoto(folder, row.holder_id, station.photos.readSync(hash));
    } else {
      missing.set(hash, [...(missing.get(hash) ?? []), row]);
    }
  }
  const hashes = [...missing.keys()];
  let fetched = 0;
  for (let start = 0; start < hashes.length; start += PHOTO_FETCH) {
    const wanted = hashes.slice(start, start + PHOTO_FETCH).map((hash) => Buffer.from(hash, 'hex'));
    const { rows: photos } = await client.query<{ sha256: Buffer; bytes: Buffer }>(
      `SELECT * FROM ${UPSTREAM_SCHEMA}.fetch_photos($1)`,
      [wanted],
    );
    for (const photo of photos) {
      fetched += 1;
      for (const row of missing.get(photo.sha256.toString('hex')) ?? []) writePhoto(folder, row.holder_id, photo.bytes);
    }
  }
  return fetched;
}

function writePhoto(folder: string, holderId: string, bytes: Buffer): void {
  // The id names a file here: one that could leave the folder gets no photo (the import
  // then reports the row), whatever upstream holds.
  if (!holderId || /[/\\\0]/.test(holderId) || holderId === '.' || holderId === '..') return;
  const extension = bytes[0] === 0x89 ? 'png' : 'jpg';
  writeFileSync(join(folder, `${holderId}.${extension}`), bytes, { mode: 0o600 });
}

export interface ClearancePullResult {
  pulled: number;
}

/** Every holder's clearance keys and activation changed since the station's cursor. */
export async function pullClearances(
  station: Station,
  client: UpstreamClient,
  options: { pageSize?: number } = {},
): Promise<ClearancePullResult> {
  let pulled = 0;
  try {
    for (;;) {
      const cursor = readCursor(station, 'clearances');
      const { rows } = await client.query<{ holder_id: string; keys: Record<string, unknown>; active: boolean; changed: string }>(
        `SELECT * FROM ${UPSTREAM_SCHEMA}.pull_clearances($1, $2, $3)`,
        [cursor.change, cursor.holder, options.pageSize ?? DEFAULT_PULL_PAGE],
      );
      if (rows.length === 0) return { pulled };
      const now = station.clock();
      const last = rows.at(-1) as { holder_id: string; changed: string };
      station.db.transaction(() => {
        const upsert = station.db.statement(
          `INSERT INTO holder_clearances (holder_id, keys, active, pulled_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (holder_id) DO UPDATE SET keys = excluded.keys, active = excluded.active, pulled_at = excluded.pulled_at`,
        );
        for (const row of rows) upsert.run(row.holder_id, canonicalJson(row.keys as JsonObject), row.active ? 1 : 0, now);
        writeCursor(station, 'clearances', { change: last.changed, holder: last.holder_id } satisfies PullCursor);
      });
      pulled += rows.length;
    }
  } catch (error) {
    const failure = error instanceof StationError ? error : upstreamError(error);
    recordSyncFailure(station, 'pull', failure);
    throw failure;
  }
}

export interface RevocationPullResult {
  /** Revoking events of other stations applied. */
  pulled: number;
}

/**
 * Every other station's revocations since the cursor: a voided badge (nothing of it is good
 * any more), a reprinted one (versions below the new one), a replaced chip (its UID). Kept
 * as the lowest good version per badge, which only ever rises.
 */
export async function pullRevocations(
  station: Station,
  client: UpstreamClient,
  options: { pageSize?: number } = {},
): Promise<RevocationPullResult> {
  let pulled = 0;
  try {
    for (;;) {
      const cursor = readCursor(station, 'revocations');
      const [change, from, seq] = [cursor.change, ...cursor.holder.split('/')] as [string, string?, string?];
      const { rows } = await client.query<{ station: string; seq: string; type: string; data: string; received: string }>(
        `SELECT * FROM ${UPSTREAM_SCHEMA}.pull_revocations($1, $2, $3, $4)`,
        [change, from ?? '', seq ?? '0', options.pageSize ?? DEFAULT_PULL_PAGE],
      );
      if (rows.length === 0) return { pulled };
      const last = rows.at(-1) as { station: string; seq: string; received: string };
      station.db.transaction(() => {
        const badge = station.db.statement(
          `INSERT INTO upstream_revoked_badges (station, badge, min_version) VALUES (?, ?, ?)
           ON CONFLICT (station, badge) DO UPDATE SET min_version = max(min_version, excluded.min_version)`,
        );
        const chip = station.db.statement('INSERT OR IGNORE INTO upstream_revoked_chips (uid, station) VALUES (?, ?)');
        for (const row of rows) {
          const revoked = revocationOf(row.type, JSON.parse(row.data) as Record<string, unknown>);
          if (revoked?.serial) badge.run(Number(revoked.serial.station), revoked.serial.counter, revoked.minVersion);
          if (revoked?.chip) chip.run(revoked.chip.toLowerCase(), Number(row.station));
        }
        writeCursor(station, 'revocations', { change: last.received, holder: `${last.station}/${last.seq}` });
      });
      pulled += rows.length;
    }
  } catch (error) {
    const failure = error instanceof StationError ? error : upstreamError(error);
    recordSyncFailure(station, 'pull', failure);
    throw failure;
  }
}

/** Whether another station revoked this badge version or chip, as the last pull knew it. */
export function revokedUpstream(station: Station, serial: string, chipUid?: string): boolean {
  const parsed = parseSerial(serial);
  if (parsed) {
    const row = station.db
      .statement('SELECT min_version FROM upstream_revoked_badges WHERE station = ? AND badge = ?')
      .get(Number(parsed.station), parsed.counter) as { min_version: number } | undefined;
    if (row && parsed.version < row.min_version) return true;
  }
  if (chipUid) {
    return Boolean(station.db.statement('SELECT 1 FROM upstream_revoked_chips WHERE uid = ?').get(chipUid.toLowerCase()));
  }
  return false;
}
