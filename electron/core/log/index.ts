/**
 * Structured logs in the data folder, rotated by size, for whoever diagnoses a station.
 *
 * Logs are read by technicians and sent with problem reports, so they carry ids, counts,
 * codes and timings: never a holder's personal data, never a secret. Known sensitive
 * fields are censored as a second line of defence, and errors from user input are logged
 * by code only, because their messages quote the input.
 */
import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import buildRollingFile from 'pino-roll';
import { isStationError } from '../errors.ts';

export type { Logger } from 'pino';

const SENSITIVE = [
  'name',
  'name_zh',
  'name_en',
  'latin_name',
  'passport',
  'id_number',
  'document_number',
  'phone',
  'email',
  'photo',
  'passphrase',
  'password',
  'pin',
  'secret',
  'private_key',
  'privateKey',
  'kek',
  'token',
];
const REDACT_PATHS = SENSITIVE.flatMap((key) => [key, `*.${key}`]);

export interface OpenLogOptions {
  /** Rotate past this size; kept small so a log is easy to attach to a report. */
  size?: string;
  /** How many rotated files to keep. */
  keep?: number;
  level?: pino.Level;
}

export async function openLog(dataDir: string, options: OpenLogOptions = {}): Promise<Logger> {
  const stream = await buildRollingFile({
    file: join(dataDir, 'logs', 'station.log'),
    size: options.size ?? '10m',
    // Every CLI command is a new process: clean up files earlier processes rotated, too.
    limit: { count: options.keep ?? 10, removeOtherLogFiles: true },
    mkdir: true,
    // Synchronous writes: a CLI command that exits right after logging loses nothing.
    sync: true,
  });
  return pino(
    {
      level: options.level ?? (process.env.BADGE_STATION_LOG_LEVEL as pino.Level | undefined) ?? 'info',
      base: { pid: process.pid },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: { err: serializeError },
    },
    stream,
  );
}

/** A logger that drops everything, for hosts that have no data folder yet. */
export function silentLog(): Logger {
  return pino({ level: 'silent' });
}

function serializeError(error: unknown): Record<string, unknown> {
  if (isStationError(error)) return { code: error.code };
  if (error instanceof Error) return { type: error.name, code: (error as { code?: unknown }).code, stack: error.stack };
  return { value: typeof error };
}
