/**
 * Who is at the desk, in Chromium against `npm start`: an operator sees only the screens an
 * operator may use, locks the desk when stepping away and opens it again with their PIN;
 * wrong tries are counted down to a lockout said with its time; the admin adds a person on
 * the Users screen, who then signs in. Screenshots of the lock and Users screens in both
 * languages.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addDemoUsers } from '../../electron/core/demo/index.ts';
import { initStation } from '../../electron/core/station/index.ts';
import { launchChromium } from '../support/chromium.ts';
import { look, type StartedDesk, signIn, startDesk } from '../support/desk-page.ts';
import { testKek } from '../support/passphrase.ts';
import { tempDir } from '../support/station.ts';

let desk: StartedDesk | undefined;
afterEach(() => {
  desk?.stop();
  desk = undefined;
});

const LANGUAGES = [
  ['zh-CN', '中文'],
  ['en', 'English'],
] as const;

describe('signing in, the lock and the Users screen, in Chromium', () => {
  it('shows an operator their screens only, locks and unlocks the desk, locks a name out after five wrong tries, and lets the admin add a person', async () => {
    const dataDir = join(tempDir('badge-sign-in-e2e-'), 'station');
    const station = initStation(dataDir, '7', 'system:test', testKek());
    await addDemoUsers(station, 'system:test');
    station.close();
    desk = await startDesk(dataDir);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(desk.address);
      await page.getByRole('button', { name: 'English', exact: true }).click();
      await signIn(page, 'operator');
      const nav = page.getByRole('navigation');
      expect(await nav.getByRole('button').allTextContents()).toEqual([
        'Today',
        'Roster',
        'Print',
        'Handover',
        'Reprint',
        'Templates',
        'Devices',
        'Sync',
      ]);
      expect(await page.getByRole('region', { name: 'Signed in' }).textContent()).toContain('Wang Fang 王芳 · Operator');

      // Stepping away: the screens stay underneath, nothing of them shows.
      await page.getByRole('button', { name: 'Lock screen' }).click();
      const lock = page.getByRole('region', { name: /^(Desk locked|工位已锁定)$/ });
      await lock.waitFor();
      expect(await nav.isVisible()).toBe(false);
      for (const [language, button] of LANGUAGES) {
        await page.getByRole('button', { name: button, exact: true }).click();
        await look(page, `desk-locked-${language}`);
      }
      await lock.getByLabel('Password or PIN').fill('not-my-pin');
      await lock.getByLabel('Password or PIN').press('Enter');
      await expect
        .poll(() => lock.getByRole('alert').textContent())
        .toContain('4 more wrong tries lock this name for 15 minutes');
      await lock.getByLabel('Password or PIN').fill('demo-operator');
      await lock.getByLabel('Password or PIN').press('Enter');
      await nav.waitFor();
      expect(await nav.getByRole('button', { name: 'Today' }).getAttribute('aria-current')).toBe('page');

      // Signed out, someone keeps guessing the supervisor's password: the fifth locks the name, with its time.
      await page.getByRole('button', { name: 'Sign out' }).click();
      const form = page.getByRole('region', { name: 'Sign in' });
      for (let tries = 1; tries <= 5; tries += 1) {
        await form.getByLabel('Sign-in name').fill('supervisor');
        await form.getByLabel('Password or PIN').fill(`guess-${tries}`);
        await form.getByRole('button', { name: 'Sign in' }).click();
        await expect
          .poll(() => form.getByRole('alert').textContent())
          .toMatch(
            tries === 5
              ? /this name is locked until \d\d:\d\d/
              : tries === 4
                ? /One more wrong try locks/
                : new RegExp(`${5 - tries} more wrong tries lock`),
          );
      }
      await look(page, 'sign-in-locked-out-en');

      // The admin adds a person; they sign in at once.
      await signIn(page, 'admin');
      await nav.getByRole('button', { name: 'Users', exact: true }).click();
      const users = page.getByRole('table');
      await expect.poll(() => users.getByRole('row').count()).toBe(5);
      expect(await users.getByRole('row').filter({ hasText: 'Li Na' }).textContent()).toMatch(/Locked until \d\d:\d\d/);
      const add = page.getByRole('form', { name: 'Add a person' });
      await add.getByLabel('Sign-in name').fill('zhao.lei');
      await add.getByLabel('Name shown').fill('赵磊');
      await add.getByLabel('Role').selectOption('technician');
      await add.getByLabel('First password or PIN').fill('zl-counter-26');
      await add.getByRole('button', { name: 'Add' }).click();
      await expect.poll(() => page.getByRole('status').last().textContent()).toContain('赵磊 was added as Technician');
      await expect.poll(() => users.getByRole('row').count()).toBe(6);
      // The supervisor's lockout, ended by the admin.
      await users.getByRole('row').filter({ hasText: 'Li Na' }).getByRole('button', { name: 'End the lockout' }).click();
      await expect.poll(() => users.getByRole('row').filter({ hasText: 'Li Na' }).textContent()).toContain('Can sign in');
      for (const [language, button] of LANGUAGES) {
        await page.getByRole('button', { name: button, exact: true }).click();
        await look(page, `users-${language}`);
      }
      await page.getByRole('button', { name: 'English', exact: true }).click();
      await page.getByRole('button', { name: 'Sign out' }).click();
      await form.getByLabel('Sign-in name').fill('zhao.lei');
      await form.getByLabel('Password or PIN').fill('zl-counter-26');
      await form.getByRole('button', { name: 'Sign in' }).click();
      await expect.poll(() => page.getByRole('region', { name: 'Signed in' }).textContent()).toContain('赵磊 · Technician');
      expect(await nav.getByRole('button', { name: 'Chips', exact: true }).count()).toBe(1);
      expect(await nav.getByRole('button', { name: 'Print', exact: true }).count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 120_000);
});
