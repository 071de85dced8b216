/**
 * The desk page as a user meets it: `npm start`'s script in browser mode on a data folder,
 * the address it printed, axe-core's verdict on the page, and where screenshots go.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { repoRoot } from './paths.ts';
import { freePort } from './ports.ts';

/** Where every screen's screenshots go, in both languages (README: Testing). */
export const SCREENSHOTS = join(repoRoot, 'test-results', 'screens');
mkdirSync(SCREENSHOTS, { recursive: true });

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical findings on the page as it stands. */
export async function seriousViolations(page: Page): Promise<string[]> {
  // Through the debugging protocol: the page's CSP rightly refuses an injected <script>.
  await page.evaluate(AXE);
  const found = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string; help: string }[] }> } }
    ).axe;
    return (await axe.run()).violations;
  });
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`);
}

export interface StartedDesk {
  /** The address `npm start` printed, with this launch's token. */
  address: string;
  process: ChildProcess;
  stop(): void;
}

export interface DeskClock {
  /**
   * The instant the station's clock reads as it starts; it runs on from there. For a test
   * whose figures depend on the hour or the day (Today's issued-by-hour), so a run that
   * happens to cross an hour or midnight on the real clock cannot split them.
   */
  startsAt: Date;
}

/**
 * The command that runs `npm start`'s script: on the computer's clock, or moved by
 * libfaketime (Debian's `faketime`, which `.ci/run` installs) by a fixed offset, which
 * the core process and its workers inherit with the environment. Only the station's
 * clock moves: the browser and the test keep the real one.
 */
function deskCommand(clock: DeskClock | undefined): [string, string[]] {
  const script = ['--import', 'tsx', join(repoRoot, 'electron', 'start.ts')];
  if (!clock) return [process.execPath, script];
  const offset = Math.round((clock.startsAt.getTime() - Date.now()) / 1000);
  if (!existsSync('/usr/bin/faketime')) {
    throw new Error('this test moves the station clock with faketime: install it (apt install faketime), as .ci/run does');
  }
  return ['/usr/bin/faketime', ['-f', `${offset >= 0 ? '+' : ''}${offset}`, process.execPath, ...script]];
}

/** Starts `npm start`'s script on `dataDir` (BADGE_STATION_HOME) and gives back the address it printed. */
export async function startDesk(dataDir: string, clock?: DeskClock): Promise<StartedDesk> {
  const port = await freePort();
  const [command, args] = deskCommand(clock);
  const child = spawn(command, args, {
    cwd: repoRoot,
    env: { ...process.env, BADGE_STATION_HOME: dataDir, BADGE_STATION_PORT: String(port), BADGE_STATION_NO_BROWSER: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const address = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start printed no address: ${output}`)), 45_000);
    const read = (chunk: Buffer) => {
      output += chunk;
      const found = /http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+/.exec(output)?.[0];
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => reject(new Error(`npm start exited ${code}: ${output}`)));
  }).catch((error: unknown) => {
    child.kill('SIGTERM');
    throw error;
  });
  return { address, process: child, stop: () => child.kill('SIGTERM') };
}
