/**
 * A station database from before encryption at rest, encrypted where it lies.
 *
 * Crash-safe by never touching the original until the end: its WAL is folded in, the file is
 * copied beside it, the copy is encrypted (SQLite3 Multiple Ciphers' rekey, which works on a
 * database in rollback-journal mode only), flushed, and renamed over the original in one
 * step. A crash before the rename leaves the plaintext station as it was (and a half-made
 * copy, removed at the next try); after it, the encrypted one. The next open finds out which
 * by the file's first bytes, so it simply runs again.
 *
 * What it cannot do: wipe the blocks the plaintext file held on the disk. The README says so
 * (an SSD's old blocks are the disk's to reuse; full-disk encryption covers them).
 */
import { closeSync, copyFileSync, fsyncSync, openSync, readSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';

const PLAINTEXT_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** Whether the file is an SQLite database in clear (an empty or new file is not). */
export function isPlaintextDatabase(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return false;
  }
  try {
    const head = Buffer.alloc(PLAINTEXT_HEADER.length);
    return readSync(fd, head, 0, head.length, 0) === head.length && head.equals(PLAINTEXT_HEADER);
  } finally {
    closeSync(fd);
  }
}

/** The key as SQLite3 Multiple Ciphers takes a raw key: no passphrase stretching for 32 random bytes. */
export function rawKeyPragma(key: Buffer): string {
  return `"x'${key.toString('hex')}'"`;
}

export const CIPHER = 'chacha20';

export function encryptInPlace(path: string, key: Buffer): void {
  const copy = `${path}.encrypting`;
  rmSync(copy, { force: true });
  rmSync(`${copy}-journal`, { force: true });
  // Fold the WAL into the file, so the copy is the whole database.
  const plain = new BetterSqlite3(path, { fileMustExist: true });
  try {
    plain.pragma('journal_mode = DELETE');
  } finally {
    plain.close();
  }
  copyFileSync(path, copy);
  const db = new BetterSqlite3(copy, { fileMustExist: true });
  try {
    db.pragma(`cipher = '${CIPHER}'`);
    db.pragma(`rekey = ${rawKeyPragma(key)}`);
  } finally {
    db.close();
  }
  const fd = openSync(copy, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(copy, path);
  // The rename itself survives a power cut only once the folder is flushed.
  const folder = openSync(dirname(path), 'r');
  try {
    fsyncSync(folder);
  } finally {
    closeSync(folder);
  }
}
