/** Fresh stations in throwaway folders, and the CLI run as a user would run it. */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { initStation, type Station } from '../../electron/core/station/index.ts';
import { TEST_PASSPHRASE, testKek } from './passphrase.ts';
import { repoRoot } from './paths.ts';

export { repoRoot, TEST_PASSPHRASE, testKek };

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

export function newStation(number = '007', passphrase = TEST_PASSPHRASE): Station {
  return initStation(join(tempDir(), 'station'), number, 'system:test', testKek(passphrase));
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
  json<T = Record<string, unknown>>(): T;
}

/**
 * Who the tests' commands run as, unless a test says otherwise: the demo admin, whom every
 * station made with demo data has (a station with no users yet is open to the command
 * line, and these are not asked for there). A test that means nobody gives both as ''.
 */
const AS_DEMO_ADMIN = {
  BADGE_STATION_USER: 'admin',
  BADGE_STATION_SECRET: 'demo-admin',
  BADGE_STATION_PASSPHRASE: TEST_PASSPHRASE,
};

export function cli(args: string[], env: NodeJS.ProcessEnv = {}): CliResult {
  const child = spawnSync(process.execPath, [cliBin, ...args], {
    encoding: 'utf8',
    env: { ...process.env, BADGE_STATION_HOME: '', ...AS_DEMO_ADMIN, ...env },
    timeout: 60_000,
  });
  return {
    status: child.status,
    stdout: child.stdout,
    stderr: child.stderr,
    json: <T>() => JSON.parse(child.stdout) as T,
  };
}

/**
 * The CLI in a child process without blocking this one: for tests whose virtual card or
 * printer answers from this process's event loop while the command runs.
 */
export function cliAsync(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cliBin, ...args], {
      env: { ...process.env, BADGE_STATION_HOME: '', ...AS_DEMO_ADMIN, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('close', (status) => resolve({ status, stdout, stderr, json: <T>() => JSON.parse(stdout) as T }));
  });
}
