/**
 * The Roster's search answers each key as it is typed, in real Chromium against `npm start`'s
 * browser mode: no timer stands between a key and its search (the core answers a query in
 * well under a millisecond, so there is nothing to save by waiting out the typist).
 *
 * The page's timers are frozen with Playwright's clock once the roster shows: a search that
 * waited for a typing pause (a setTimeout) would never be sent, and the operator, who has
 * stopped typing, would be left looking at "Searching…".
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addDemoUsers } from '../../electron/core/demo/index.ts';
import { importRoster } from '../../electron/core/roster/index.ts';
import { initStation } from '../../electron/core/station/index.ts';
import { launchChromium } from '../support/chromium.ts';
import { type StartedDesk, signIn, startDesk } from '../support/desk-page.ts';
import { testKek } from '../support/passphrase.ts';
import { HEADER_ZH, writeCsv } from '../support/roster.ts';
import { tempDir } from '../support/station.ts';

let desk: StartedDesk | undefined;
afterEach(() => {
  desk?.stop();
  desk = undefined;
});

describe('the Roster search, in Chromium', () => {
  it('shows 欧阳娜娜 for oynn as the last key is typed, without waiting for a pause in the typing', async () => {
    const dataDir = join(tempDir('badge-desk-e2e-'), 'station');
    const station = initStation(dataDir, '7', 'system:test', testKek());
    const roster = writeCsv([
      HEADER_ZH,
      ['H-9000001', '欧阳娜娜', 'OUYANG NANA', '上海进出口有限公司', '中国', '身份证', '310101199001011234', '参展证', ''],
      ['H-9000002', '王伟', 'WANG WEI', '北京会展中心', '中国', '身份证', '110101199001011234', '参展证', ''],
    ]);
    await importRoster(station, roster, { actor: 'system:test' });
    await addDemoUsers(station, 'system:test');
    station.close();
    desk = await startDesk(dataDir);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
      await page.clock.install();
      await page.goto(desk.address);
      await signIn(page, 'operator');
      await page.getByRole('navigation').getByRole('button', { name: 'Roster', exact: true }).click({ timeout: 60_000 });
      const status = page.locator('section[aria-labelledby="roster-title"] [role="status"]');
      await expect.poll(() => status.textContent(), { timeout: 20_000 }).toContain('Holders on the roster: 2');

      // From here no timer of the page fires: only what the keys themselves set off happens.
      await page.clock.pauseAt(Date.now() + 2_000);
      await page.getByRole('searchbox', { name: 'Find a holder' }).pressSequentially('oynn', { delay: 20 });
      await expect.poll(() => status.textContent(), { timeout: 10_000 }).toContain('Found for "oynn": 1');
      const found = page.getByRole('grid', { name: 'Holders found' });
      expect(await found.getByRole('row', { name: /H-9000001/ }).textContent()).toContain('欧阳娜娜');
    } finally {
      await browser.close();
    }
  }, 90_000);
});
