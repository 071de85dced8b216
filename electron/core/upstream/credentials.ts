/**
 * The station's upstream connection string (with its password) kept like the station's
 * keys: sealed under the station's key-encryption key (its passphrase, or the desktop's
 * keychain key) in `keys/upstream.json`, owner-only, never in clear on disk. Only where
 * upstream is (role, host, port, database) stays readable, for `sync status`.
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { StationError } from '../errors.ts';
import { atomicWrite, type KeyEncryptionKey, keysDir, sealedSchema } from '../keys/index.ts';
import { upstreamPlace } from './connection.ts';

const FORMAT = 'badge-station/upstream/1';
const FILE = 'upstream.json';
const AAD = Buffer.from(`${FORMAT}\0`, 'utf8');

const fileSchema = z.object({
  format: z.literal(FORMAT),
  place: z.string(),
  sealed: sealedSchema,
});

function credentialsPath(dataDir: string): string {
  return join(keysDir(dataDir), FILE);
}

export function saveUpstreamUrl(dataDir: string, url: string, kek: KeyEncryptionKey): void {
  mkdirSync(keysDir(dataDir), { recursive: true, mode: 0o700 });
  const file = { format: FORMAT, place: upstreamPlace(url), sealed: kek.seal(Buffer.from(url, 'utf8'), AAD) };
  atomicWrite(credentialsPath(dataDir), `${JSON.stringify(file, null, 2)}\n`);
}

/** Where upstream is, without opening anything; undefined when the station has no upstream. */
export function upstreamPlaceOf(dataDir: string): string | undefined {
  return existsSync(credentialsPath(dataDir)) ? readFile(dataDir).place : undefined;
}

export function openUpstreamUrl(dataDir: string, kek: KeyEncryptionKey): string {
  if (!existsSync(credentialsPath(dataDir))) {
    throw new StationError(
      'UPSTREAM_NOT_CONNECTED',
      'This station has no upstream yet: run "badge-station sync connect" with the connection string upstream\'s administrator gave you.',
    );
  }
  return kek.open(readFile(dataDir).sealed, AAD).toString('utf8');
}

export function forgetUpstream(dataDir: string): void {
  rmSync(credentialsPath(dataDir), { force: true });
}

function readFile(dataDir: string): z.infer<typeof fileSchema> {
  const path = credentialsPath(dataDir);
  try {
    return fileSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
  } catch {
    throw new StationError(
      'KEY_FILE_CORRUPT',
      `${path} is damaged: run "badge-station sync connect" again with the station's connection string.`,
    );
  }
}
