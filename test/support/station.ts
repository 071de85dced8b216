/** Fresh stations in throwaway folders, and the CLI run as a user would run it. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { initStation, type Station } from '../../electron/core/station/index.ts';
import { repoRoot } from './paths.ts';

export { repoRoot };

export const cliBin = join(repoRoot, 'electron', 'cli', 'bin.mjs');

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A temporary folder removed after the test. */
export function tempDir(prefix = 'badge-station-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export function newStation(number = '007'): Station {
  return initStation(join(tempDir(), 'station'), number, 'system:test');
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
  json<T = Record<string, unknown>>(): T;
}

export function cli(args: string[], env: NodeJS.ProcessEnv = {}): CliResult {
  const child = spawnSync(process.execPath, [cliBin, ...args], {
    encoding: 'utf8',
    env: { ...process.env, BADGE_STATION_HOME: '', ...env },
    timeout: 60_000,
  });
  return {
    status: child.status,
    stdout: child.stdout,
    stderr: child.stderr,
    json: <T>() => JSON.parse(child.stdout) as T,
  };
}
