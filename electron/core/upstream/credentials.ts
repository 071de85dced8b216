/**
 * The station's upstream connection string (with its password) kept like the station's
 * keys: sealed under the station's passphrase in `keys/upstream.json`, owner-only, never
 * in clear on disk, and, on the desktop, a copy sealed under its keychain key
 * (`keys/upstream.keychain.json`) so the desk syncs after a restart without the
 * passphrase, until Lock. Only where upstream is (role, host, port, database) stays
 * readable, for `sync status`.
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { StationError } from '../errors.ts';
import { atomicWrite, type KeyEncryptionKey, keysDir, sealedSchema } from '../keys/index.ts';
import { upstreamPlace } from './connection.ts';

const FORMAT = 'badge-station/upstream/1';
const FILE = 'upstream.json';
const REMEMBERED = 'upstream.keychain.json';
const AAD = Buffer.from(`${FORMAT}\0`, 'utf8');

const fileSchema = z.object({
  format: z.literal(FORMAT),
  place: z.string(),
  sealed: sealedSchema,
});

/** A keychain key opens the copy remembered under it; a passphrase the station's own file. */
function credentialsPath(dataDir: string, source: KeyEncryptionKey['source'] = 'passphrase'): string {
  return join(keysDir(dataDir), source === 'host' ? REMEMBERED : FILE);
}

/** Seals the connection string under `kek` (a passphrase's: the file; a keychain key's: the remembered copy). */
export function saveUpstreamUrl(dataDir: string, url: string, kek: KeyEncryptionKey): void {
  mkdirSync(keysDir(dataDir), { recursive: true, mode: 0o700 });
  const file = { format: FORMAT, place: upstreamPlace(url), sealed: kek.seal(Buffer.from(url, 'utf8'), AAD) };
  atomicWrite(credentialsPath(dataDir, kek.source), `${JSON.stringify(file, null, 2)}\n`);
  // A new connection string makes the keychain's copy stale: the desk remembers the new one.
  if (kek.source === 'passphrase') forgetRememberedUpstream(dataDir);
}

/** Whether the keychain's copy exists (the desk then syncs without the passphrase). */
export function hasRememberedUpstream(dataDir: string): boolean {
  return existsSync(credentialsPath(dataDir, 'host'));
}

/** Where upstream is, without opening anything; undefined when the station has no upstream. */
export function upstreamPlaceOf(dataDir: string): string | undefined {
  return existsSync(credentialsPath(dataDir)) ? readFile(dataDir).place : undefined;
}

export function openUpstreamUrl(dataDir: string, kek: KeyEncryptionKey): string {
  if (!existsSync(credentialsPath(dataDir, kek.source))) throw upstreamNotConnected();
  return kek.open(readFile(dataDir, kek.source).sealed, AAD).toString('utf8');
}

export function upstreamNotConnected(): StationError {
  return new StationError(
    'UPSTREAM_NOT_CONNECTED',
    'This station has no upstream yet: connect it with the connection string upstream\'s administrator gave you (Sync, or "badge-station sync connect").',
  );
}

export function forgetUpstream(dataDir: string): void {
  rmSync(credentialsPath(dataDir), { force: true });
  forgetRememberedUpstream(dataDir);
}

/** Removes the copy under the keychain (Lock): the passphrase is needed again to sync. */
export function forgetRememberedUpstream(dataDir: string): void {
  rmSync(credentialsPath(dataDir, 'host'), { force: true });
}

function readFile(dataDir: string, source: KeyEncryptionKey['source'] = 'passphrase'): z.infer<typeof fileSchema> {
  const path = credentialsPath(dataDir, source);
  try {
    return fileSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
  } catch {
    throw new StationError(
      'KEY_FILE_CORRUPT',
      `${path} is damaged: run "badge-station sync connect" again with the station's connection string.`,
    );
  }
}
