/**
 * `npm run test:electron`: the real desktop app (the built dist/electron, in Electron's own
 * binary, driven by Playwright's _electron), on a fresh data folder: the page from
 * app://station/, demo data in one click, five cards printed on a demo printer, the station
 * core's utility process killed and the desk carrying on, then quit.
 *
 * Not part of `npm test`: Electron's binary cannot be fetched on the machines the project is
 * built on. Without it this fails at once and says so; a release machine runs it (README).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findElectronBinary } from '../../electron/electron-binary.ts';
import { repoRoot } from '../support/paths.ts';
import { tempDir } from '../support/station.ts';

const APP = join(repoRoot, 'dist', 'electron');

/** Electron's binary, or a clear failure where it is not installed. */
function electronBinary(): string {
  const binary = findElectronBinary();
  if (binary) return binary;
  throw new Error(
    "Electron's binary is not installed (ELECTRON_SKIP_BINARY_DOWNLOAD, or a failed download): npm run test:electron runs on a release machine with it (README: Releases: the desktop app and its installers).",
  );
}

let app: ElectronApplication | undefined;

beforeAll(() => {
  electronBinary();
  // The app as `npm start` builds it: page, main, preload, the core and its worker threads.
  const built = spawnSync('npx', ['tsx', join(repoRoot, 'electron', 'start.ts'), '--build'], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  if (built.status !== 0) throw new Error(`the app did not build (exit ${built.status})`);
});

afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function corePid(launched: ElectronApplication): Promise<number | undefined> {
  const metrics = (await launched.evaluate(({ app: electronApp }) => electronApp.getAppMetrics())) as {
    type: string;
    pid: number;
    serviceName?: string;
  }[];
  return metrics.find((process) => process.type === 'Utility' && process.serviceName === 'Badge Station core')?.pid;
}

describe('the desktop app, in Electron', () => {
  it('opens on app://station/, takes demo data in one click, prints five cards, survives its core being killed, and quits', async () => {
    const dataDir = join(tempDir('badge-electron-'), 'station');
    app = await _electron.launch({
      executablePath: electronBinary(),
      args: [APP],
      env: { ...process.env, BADGE_STATION_HOME: dataDir, ELECTRON_RUN_AS_NODE: '' },
    });
    const page: Page = await app.firstWindow();
    expect(page.url()).toBe('app://station/');
    // The page sees the preload's station object and nothing of Node.
    expect(await page.evaluate('typeof window.station?.connection?.send')).toBe('function');
    expect(await page.evaluate('typeof require')).toBe('undefined');

    await page.getByRole('button', { name: 'English', exact: true }).click();
    await page.getByRole('button', { name: 'Try with demo data' }).click();
    const nav = page.getByRole('navigation');
    await nav.getByRole('button', { name: 'Print', exact: true }).waitFor({ timeout: 120_000 });
    await nav.getByRole('button', { name: 'Print', exact: true }).click();

    const ids = Array.from({ length: 5 }, (_, n) => `H-${String(n + 1).padStart(7, '0')}`);
    await page.getByRole('radio', { name: 'A pasted list' }).check();
    await page.getByLabel('Holder ids or badge serials, one a line').fill(ids.join('\n'));
    await page.getByRole('button', { name: 'Make the batch' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 3, name: /^Job 1:/ }).count(), { timeout: 30_000 }).toBe(1);
    for (const other of ['Demo-2', 'Demo-3', 'Demo-4']) await page.getByRole('checkbox', { name: other }).uncheck();
    await page.getByRole('button', { name: 'Start printing' }).click();
    await expect
      .poll(() => page.getByRole('heading', { level: 3, name: /Job 1: .* · Done/ }).count(), { timeout: 120_000 })
      .toBe(1);

    // The core's utility process killed: main starts it again and the page carries on.
    const first = await corePid(app);
    expect(first).toBeDefined();
    process.kill(first as number, 'SIGKILL');
    await expect.poll(() => corePid(app as ElectronApplication), { timeout: 30_000 }).not.toBe(first);
    await nav.getByRole('button', { name: 'Ledger', exact: true }).click();
    await page.getByRole('button', { name: 'Verify the ledger' }).click();
    await expect
      .poll(
        () =>
          page
            .getByRole('status')
            .filter({ hasText: /intact/i })
            .count(),
        { timeout: 60_000 },
      )
      .toBeGreaterThan(0);

    await app.close();
    app = undefined;
  });
});
