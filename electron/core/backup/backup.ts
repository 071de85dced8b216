/**
 * Backups of a station to a second folder or drive: the database, its sealed keys and its
 * photos, consistent while a print run goes on, encrypted (they are copies of files that are
 * encrypted already: the database page by page, the photos one by one, the keys sealed), and
 * rotated.
 *
 * How a backup is consistent without stopping the core: the WAL is folded into the database
 * file and SQLite's own folding is paused, so for the copy's length every write lands in the
 * WAL and the database file stands still at that moment's committed state; the file is
 * copied by the OS in the background (the core's thread stays free), then folding resumes.
 * (SQLite's backup API cannot be used: it copies into a second connection, which an
 * encrypted source refuses unless keyed, and it would hold the core's thread; VACUUM INTO
 * would hold it for the whole copy.)
 *
 * Layout, per station: `<to>/station-NNN/<UTC time>/` with `station.db`, `keys/` and
 * `manifest.json` (what the copy holds, and its SHA-256); photos in `<to>/station-NNN/photos/`,
 * shared by every backup (a photo never changes: each is copied once). A backup is written
 * as `<time>.partial` and renamed when whole, so an interrupted one leaves the previous
 * ones as they were and is removed by the next.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { copyFile, mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { StationError } from '../errors.ts';
import { KEY_FILES, keysDir } from '../keys/index.ts';
import { DATA_KEY_FILES } from '../station/data-key.ts';
import { DATABASE_FILE, type Station } from '../station/index.ts';

export const BACKUP_FORMAT = 'badge-station/backup/1';
export const MANIFEST_FILE = 'manifest.json';
/** Backups kept per station unless told otherwise: a day of hourly ones, and a bit. */
export const DEFAULT_KEEP = 30;
const PARTIAL = '.partial';
/** Copies of a key remembered under one computer's keychain mean nothing on another: left out. */
const LEFT_OUT_KEYS = new Set<string>([KEY_FILES.remembered, DATA_KEY_FILES.remembered]);

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  station: string;
  /** When it was taken, by the station's clock (ISO 8601). */
  created: string;
  schema: number;
  ledger: { events: number; head: { seq: number; hash: string } | null };
  database: { bytes: number; sha256: string };
  photos: number;
  keys: string[];
}

export interface BackupResult {
  path: string;
  manifest: BackupManifest;
  /** Photos copied this time (the others were in the backup folder already). */
  photosCopied: number;
  /** Older backups removed to keep `keep`. */
  removed: string[];
  ms: number;
}

export interface BackupOptions {
  /** How many complete backups of this station to keep (the oldest go first). */
  keep?: number;
}

/**
 * The chosen folder must be there already: a drive that is not plugged in leaves its mount
 * point empty or missing, and making the folder would put the backup on the laptop's own
 * disk, which is no backup. (It also keeps `mkdir` away from paths such as /proc, where
 * Node's recursive mkdir never returns.)
 */
async function backupDriveThere(to: string): Promise<void> {
  let isFolder: boolean;
  try {
    isFolder = (await stat(to)).isDirectory();
  } catch {
    throw new StationError(
      'BACKUP_FAILED',
      `The backup folder ${to} is not there: plug in the backup drive (or make the folder on it), then back up again. The backups before it are intact.`,
      { to },
    );
  }
  if (!isFolder)
    throw new StationError(
      'BACKUP_FAILED',
      `The backup folder ${to} is a file, not a folder: choose a folder on the backup drive.`,
      {
        to,
      },
    );
}

export function stationBackups(to: string, station: string): string {
  return join(to, `station-${station}`);
}

/** The folder name of a backup taken at `ms`: sortable, valid on every file system, one per millisecond. */
function backupName(ms: number): string {
  return new Date(ms).toISOString().replace(/[:.]/g, '-');
}

