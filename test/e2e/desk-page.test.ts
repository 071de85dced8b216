/**
 * `npm start` in browser mode, in real Chromium: the page this launch printed (with its
 * token) reaches the station core over the desk socket; the same page without the token
 * is told where to find it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { initStation } from '../../electron/core/station/index.ts';
import { launchChromium } from '../support/chromium.ts';
import { repoRoot } from '../support/paths.ts';
import { freePort } from '../support/ports.ts';
import { tempDir } from '../support/station.ts';

/** Where every screen's screenshots go, in both languages (README: Testing). */
const SCREENS = join(repoRoot, 'test-results', 'screens');
mkdirSync(SCREENS, { recursive: true });
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical findings on the page as it stands. */
async function seriousViolations(page: Page): Promise<string[]> {
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
    const browser = await launchChromium();
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
      await expect.poll(() => page.getByRole('status').textContent(), { timeout: 20_000 }).toContain('007');
      // Both languages, switched on the page without a reload; each one looked at and checked.
      const loads: string[] = [];
      page.on('load', () => loads.push(page.url()));
      for (const [language, button, words] of [
        ['en', 'English', 'Station 007'],
        ['zh-CN', '中文', '工作站 007'],
      ] as const) {
        await page.getByRole('button', { name: button }).click();
        await expect.poll(() => page.getByRole('status').textContent()).toContain(words);
        await page.evaluate('document.fonts.ready');
        expect(await page.getAttribute('html', 'lang')).toBe(language);
        // The page's own CJK font, loaded: no boxes where Chinese should be.
        expect(await page.evaluate(`document.fonts.check('16px "Noto Sans SC"', '工作站')`)).toBe(true);
        await page.screenshot({ path: join(SCREENS, `home-${language}.png`), fullPage: true });
        expect(await seriousViolations(page)).toEqual([]);
      }
      expect(loads).toEqual([]);
      expect(errors).toEqual([]);

      await page.goto(address.replace(/#token=.*/, ''));
      await page.reload();
      await expect.poll(() => page.getByRole('status').textContent(), { timeout: 20_000 }).toMatch(/npm start/);
    } finally {
      await browser.close();
    }
  }, 90_000);
});
