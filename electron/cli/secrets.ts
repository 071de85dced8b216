/**
 * Where the CLI gets passphrases: a file (--passphrase-file) or an environment variable,
 * never a command-line argument (those show in process lists and shell history).
 */
import { readFileSync } from 'node:fs';
import { StationError } from '../core/errors.ts';
import { type KeyEncryptionKey, passphraseKey } from '../core/keys/index.ts';

export const STATION_PASSPHRASE_ENV = 'BADGE_STATION_PASSPHRASE';
/** A file holding the station passphrase, for scripts that run many commands. */
export const STATION_PASSPHRASE_FILE_ENV = 'BADGE_STATION_PASSPHRASE_FILE';
/** Who runs a command that needs a person (reprint, void): their sign-in name and password. */
export const USER_ENV = 'BADGE_STATION_USER';
export const SECRET_ENV = 'BADGE_STATION_SECRET';
export const ROOT_PASSPHRASE_ENV = 'BADGE_STATION_ROOT_PASSPHRASE';

export function keyFromPassphrase(variable: string, file: string | undefined): KeyEncryptionKey {
  if (file) {
    try {
      return passphraseKey(readFileSync(file, 'utf8').replace(/\r?\n$/, ''));
    } catch (error) {
      if (error instanceof StationError) throw error;
      throw new StationError('USAGE', `Cannot read the passphrase file ${file}: ${(error as Error).message}.`);
    }
  }
  const passphrase = process.env[variable];
  if (!passphrase) {
    throw new StationError('USAGE', `This needs a passphrase: set ${variable}, or give --passphrase-file FILE.`);
  }
  return passphraseKey(passphrase);
}

/**
 * The key that opens this station's data (and its signing key): from `--passphrase-file`
 * where the command has one, else $BADGE_STATION_PASSPHRASE, else the file named by
 * $BADGE_STATION_PASSPHRASE_FILE, else asked for at the terminal. Never from an argument.
 */
export async function stationKek(passphraseFile: string | undefined): Promise<KeyEncryptionKey> {
  const file = passphraseFile ?? (process.env[STATION_PASSPHRASE_ENV] ? undefined : process.env[STATION_PASSPHRASE_FILE_ENV]);
  if (file || process.env[STATION_PASSPHRASE_ENV]) return keyFromPassphrase(STATION_PASSPHRASE_ENV, file);
  if (process.stdin.isTTY) {
    const { askHidden } = await import('./prompt.ts');
    return passphraseKey(await askHidden('Station passphrase: '));
  }
  throw new StationError(
    'STATION_SEALED',
    `This station's data is encrypted and opens with the station passphrase: set ${STATION_PASSPHRASE_ENV}, or ${STATION_PASSPHRASE_FILE_ENV} to a file holding it, or give --passphrase-file FILE where the command takes one.`,
  );
}

/** Parses a date for a validity window; a bare date means the start (or end) of that day, UTC. */
export function parseTime(text: string, endOfDay: boolean, option: string): number {
  const bare = /^\d{4}-\d{2}-\d{2}$/.test(text);
  const ms = Date.parse(bare ? `${text}T${endOfDay ? '23:59:59' : '00:00:00'}Z` : text);
  if (Number.isNaN(ms))
    throw new StationError('USAGE', `${option} must be a date like 2026-11-05 or 2026-11-05T08:00:00Z, not "${text}".`);
  return Math.floor(ms / 1000);
}

/**
 * The person running a command, when named for this one command: from a file
 * (`--credentials-file`: the sign-in name on its first line, the password or PIN on its
 * second) or from BADGE_STATION_USER and BADGE_STATION_SECRET; never from an argument.
 * Undefined when neither is given (person.ts then looks for the login's session).
 */
export function givenCredentials(file: string | undefined): { name: string; secret: string } | undefined {
  if (file) {
    let lines: string[];
    try {
      lines = readFileSync(file, 'utf8').split(/\r?\n/);
    } catch (error) {
      throw new StationError('USAGE', `Cannot read the credentials file ${file}: ${(error as Error).message}.`);
    }
    const [name, secret] = lines;
    if (!name?.trim() || !secret)
      throw new StationError('USAGE', `${file} must hold the sign-in name on its first line and the password on its second.`);
    return { name: name.trim(), secret };
  }
  const name = process.env[USER_ENV];
  const secret = process.env[SECRET_ENV];
  if (!name && !secret) return undefined;
  if (!name || !secret) throw new StationError('USAGE', `Set both ${USER_ENV} and ${SECRET_ENV}, or neither.`);
  return { name, secret };
}

export const UPSTREAM_URL_ENV = 'BADGE_STATION_UPSTREAM_URL';

/** A connection string (it carries a password) from `--url-file` or $BADGE_STATION_UPSTREAM_URL. */
export function givenUrl(file: string | undefined): string {
  if (file) {
    try {
      return readFileSync(file, 'utf8').trim();
    } catch (error) {
      throw new StationError('USAGE', `Cannot read the connection string file ${file}: ${(error as Error).message}.`);
    }
  }
  const url = process.env[UPSTREAM_URL_ENV];
  if (!url)
    throw new StationError('USAGE', `This needs upstream's connection string: set ${UPSTREAM_URL_ENV}, or give --url-file FILE.`);
  return url;
}
