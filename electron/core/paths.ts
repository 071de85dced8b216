/**
 * Where things live: the station's data folder and the shipped templates.
 *
 * Data folder precedence: an explicit folder (`--data DIR`), then BADGE_STATION_HOME,
 * then the operating system's per-user application data folder. The desktop app uses the
 * same rule, so the CLI and the app find the same station.
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export function resolveDataDir(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (explicit) return resolve(explicit);
  if (env.BADGE_STATION_HOME) return resolve(env.BADGE_STATION_HOME);
  return defaultDataDir(process.platform, env);
}

export function defaultDataDir(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string {
  switch (platform) {
    case 'win32':
      return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Badge Station');
    case 'darwin':
      return join(homedir(), 'Library', 'Application Support', 'Badge Station');
    default:
      return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'badge-station');
  }
}

export function templatesDir(): string {
  return fileURLToPath(new URL('../../templates/', import.meta.url));
}
