/**
 * The passphrase the tests' stations are sealed under (their data is encrypted at rest:
 * electron/core/station/data-key.ts), unless a test names its own. The CLI helpers pass it
 * as BADGE_STATION_PASSPHRASE, as a script at a badge office would.
 */
import { dirname } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { CIPHER, rawKeyPragma } from '../../electron/core/db/encrypt-in-place.ts';
import { type KeyEncryptionKey, passphraseKey } from '../../electron/core/keys/index.ts';
import { openDataKey } from '../../electron/core/station/index.ts';

export const TEST_PASSPHRASE = 'test station passphrase';

export function testKek(passphrase = TEST_PASSPHRASE): KeyEncryptionKey {
  return passphraseKey(passphrase);
}

/**
 * The station's database file opened directly, as someone who knows the station passphrase
 * could with SQLite3 Multiple Ciphers' shell: for tests that read or tamper with rows under
 * the core's feet. The data key is opened from the station's keys folder beside the file.
 */
export function rawStationDatabase(dbPath: string, options: { readonly?: boolean; passphrase?: string } = {}): Database.Database {
  return databaseWithKey(dbPath, openDataKey(dirname(dbPath), testKek(options.passphrase)), options);
}

/** A database file encrypted under `key`, opened directly. */
export function databaseWithKey(path: string, key: Buffer, options: { readonly?: boolean } = {}): Database.Database {
  const db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: true });
  db.pragma(`cipher = '${CIPHER}'`);
  db.pragma(`key = ${rawKeyPragma(key)}`);
  return db;
}
