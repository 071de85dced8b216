/**
 * The first run in real Chromium against `npm start` on an empty data folder: the page
 * offers to make the station or to try demo data; a station passphrase too short or not
 * typed the same twice is refused on the page, a bad station number in the core's words,
 * and demo data goes in with one click, its progress shown, after which the
 * station's own screen shows its 1,000 holders.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { SCREENSHOTS, type StartedDesk, seriousViolations, signIn, startDesk } from '../support/desk-page.ts';
import { tempDir } from '../support/station.ts';

let desk: StartedDesk | undefined;
afterEach(() => {
  desk?.stop();
  desk = undefined;
});

/** Looked at in each language as it stands: screenshot, font, axe-core. */
async function lookAt(page: Page, name: string, checks: readonly (readonly [string, string, RegExp])[]) {
  for (const [language, button, words] of checks) {
    await page.getByRole('button', { name: button, exact: true }).click();
    await expect.poll(() => page.locator('main').textContent()).toMatch(words);
    await page.evaluate('document.fonts.ready');
    expect(await page.getAttribute('html', 'lang')).toBe(language);
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-${language}.png`), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
  }
}

describe('the first run, in Chromium against npm start (on the real clock, as the demo dates its event)', () => {
  it('offers a station or demo data; a bad number is refused in words; demo data in one click shows its progress, then 1,000 holders', async () => {
    desk = await startDesk(join(tempDir('badge-first-run-'), 'station'));
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(desk.address);
      await expect.poll(() => page.locator('main').textContent(), { timeout: 20_000 }).toMatch(/Set up this desk|设置本工作台/);
      // No screens to go to before there is a station.
      expect(await page.getByRole('navigation').count()).toBe(0);
      await lookAt(page, 'first-run', [
        ['zh-CN', '中文', /用演示数据试用/],
        ['en', 'English', /Try with demo data/],
      ]);

      // By keyboard: a passphrase too short is refused on the page, before the core is asked.
      const number = page.getByLabel('Station number');
      const passphrase = page.getByLabel('Station passphrase', { exact: true });
      const again = page.getByLabel('The same passphrase again', { exact: true });
      expect(await passphrase.getAttribute('type')).toBe('password');
      expect(await passphrase.getAttribute('autocomplete')).toBe('new-password');
      expect(await again.getAttribute('type')).toBe('password');
      await number.fill('1000');
      await passphrase.fill('too short');
      await again.fill('too short');
      await again.press('Enter');
      await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/Not created: .*at least 10 characters/);
      expect(await passphrase.getAttribute('aria-invalid')).toBe('true');
      // Typed afresh, from the first field.
      expect(await passphrase.inputValue()).toBe('');
      await expect.poll(() => page.evaluate('document.activeElement?.type')).toBe('password');
      await page.keyboard.type('first-run passphrase');
      await again.fill('first-run passphrase, not the same');
      await again.press('Enter');
      await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/Not created: The two passphrases are not the same/);
      expect(await again.getAttribute('aria-invalid')).toBe('true');
      expect(await number.getAttribute('aria-invalid')).toBe('false');
      await page.screenshot({ path: join(SCREENSHOTS, 'first-run-passphrase-refused-en.png'), fullPage: true });
      expect(await seriousViolations(page)).toEqual([]);

      // Then a number the core refuses, and Enter: told in the core's words, the number marked.
      await passphrase.fill('first-run passphrase');
      await again.fill('first-run passphrase');
      await again.press('Enter');
      await expect
        .poll(() => page.getByRole('alert').textContent())
        .toMatch(/Not created: "1000" is not a station number: use the number from the station's enrolment, 001 to 999/);
      expect(await number.getAttribute('aria-invalid')).toBe('true');
      expect(await passphrase.getAttribute('aria-invalid')).toBe('false');
      expect(await seriousViolations(page)).toEqual([]);

      const started = performance.now();
      await page.getByRole('button', { name: 'Try with demo data' }).click();
      // Its progress, as it goes: a step and how far.
      await expect
        .poll(() => page.getByRole('status').first().textContent(), { timeout: 20_000 })
        .toMatch(/(Importing the roster|Checking the photos|Making a badge)….*\d+\s?%/);
      await page.screenshot({ path: join(SCREENSHOTS, 'first-run-progress-en.png'), fullPage: true });
      // A demo station has a demo user of each role: the desk asks who is at it first.
      await page.getByRole('region', { name: 'Sign in' }).waitFor({ timeout: 45_000 });
      expect(await page.getByRole('navigation').count()).toBe(0);
      await lookAt(page, 'sign-in', [
        ['zh-CN', '中文', /演示工位/],
        ['en', 'English', /Demo station: sign in as operator/],
      ]);
      await signIn(page, 'operator');
      await expect.poll(() => page.getByRole('status').textContent(), { timeout: 45_000 }).toContain('Station 007');
      expect(await page.getByRole('status').textContent()).toContain('Holders on the roster: 1,000');
      expect(performance.now() - started).toBeLessThan(45_000);
      await lookAt(page, 'first-run-done', [['en', 'English', /Holders on the roster: 1,000/]]);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 90_000);
});