export async function backupStation(station: Station, to: string, options: BackupOptions = {}): Promise<BackupResult> {
  const started = performance.now();
  const keep = options.keep ?? DEFAULT_KEEP;
  if (!Number.isInteger(keep) || keep < 1) throw new StationError('USAGE', 'Keep at least one backup (--keep 1 or more).');
  const folder = stationBackups(to, station.number);
  const name = backupName(station.clock());
  const final = join(folder, name);
  const partial = `${final}${PARTIAL}`;
  try {
    await backupDriveThere(to);
    await mkdir(join(folder, 'photos'), { recursive: true, mode: 0o700 });
    await rm(partial, { recursive: true, force: true });
    await mkdir(join(partial, 'keys'), { recursive: true, mode: 0o700 });
    // The file stands still at this moment's committed state while the OS copies it; the
    // ledger's head read now is the copy's.
    const release = station.db.holdFileStill('being backed up');
    let ledger: BackupManifest['ledger'];
    try {
      const head = station.ledger.head();
      ledger = { events: head?.seq ?? 0, head: head ? { seq: head.seq, hash: Buffer.from(head.hash).toString('hex') } : null };
      await copyFile(join(station.dataDir, DATABASE_FILE), join(partial, DATABASE_FILE));
    } finally {
      release();
    }
    const database = {
      bytes: (await stat(join(partial, DATABASE_FILE))).size,
      sha256: await fileHash(join(partial, DATABASE_FILE)),
    };
    const keys = await copyKeys(station.dataDir, join(partial, 'keys'));
    const photos = await copyPhotos(station, join(folder, 'photos'));
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      station: station.number,
      created: new Date(station.clock()).toISOString(),
      schema: station.db.schemaVersion,
      ledger,
      database,
      photos: photos.total,
      keys,
    };
    await writeDurably(join(partial, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    await rm(final, { recursive: true, force: true });
    await rename(partial, final);
    await flushFolder(folder);
    const removed = await rotate(folder, keep);
    return { path: final, manifest, photosCopied: photos.copied, removed, ms: Math.round(performance.now() - started) };
  } catch (error) {
    await rm(partial, { recursive: true, force: true }).catch(() => {});
    throw backupError(error, to);
  }
}

/** The keys folder's files (all sealed or public), but for this computer's keychain copies. */
async function copyKeys(dataDir: string, into: string): Promise<string[]> {
  const dir = keysDir(dataDir);
  const names = existsSync(dir) ? (await readdir(dir)).filter((n) => !LEFT_OUT_KEYS.has(n) && !n.endsWith('.tmp')) : [];
  for (const file of names) await copyFile(join(dir, file), join(into, file));
  return names.sort();
}

/** Every photo the station keeps, copied into the shared folder once. */
async function copyPhotos(station: Station, into: string): Promise<{ total: number; copied: number }> {
  const source = station.photos.folder;
  if (!existsSync(source)) return { total: 0, copied: 0 };
  let total = 0;
  let copied = 0;
  for (const sub of await readdir(source, { withFileTypes: true })) {
    if (!sub.isDirectory()) continue;
    const files = (await readdir(join(source, sub.name))).filter((file) => file.endsWith('.photo'));
    if (files.length === 0) continue;
    await mkdir(join(into, sub.name), { recursive: true, mode: 0o700 });
    for (const file of files) {
      total += 1;
      const target = join(into, sub.name, file);
      if (existsSync(target)) continue;
      // Copied under another name, then renamed: a photo cut short never stands as whole.
      await copyFile(join(source, sub.name, file), `${target}.tmp`);
      await rename(`${target}.tmp`, target);
      copied += 1;
    }
  }
  return { total, copied };
}

/** Keeps the newest `keep` complete backups; removes older ones and any left half-made. */
async function rotate(folder: string, keep: number): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  const removed: string[] = [];
  for (const entry of entries)
    if (entry.isDirectory() && entry.name.endsWith(PARTIAL)) {
      await rm(join(folder, entry.name), { recursive: true, force: true });
      removed.push(entry.name);
    }
  const complete = entries
    .filter((entry) => entry.isDirectory() && entry.name !== 'photos' && !entry.name.endsWith(PARTIAL))
    .map((entry) => entry.name)
    .sort();
  for (const name of complete.slice(0, Math.max(0, complete.length - keep))) {
    await rm(join(folder, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

export interface ListedBackup {
  path: string;
  manifest: BackupManifest;
}

/** The complete backups of a station in `to`, newest first (half-made ones are not backups). */
export async function listBackups(to: string, station: string): Promise<ListedBackup[]> {
  const folder = stationBackups(to, station);
  if (!existsSync(folder)) return [];
  const listed: ListedBackup[] = [];
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === 'photos' || entry.name.endsWith(PARTIAL)) continue;
    const path = join(folder, entry.name);
    try {
      listed.push({ path, manifest: await readManifest(path) });
    } catch {
      // A folder that is not a backup (or a damaged one) is not offered.
    }
  }
  return listed.sort((a, b) => b.manifest.created.localeCompare(a.manifest.created));
}

export async function readManifest(backup: string): Promise<BackupManifest> {
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(await readFile(join(backup, MANIFEST_FILE), 'utf8')) as BackupManifest;
  } catch {
    throw new StationError(
      'BACKUP_INVALID',
      `${backup} is not a Badge Station backup (its ${MANIFEST_FILE} is missing or damaged). Choose a backup folder named by its time, inside station-NNN.`,
    );
  }
  if (manifest.format !== BACKUP_FORMAT || !/^\d{3}$/.test(manifest.station) || typeof manifest.database?.sha256 !== 'string')
    throw new StationError('BACKUP_INVALID', `${backup}'s manifest is not one this Badge Station reads.`);
  return manifest;
}

export async function fileHash(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function writeDurably(path: string, text: string): Promise<void> {
  await writeFile(path, text, { mode: 0o600 });
  const handle = await open(path, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function flushFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function backupError(error: unknown, to: string): unknown {
  if (error instanceof StationError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC' || code === 'EDQUOT')
    return new StationError(
      'DISK_FULL',
      `The backup drive (${to}) is full: this backup was not made and what it had written is removed; the backups before it are intact. Free space there or choose another drive, then back up again.`,
      { to },
    );
  if (code === 'EFBIG')
    return new StationError(
      'BACKUP_FAILED',
      `The station's database is too large for the file system of the backup drive (${to}): a FAT32 drive takes 4 GB a file at most. This backup was not made; the backups before it are intact. Use a drive formatted exFAT, NTFS, APFS or ext4.`,
      { to },
    );
  if (code === 'EACCES' || code === 'EPERM' || code === 'ENOENT' || code === 'EROFS' || code === 'ENOTDIR')
    return new StationError(
      'BACKUP_FAILED',
      `Cannot write the backup to ${to} (${(error as Error).message}). Check that the drive is plugged in and writable, then back up again; the backups before it are intact.`,
      { to },
    );
  return error;
}
