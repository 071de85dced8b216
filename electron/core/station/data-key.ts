/**
 * The station's data key: 32 random bytes that encrypt its database (with the WAL, the search
 * keys and every index: SQLite3 Multiple Ciphers, database.ts) and its photo store
 * (photo-store.ts). Held like the station's signing key: sealed under the key-encryption key
 * (the station passphrase, or the desktop's keychain key for the copy this computer
 * remembers), never in clear on disk, and only in the core's memory once opened.
 *
 * Decision: one station passphrase opens both the data and the signing key, so an operator
 * never juggles two; a copied data folder without it reveals no holder.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { StationError } from '../errors.ts';
// From their own modules, not keys/index.ts: that index reaches the station module through its
// other parts, and a cycle would leave these undefined while this module loads.
import type { KeyEncryptionKey, SealedBox } from '../keys/key-encryption.ts';
import { atomicWrite, sealedSchema } from '../keys/key-file.ts';
import { keysDir } from '../keys/station-keys.ts';

const FORMAT = 'badge-station/data-key/1';
export const DATA_KEY_FILES = {
  /** Sealed under the station passphrase: the station's own copy (CLI, browser mode, recovery). */
  passphrase: 'data-key.json',
  /** Sealed under the desktop keychain's key: this computer opens the station without the passphrase. */
  remembered: 'data-key.keychain.json',
} as const;

const fileSchema = z.object({ format: z.literal(FORMAT), sealed: sealedSchema });

export function dataKeyPath(dataDir: string, kek: KeyEncryptionKey): string {
  return join(keysDir(dataDir), kek.source === 'host' ? DATA_KEY_FILES.remembered : DATA_KEY_FILES.passphrase);
}

export function hasDataKey(dataDir: string): boolean {
  return existsSync(join(keysDir(dataDir), DATA_KEY_FILES.passphrase));
}

export function hasRememberedDataKey(dataDir: string): boolean {
  return existsSync(join(keysDir(dataDir), DATA_KEY_FILES.remembered));
}

/** A new data key sealed under the station passphrase; refuses to replace one (it would orphan the data). */
export function createDataKey(dataDir: string, kek: KeyEncryptionKey): Buffer {
  if (kek.source !== 'passphrase')
    throw new StationError('USAGE', "A station's data key is first sealed under its passphrase, which opens it anywhere.");
  if (hasDataKey(dataDir)) {
    throw new StationError(
      'KEY_EXISTS',
      `${join(keysDir(dataDir), DATA_KEY_FILES.passphrase)} already holds this station's data key; it was not replaced.`,
    );
  }
  const key = randomBytes(32);
  sealDataKey(dataDir, key, kek);
  return key;
}

/** Seals the key under `kek` (a passphrase's copy, or the keychain's remembered one). */
export function sealDataKey(dataDir: string, key: Buffer, kek: KeyEncryptionKey): void {
  mkdirSync(keysDir(dataDir), { recursive: true, mode: 0o700 });
  const sealed: SealedBox = kek.seal(key, Buffer.from(FORMAT));
  atomicWrite(dataKeyPath(dataDir, kek), `${JSON.stringify({ format: FORMAT, sealed }, null, 2)}\n`);
}

/** The data key, or KEY_PASSPHRASE_WRONG / KEY_MISSING / KEY_FILE_CORRUPT saying what to do. */
export function openDataKey(dataDir: string, kek: KeyEncryptionKey): Buffer {
  const path = dataKeyPath(dataDir, kek);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new StationError(
      'KEY_MISSING',
      `The station's data key (${path}) is missing: without it the station's data cannot be read. Restore the data folder's keys from its backup.`,
    );
  }
  let file: z.infer<typeof fileSchema>;
  try {
    file = fileSchema.parse(JSON.parse(text));
  } catch {
    throw new StationError(
      'KEY_FILE_CORRUPT',
      `The station's data key file ${path} is damaged. It was left as it is; restore it from the data folder's backup.`,
    );
  }
  const key = kek.open(file.sealed as SealedBox, Buffer.from(FORMAT));
  if (key.length !== 32)
    throw new StationError('KEY_FILE_CORRUPT', `The station's data key file ${path} does not hold a 32-byte key.`);
  return key;
}

/** This computer forgets its keychain copy: the passphrase is needed again at the next start. */
export function forgetRememberedDataKey(dataDir: string): void {
  rmSync(join(keysDir(dataDir), DATA_KEY_FILES.remembered), { force: true });
}
