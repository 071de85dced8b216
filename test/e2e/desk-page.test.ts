/**
 * `npm start` in browser mode, in real Chromium: the page this launch printed (with its
 * token) reaches the station core over the desk socket; the same page without the token
 * is told where to find it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { initStation } from '../../electron/core/station/index.ts';
import { repoRoot } from '../support/paths.ts';
import { freePort } from '../support/ports.ts';
import { tempDir } from '../support/station.ts';

let started: ChildProcess | undefined;

afterEach(() => {
  started?.kill('SIGTERM');
  started = undefined;
});

/** Starts `npm start`'s script on a fresh data folder and gives back the address it printed. */
async function startDesk(dataDir: string): Promise<string> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'electron', 'start.ts')], {
    cwd: repoRoot,
    env: { ...process.env, BADGE_STATION_HOME: dataDir, BADGE_STATION_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started = child;
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start printed no address: ${output}`)), 45_000);
    const read = (chunk: Buffer) => {
      output += chunk;
      const address = /http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+/.exec(output)?.[0];
      if (address) {
        clearTimeout(timer);
        resolve(address);
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => reject(new Error(`npm start exited ${code}: ${output}`)));
  });
}

describe('npm start in browser mode, in Chromium', () => {
  it("the page with this launch's token shows the station behind it; without the token it says where to look", async () => {
    const dataDir = join(tempDir('badge-desk-e2e-'), 'station');
    initStation(dataDir, '7', 'system:test').close();
    const address = await startDesk(dataDir);
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    try {
      const page = await browser.newPage();
      // Script errors and failed requests (the browser's own favicon guess apart).
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('response', (response) => {
        if (response.status() >= 400 && !response.url().endsWith('/favicon.ico'))
          errors.push(`${response.status()} ${response.url()}`);
      });
      await page.goto(address);
      await expect.poll(() => page.getByRole('status').textContent(), { timeout: 20_000 }).toContain('Station 007');
      expect(errors).toEqual([]);

      await page.goto(address.replace(/#token=.*/, ''));
      await page.reload();
      await expect.poll(() => page.getByRole('status').textContent(), { timeout: 20_000 }).toContain('npm start printed');
    } finally {
      await browser.close();
    }
  }, 90_000);
});
