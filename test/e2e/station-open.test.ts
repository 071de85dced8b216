/**
 * A station made through the page, in real Chromium against `npm start`: its data is sealed
 * under the passphrase typed there, so the next start (browser mode: no keychain to remember
 * it) shows the Open-station form before anything else. A wrong passphrase is refused in
 * words and the form stays; the right one opens the station, and the new station's first
 * step, making its admin, comes next.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { look, type StartedDesk, seriousViolations, startDesk } from '../support/desk-page.ts';
import { tempDir } from '../support/station.ts';

const PASSPHRASE = 'counter seven opens at eight';

let desk: StartedDesk | undefined;
afterEach(() => {
  desk?.stop();
  desk = undefined;
});

/** Stops the desk and waits until its process is gone, so the next one finds the data folder free. */
async function stopDesk(started: StartedDesk): Promise<void> {
  if (started.process.exitCode !== null || started.process.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => started.process.once('exit', () => resolve()));
  started.stop();
  await gone;
}

async function english(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'English', exact: true }).click();
  await expect.poll(() => page.getAttribute('html', 'lang')).toBe('en');
}

describe('opening a station whose data is encrypted, in Chromium against npm start', () => {
  it('asks for the station passphrase after a restart; refuses a wrong one in words and stays; the right one opens it', async () => {
    const dataDir = join(tempDir('badge-station-open-'), 'station');
    desk = await startDesk(dataDir);
    const browser = await launchChromium();
    try {
      // The station made through the page, by keyboard, with its passphrase typed twice.
      const first = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await first.goto(desk.address);
      await first.getByRole('heading', { name: /Set up this desk|设置本工作台/ }).waitFor({ timeout: 20_000 });
      await english(first);
      await first.getByLabel('Station number').fill('12');
      await first.getByLabel('Station passphrase', { exact: true }).fill(PASSPHRASE);
      const again = first.getByLabel('The same passphrase again', { exact: true });
      await again.fill(PASSPHRASE);
      await again.press('Enter');
      await first.getByRole('region', { name: "Make this station's admin" }).waitFor({ timeout: 20_000 });
      await first.close();

      // The next start: the core has the station's data sealed, and nothing here to open it.
      await stopDesk(desk);
      desk = await startDesk(dataDir);
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(desk.address);
      const form = page.getByRole('region', { name: /^(Open station|打开工作站)$/ });
      await form.waitFor({ timeout: 20_000 });
      // Nothing else before it is open: no screens, no sign-in.
      expect(await page.getByRole('navigation').count()).toBe(0);
      expect(await page.getByRole('region', { name: /^(Sign in|登录)$/ }).count()).toBe(0);

      await page.getByRole('button', { name: '中文', exact: true }).click();
      await page.getByRole('heading', { name: '打开工作站' }).waitFor();
      expect(await page.locator('main').textContent()).toContain(dataDir);
      await look(page, 'open-station-zh-CN');
      await english(page);
      await page.getByRole('heading', { name: 'Open station' }).waitFor();
      expect(await page.locator('main').textContent()).toContain(dataDir);
      await look(page, 'open-station-en');

      // The field is the one focused: the passphrase typed straight away, Enter to open.
      const field = page.getByLabel(/^(Station passphrase|工作站口令)$/);
      expect(await field.getAttribute('type')).toBe('password');
      await field.focus();
      await page.keyboard.type('not the passphrase at all');
      await page.keyboard.press('Enter');
      await expect
        .poll(() => page.getByRole('alert').textContent())
        .toMatch(/Not opened: That is not the station's passphrase.*Caps Lock/);
      expect(await field.getAttribute('aria-invalid')).toBe('true');
      // Forgotten at once, and typed afresh in the same field.
      expect(await field.inputValue()).toBe('');
      await expect.poll(() => page.evaluate('document.activeElement?.type')).toBe('password');
      expect(await form.count()).toBe(1);
      await look(page, 'open-station-wrong-en');

      await page.getByRole('button', { name: '中文', exact: true }).click();
      await field.focus();
      await page.keyboard.type('还是不对的口令，再试一次');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/未打开：\s*口令不正确/);
      await look(page, 'open-station-wrong-zh-CN');
      await english(page);

      await field.focus();
      await page.keyboard.type(PASSPHRASE);
      await page.keyboard.press('Enter');
      // Open: the new station has nobody yet, so its admin is what the desk asks for next.
      await page.getByRole('region', { name: "Make this station's admin" }).waitFor({ timeout: 20_000 });
      expect(await form.count()).toBe(0);

      // Opened for every page of this start: a fresh one goes straight to it too.
      const another = await browser.newPage();
      await another.goto(desk.address);
      await another
        .getByRole('region', { name: /^(Make this station's admin|设置本工位的管理员)$/ })
        .waitFor({ timeout: 20_000 });
      expect(await seriousViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 120_000);
});
