/**
 * Structured logs in the data folder, rotated by size, for whoever diagnoses a station.
 *
 * Logs are read by technicians and sent with problem reports, so they carry ids, counts,
 * codes and timings: never a holder's personal data, never a secret. Known sensitive
 * fields are censored as a second line of defence, and errors from user input are logged
 * by code only, because their messages quote the input. An unexpected error (a bug) may
 * quote input just the same (a cell a parser choked on, a photo's path), so it is logged
 * without its message too: its class, its code and the frames of its stack (functions,
 * files and lines), which is what a developer needs to find the bug.
 */
import { mkdirSync } from 'node:fs';
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
  // For this user only, like the database: ids and timings are the office's business.
  // pino-roll would make the folder with the default mode, so it is made here.
  const folder = join(dataDir, 'logs');
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const stream = await buildRollingFile({
    file: join(folder, 'station.log'),
    size: options.size ?? '10m',
    // Every CLI command is a new process: clean up files earlier processes rotated, too.
    limit: { count: options.keep ?? 10, removeOtherLogFiles: true },
    mode: 0o600,
    // Synchronous writes: a CLI command that exits right after logging loses nothing.
    sync: true,
  });
  return pino(
    {
      level: options.level ?? (process.env.BADGE_STATION_LOG_LEVEL as pino.Level | undefined) ?? 'info',
      base: { pid: process.pid },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: { err: serializeError },
      // pino makes an error's message the line's msg when the call gives none.
      hooks: {
        logMethod(args, method) {
          const [first, second] = args as unknown[];
          if (typeof second === 'string' || !mayCarryError(first)) return method.apply(this, args);
          return method.apply(this, [first, 'error', ...args.slice(1)] as Parameters<typeof method>);
        },
      },
    },
    stream,
  );
}

/** A logger that drops everything, for hosts that have no data folder yet. */
export function silentLog(): Logger {
  return pino({ level: 'silent' });
}

function mayCarryError(value: unknown): boolean {
  return value instanceof Error || (typeof value === 'object' && value !== null && 'err' in value);
}

/** How deep causes are followed, and how many errors of an AggregateError are kept. */
const MAX_DEPTH = 3;
const MAX_ERRORS = 5;

function serializeError(error: unknown): Record<string, unknown> {
  return describeError(error, 0);
}

function describeError(error: unknown, depth: number): Record<string, unknown> {
  if (isStationError(error)) return { code: error.code };
  if (!(error instanceof Error)) return { value: typeof error };
  const { code, errno, syscall } = error as { code?: unknown; errno?: unknown; syscall?: unknown };
  const described: Record<string, unknown> = {
    type: plainWord(error.name) ?? 'Error',
    code: plainWord(code),
    errno: typeof errno === 'number' ? errno : undefined,
    syscall: plainWord(syscall),
    stack: stackFrames(error),
  };
  if (depth < MAX_DEPTH) {
    if (error.cause !== undefined) described.cause = describeError(error.cause, depth + 1);
    if (error instanceof AggregateError && Array.isArray(error.errors)) {
      described.errors = error.errors.slice(0, MAX_ERRORS).map((inner) => describeError(inner, depth + 1));
    }
  }
  return described;
}

/** A code or a name as code sets it (ENOENT, SQLITE_FULL, TypeError); anything longer or odder is not kept. */
function plainWord(value: unknown): string | undefined {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && /^[\w.:-]{1,64}$/.test(value) ? value : undefined;
}

/**
 * The stack's frames without its first lines, which repeat the message. A message of
 * several lines could hold lines that look like frames, so frames are looked for after
 * the message, where V8 put them.
 */
function stackFrames(error: Error): string | undefined {
  const stack = typeof error.stack === 'string' ? error.stack : '';
  const message = typeof error.message === 'string' ? error.message : '';
  const at = message ? stack.indexOf(message) : -1;
  const after = at >= 0 ? stack.slice(at + message.length) : stack.slice(stack.indexOf('\n') + 1 || stack.length);
  const frames = after
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('at '));
  return frames.length > 0 ? frames.join('\n') : undefined;
}
