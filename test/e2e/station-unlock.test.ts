import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../electron/core/clock.ts';
import { addDemoUsers } from '../../electron/core/demo/index.ts';
import { chipStation, STATION_PASSPHRASE } from '../support/chip-station.ts';
import { launchChromium } from '../support/chromium.ts';
import { look, type StartedDesk, seriousViolations, signIn, startDesk } from '../support/desk-page.ts';
import { tempDir } from '../support/station.ts';

let desk: StartedDesk | undefined;
afterEach(() => {
  desk?.stop();
  desk = undefined;
});

describe('unlocking a real station at the desk, in Chromium against npm start (on the real clock)', () => {
  it('shows Station locked, refuses a wrong passphrase in words, unlocks by keyboard, then offers Lock', async () => {
    // The desk runs on the computer's clock, so the station's certificate is dated from it too.
    const setup = await chipStation(3, () => tempDir('badge-unlock-e2e-'), systemClock);
    await addDemoUsers(setup.station, 'system:test');
    setup.station.close();
    desk = await startDesk(setup.dataDir);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(desk.address);
      await signIn(page, 'supervisor');
      await page.getByRole('button', { name: 'English', exact: true }).click();
      await page.getByText('Station locked').waitFor({ timeout: 30_000 });

      // By keyboard only: focus the Unlock button, open the form, type, Enter.
      const open = page.getByRole('button', { name: 'Unlock the station key', exact: true });
      await open.focus();
      await page.keyboard.press('Enter');
      const field = page.getByLabel('Station passphrase');
      await expect.poll(() => page.evaluate('document.activeElement?.id')).toBe('station-passphrase');
      expect(await field.getAttribute('type')).toBe('password');
      expect(await field.getAttribute('autocomplete')).toBe('off');
      await page.keyboard.type('certainly not it');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/not the station's passphrase/);
      await look(page, 'unlock-en');

      // Escape cancels, focus goes back to Unlock.
      await page.keyboard.press('Escape');
      await expect.poll(() => page.evaluate('document.activeElement?.textContent')).toBe('Unlock the station key');

      await page.getByRole('button', { name: '中文' }).click();
      await page.getByText('工作站已锁定').waitFor();
      await page.getByRole('button', { name: '解锁工作站密钥', exact: true }).click();
      await look(page, 'unlock-zh-CN');
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: 'English', exact: true }).click();

      await open.focus();
      await page.keyboard.press('Enter');
      await page.keyboard.type(STATION_PASSPHRASE);
      await page.keyboard.press('Enter');
      await page.getByRole('button', { name: 'Lock the station key', exact: true }).waitFor({ timeout: 10_000 });
      expect(await page.getByText('Station locked').count()).toBe(0);
      expect(await seriousViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 120_000);
});
