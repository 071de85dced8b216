/** What every command gets: the data folder, the output mode, and a station to work on. */
import { join } from 'node:path';
import { translateSqliteError } from '../core/db/index.ts';
import { type Logger, openLog } from '../core/log/index.ts';
import { resolveDataDir } from '../core/paths.ts';
import { DATABASE_FILE, openStation, type Station } from '../core/station/index.ts';

export interface GlobalOptions {
  data?: string;
  json?: boolean;
}

export interface CliContext {
  dataDir: string;
  json: boolean;
}

export function contextFrom(options: GlobalOptions): CliContext {
  return { dataDir: resolveDataDir(options.data), json: Boolean(options.json) };
}

/**
 * Opens the station for one command, logs how it went, and always closes it.
 * SQLite's reports of a damaged file become the plain DB_CORRUPT here, where the path is known.
 */
export async function withStation<T>(
  context: CliContext,
  command: string,
  work: (station: Station, log: Logger) => T | Promise<T>,
): Promise<T> {
  const started = performance.now();
  let station: Station | undefined;
  let log: Logger | undefined;
  try {
    station = openStation(context.dataDir, `badge-station ${command}`);
    log = await openLog(context.dataDir);
    log.info({ command }, 'command started');
    const result = await work(station, log);
    log.info({ command, ms: Math.round(performance.now() - started) }, 'command finished');
    return result;
  } catch (error) {
    const translated = translateSqliteError(error, join(context.dataDir, DATABASE_FILE));
    log?.warn({ command, err: translated, ms: Math.round(performance.now() - started) }, 'command failed');
    throw translated;
  } finally {
    station?.close();
  }
}
