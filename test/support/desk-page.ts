/**
 * The desk page as a user meets it: `npm start`'s script in browser mode on a data folder,
 * the address it printed, axe-core's verdict on the page, and where screenshots go.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { DEMO_USERS } from '../../electron/core/demo/index.ts';
import type { Role } from '../../electron/core/rpc/contract/index.ts';
import { TEST_PASSPHRASE } from './passphrase.ts';
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

/**
 * A screen as it stands: its screenshot saved under `name` (README: Testing) once the page's
 * fonts are in, and axe-core finding nothing serious or critical on it.
 */
export async function look(page: Page, name: string, { fullPage = true } = {}): Promise<void> {
  await page.evaluate('document.fonts.ready');
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage });
  const found = await seriousViolations(page);
  if (found.length > 0) throw new Error(`axe-core on ${name}: ${found.join('; ')}`);
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
 * libfaketime's library (Debian's `faketime` package, which `.ci/run` installs), preloaded
 * into the desk's own process rather than through the `faketime` program: that program
 * starts node as its child and does not pass a SIGTERM on, so stopping the desk left it
 * running (three desks a CI run).
 */
function faketimeLibrary(): string {
  const found = readdirSync('/usr/lib', { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join('/usr/lib', entry.name, 'faketime', 'libfaketimeMT.so.1'))
    .find((path) => existsSync(path));
  if (!found) throw new Error('this test sets the station clock with libfaketime: apt-get install faketime, as .ci/run does');
  return found;
}

/** Two digits, for libfaketime's "@YYYY-MM-DD hh:mm:ss" (local time). */
const two = (n: number) => String(n).padStart(2, '0');

/**
 * The environment that sets the desk's clock: `@` makes each process of the desk (the
 * host, then the core it starts) begin at `startsAt` and run on from there; a moved clock
 * the suite itself runs on (test:any-date) does not move it further. Only the station's
 * clock is set: the browser and the test keep their own. The monotonic clock is left alone:
 * libfaketime's faked one can hang node's threads (see test/any-date.sh).
 */
function clockEnvironment(clock: DeskClock | undefined): NodeJS.ProcessEnv {
  if (!clock) return {};
  const at = clock.startsAt;
  const local = `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())} ${two(at.getHours())}:${two(at.getMinutes())}:${two(at.getSeconds())}`;
  return {
    LD_PRELOAD: faketimeLibrary(),
    FAKETIME: `@${local}`,
    FAKETIME_DONT_FAKE_MONOTONIC: '1',
    FAKETIME_SHARED: undefined,
    FAKETIME_DONT_RESET: undefined,
  };
}

/** Starts `npm start`'s script on `dataDir` (BADGE_STATION_HOME) and gives back the address it printed. */
export async function startDesk(dataDir: string, clock?: DeskClock): Promise<StartedDesk> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'electron', 'start.ts')], {
    cwd: repoRoot,
    env: {
      ...process.env,
      ...clockEnvironment(clock),
      BADGE_STATION_HOME: dataDir,
      BADGE_STATION_PORT: String(port),
      BADGE_STATION_NO_BROWSER: '1',
    },
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

/**
 * A barcode scanner's burst: each key and the Enter `gapMs` after the one before, as real
 * input events (the debugging protocol's, as playwright's keyboard sends them) carrying
 * the scanner's own times. A scanner's keys queue in the system with the times they were
 * typed; sent one round trip at a time from a busy test, they would arrive as slowly as
 * the machine lets them, and look like a person.
 */
export async function scan(page: Page, text: string, gapMs = 8): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  // The page's own clock (seconds since the epoch, as the protocol takes times).
  let at = (await page.evaluate<number>('performance.timeOrigin + performance.now()')) / 1000;
  for (const key of text) {
    at += gapMs / 1000;
    await cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', key, text: key, timestamp: at });
    await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key, timestamp: at });
  }
  at += gapMs / 1000;
  const enter = { key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13, timestamp: at };
  await cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', text: '\r', ...enter });
  await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', ...enter });
  await cdp.detach();
}

/**
 * A station of the tests' own is sealed: the page asks for its passphrase first (a demo one
 * never does). Waits for `next` (what the page shows once open) or the Open-station screen,
 * and opens the station with TEST_PASSPHRASE when it is that.
 */
export async function openIfSealed(page: Page, next: Locator): Promise<void> {
  const sealed = page.getByRole('region', { name: /^(Open station|打开工作站)$/ });
  await next.or(sealed).first().waitFor({ timeout: 120_000 });
  if (!(await sealed.isVisible())) return;
  await sealed.getByLabel(/^(Station passphrase|工作站口令)$/).fill(TEST_PASSPHRASE);
  await sealed.getByLabel(/^(Station passphrase|工作站口令)$/).press('Enter');
  await next.waitFor({ timeout: 30_000 });
}

/**
 * Signs in at the page's sign-in form as the demo user of `role` (a demo station has one of
 * each; a test's own station gets them with addDemoUsers), in whichever language the page
 * is in, and waits for the screens.
 */
export async function signIn(page: Page, role: Role = 'admin'): Promise<void> {
  const user = DEMO_USERS.find((candidate) => candidate.role === role);
  if (!user) throw new Error(`no demo user is ${role}`);
  const form = page.getByRole('region', { name: /^(Sign in|登录)$/ });
  await openIfSealed(page, form);
  await form.getByLabel(/^(Sign-in name|登录名)$/).fill(user.name);
  await form.getByLabel(/^(Password or PIN|密码或 PIN)$/).fill(user.secret);
  await form.getByRole('button', { name: /^(Sign in|登录)$/ }).click();
  await page.getByRole('navigation', { name: /^(Screens|页面)$/ }).waitFor({ timeout: 30_000 });
}
