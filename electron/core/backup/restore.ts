/**
 * Restoring a station from one of its backups (backup.ts): onto a new laptop when the old
 * one died, or over a station whose database was damaged.
 *
 * Nothing is replaced until the backup has proved itself: its database file must match the
 * SHA-256 its manifest recorded, open with the station passphrase, and hold a ledger whose
 * hash chain and signed checkpoints verify (against the backup's own certificate) up to the
 * head the manifest names. Only then is the station in the data folder, if there is one,
 * moved aside into `replaced-<time>/` (kept, never deleted: it may hold events the backup
 * does not), and the backup put in its place; its photos are copied in, and the restore is
 * recorded in the ledger.
 *
 * Crash-safe by a note: `restore.json` in the data folder says a restore is under way and
 * from where. While it is there no station opens (RESTORE_INTERRUPTED, saying to run the
 * restore again), and running it again finishes the job from the start.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { copyFile, mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { assertNotInUse } from '../db/index.ts';
import { StationError } from '../errors.ts';
import type { KeyEncryptionKey } from '../keys/index.ts';
import { verifyLedger } from '../ledger/index.ts';
import { ledgerChecks } from '../ledger-checks.ts';
import { DATABASE_FILE, openStation, RESTORE_NOTE, type Station } from '../station/index.ts';
import { type BackupManifest, fileHash, readManifest } from './backup.ts';

const STAGING = 'restoring';

export interface RestoreResult {
  station: string;
  from: string;
  manifest: BackupManifest;
  /** Where the station that was in the data folder went, if there was one. */
  replacedInto: string | null;
  photos: number;
}

export async function restoreStation(
  dataDir: string,
  backup: string,
  kek: KeyEncryptionKey,
  options: { actor: string; clock?: () => number },
): Promise<RestoreResult> {
  const manifest = await readManifest(backup);
  const backupDb = join(backup, DATABASE_FILE);
  if (!existsSync(backupDb)) throw refused(backup, `it has no ${DATABASE_FILE}`);
  if ((await fileHash(backupDb)) !== manifest.database.sha256)
    throw refused(backup, 'its database is not the one its manifest recorded (damaged or changed since it was made)');

  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // A station the desk or a command has open is not pulled from under it.
  if (existsSync(join(dataDir, DATABASE_FILE))) assertNotInUse(join(dataDir, DATABASE_FILE));
  const note = join(dataDir, RESTORE_NOTE);
  await writeFile(note, `${JSON.stringify({ from: backup, started: new Date().toISOString() })}\n`, { mode: 0o600 });

  // A copy of the backup to prove, inside the data folder (the same disk, so it can be moved in whole).
  const staging = join(dataDir, STAGING);
  await rm(staging, { recursive: true, force: true });
  await mkdir(join(staging, 'keys'), { recursive: true, mode: 0o700 });
  await copyFile(backupDb, join(staging, DATABASE_FILE));
  for (const file of manifest.keys) await copyFile(join(backup, 'keys', file), join(staging, 'keys', file));
  let proved: { head: number };
  try {
    proved = proveBackup(staging, backup, manifest, kek, options.clock);
  } catch (error) {
    // Refused: the data folder is as it was.
    await rm(staging, { recursive: true, force: true });
    await rm(note, { force: true });
    throw error;
  }

  // Proved: the station in the data folder (if any) moves aside, the backup moves in.
  let replacedInto: string | null = null;
  if (existsSync(join(dataDir, DATABASE_FILE)) || existsSync(join(dataDir, 'keys'))) {
    replacedInto = join(dataDir, `replaced-${new Date().toISOString().replace(/[:.]/g, '-')}`);
    await mkdir(replacedInto, { mode: 0o700 });
    for (const name of [DATABASE_FILE, `${DATABASE_FILE}-wal`, `${DATABASE_FILE}-shm`, `${DATABASE_FILE}.owner`, 'keys'])
      if (existsSync(join(dataDir, name))) await rename(join(dataDir, name), join(replacedInto, name));
  }
  await rename(join(staging, 'keys'), join(dataDir, 'keys'));
  await rename(join(staging, DATABASE_FILE), join(dataDir, DATABASE_FILE));
  await rm(staging, { recursive: true, force: true });
  const photos = await copyPhotosIn(join(backup, '..', 'photos'), join(dataDir, 'photos'));
  await rm(note, { force: true });

  const station = openStation(dataDir, 'badge-station restore', { kek }, options.clock ? { clock: options.clock } : {});
  try {
    station.ledger.append({
      type: 'STATION_RESTORED',
      actor: options.actor,
      subject: `station:${station.number}`,
      data: { backup: manifest.created, head: proved.head, replaced: replacedInto !== null },
    });
  } finally {
    station.close();
  }
  return { station: manifest.station, from: backup, manifest, replacedInto, photos };
}

/** Opens the staged copy and checks its ledger; refuses, saying why, when it does not hold. */
function proveBackup(
  staging: string,
  backup: string,
  manifest: BackupManifest,
  kek: KeyEncryptionKey,
  clock: (() => number) | undefined,
): { head: number } {
  let station: Station;
  try {
    station = openStation(staging, 'badge-station restore (checking the backup)', { kek }, clock ? { clock } : {});
  } catch (error) {
    if (error instanceof StationError && error.code === 'KEY_PASSPHRASE_WRONG') throw error;
    throw refused(backup, error instanceof Error ? error.message : String(error));
  }
  try {
    if (station.number !== manifest.station)
      throw refused(backup, `its database is station ${station.number}'s, its manifest says ${manifest.station}`);
    const verified = verifyLedger(station.db, station.ledger, ledgerChecks(station));
    if (!verified.intact) throw refused(backup, `its ledger does not verify: ${verified.problem?.message ?? 'unknown problem'}`);
    const head = verified.head ? { seq: verified.head.seq, hash: verified.head.hash } : null;
    if (JSON.stringify(head) !== JSON.stringify(manifest.ledger.head))
      throw refused(backup, 'its ledger does not end where its manifest says (events added or removed since it was made)');
    return { head: head?.seq ?? 0 };
  } finally {
    station.close();
  }
}

async function copyPhotosIn(from: string, into: string): Promise<number> {
  if (!existsSync(from)) return 0;
  let copied = 0;
  for (const sub of await readdir(from, { withFileTypes: true })) {
    if (!sub.isDirectory()) continue;
    await mkdir(join(into, sub.name), { recursive: true, mode: 0o700 });
    for (const file of await readdir(join(from, sub.name))) {
      if (!file.endsWith('.photo') || existsSync(join(into, sub.name, file))) continue;
      await copyFile(join(from, sub.name, file), join(into, sub.name, `${file}.tmp`));
      await rename(join(into, sub.name, `${file}.tmp`), join(into, sub.name, file));
      copied += 1;
    }
  }
  return copied;
}

function refused(backup: string, why: string): StationError {
  return new StationError(
    'BACKUP_INVALID',
    `The backup ${backup} was not restored: ${why}. Nothing in the data folder was replaced. Choose an earlier backup (badge-station backup list), or the backup drive's copy.`,
    { backup },
  );
}
