/**
 * The Sync screen in real Chromium against `npm start`'s browser mode and a real
 * PostgreSQL: not connected; connected from the page by the administrator (a bad string
 * and a wrong passphrase refused in words); up to date by itself; upstream stopped, and
 * the screen says so with the next try; in both languages, axe-core clean, screenshots of each.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { demoPassphraseKey, deskDemoFolder, fillDemoStation } from '../../electron/core/demo/index.ts';
import { initStation } from '../../electron/core/station/index.ts';
import { addUpstreamStation, UPSTREAM_SCHEMA } from '../../electron/core/upstream/index.ts';
import { launchChromium } from '../support/chromium.ts';
import { look, type StartedDesk, signIn, startDesk } from '../support/desk-page.ts';
import { tempDir } from '../support/station.ts';
import { upstreamForTheseTests } from '../support/upstream.ts';

const upstream = upstreamForTheseTests();
let desk: StartedDesk | undefined;

afterEach(() => {
  desk?.stop();
  desk = undefined;
});

const LANGUAGES = [
  ['en', 'English', 'Sync'],
  ['zh-CN', '中文', '同步'],
] as const;

describe('the Sync screen, in Chromium (on the real clock: upstream’s)', () => {
  it('connects the station from the page, shows it up to date by itself, then upstream out of reach with the next try', async () => {
    const dataDir = join(tempDir('badge-desk-e2e-'), 'station');
    const station = initStation(dataDir, '12', 'system:test', demoPassphraseKey());
    const folder = deskDemoFolder(dataDir);
    mkdirSync(folder, { recursive: true });
    await fillDemoStation({ station, folder, actor: 'system:test', holders: 30, printers: 2, paceMs: 0 });
    const firstHolders = station.db.statement('SELECT id FROM holders ORDER BY id LIMIT 3').pluck().all() as string[];
    station.close();
    const login = (await addUpstreamStation(upstream.admin, '012', upstream.pg.adminUrl)).url;
    const passphrase = readFileSync(join(folder, 'demo-passphrase.txt'), 'utf8').trim();

    desk = await startDesk(dataDir);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(desk.address);
      await signIn(page, 'admin');
      const status = page
        .getByRole('status')
        .filter({ hasText: /upstream|上游/i })
        .first();

      for (const [language, button, name] of LANGUAGES) {
        await page.getByRole('button', { name: button, exact: true }).click();
        await page.getByRole('navigation').getByRole('button', { name, exact: true }).click();
        await expect.poll(() => status.textContent(), { timeout: 10_000 }).toMatch(/not connected|未连接上游/);
        await look(page, `sync-not-connected-${language}`);
      }

      // In Chinese now. A web address is not a connection string; a wrong passphrase keeps nothing.
      const connect = page.getByRole('region', { name: '连接本工作站' });
      await connect.getByLabel('连接字符串').fill('https://example.org/');
      await connect.getByLabel('工作站口令').fill(passphrase);
      await connect.getByRole('button', { name: '连接' }).click();
      await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/不是 PostgreSQL 连接字符串/);
      await connect.getByLabel('连接字符串').fill(login);
      await connect.getByLabel('工作站口令').fill('this is not the passphrase');
      await connect.getByRole('button', { name: '连接' }).click();
      await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/这不是工作站口令/);
      await connect.getByLabel('连接字符串').fill(login);
      await connect.getByLabel('工作站口令').fill(passphrase);
      await connect.getByRole('button', { name: '连接' }).click();
      await expect.poll(() => status.textContent(), { timeout: 20_000 }).toMatch(/已同步/);
      // The password was typed into a password field and is shown nowhere.
      expect(await page.content()).not.toContain(new URL(login).password);

      for (const [language, button] of LANGUAGES) {
        await page.getByRole('button', { name: button, exact: true }).click();
        await expect.poll(() => status.textContent(), { timeout: 10_000 }).toMatch(/Up to date|已同步/);
        await look(page, `sync-up-to-date-${language}`);
      }

      // Upstream activates two of the first three holders; Sync now brings their keys, which
      // the roster shows and filters on.
      await upstream.admin.query(
        `INSERT INTO ${UPSTREAM_SCHEMA}.clearances (holder_id, keys, active) VALUES
           ($1, '{"vaccination": true, "health_code": "green", "test_48h": true}', true),
           ($2, '{"vaccination": true, "health_code": "green", "test_48h": true}', true),
           ($3, '{"vaccination": true, "health_code": "yellow", "test_48h": false}', false)`,
        firstHolders,
      );
      await page.getByRole('button', { name: 'English', exact: true }).click();
      await page.getByRole('button', { name: 'Sync now' }).click();
      await expect
        .poll(() => page.getByText(/and 0 changed holders, 0 refused; 3 holders' keys/).count(), { timeout: 20_000 })
        .toBe(1);
      for (const [language, button] of LANGUAGES) {
        await page.getByRole('button', { name: button, exact: true }).click();
        await page
          .getByRole('navigation')
          .getByRole('button', { name: language === 'en' ? 'Roster' : '名单', exact: true })
          .click();
        const filter = page.getByRole('combobox', { name: language === 'en' ? 'Clearance' : '通行权限' });
        await filter.selectOption('ready');
        const grid = page.getByRole('grid');
        await expect.poll(() => grid.getByRole('row').count(), { timeout: 10_000 }).toBe(3); // the header and two holders
        await expect.poll(() => grid.getByText(language === 'en' ? '✓ Ready' : '✓ 已激活').count()).toBe(2);
        await filter.selectOption('');
        await expect.poll(() => grid.getByText(firstHolders[2] as string, { exact: true }).count(), { timeout: 10_000 }).toBe(1);
        await look(page, `roster-clearance-${language}`);
        // The holder not yet active: the file says so, with each key as upstream gave it.
        await grid.getByText(firstHolders[2] as string, { exact: true }).click();
        const file = page.getByRole('dialog');
        await expect
          .poll(() => file.textContent(), { timeout: 10_000 })
          .toMatch(
            language === 'en'
              ? /Not active upstream yet.*health_code yellow · test_48h ✕/
              : /上游尚未激活.*health_code yellow · test_48h ✕/,
          );
        await look(page, `roster-holder-clearance-${language}`);
        await page.keyboard.press('Escape');
        await page
          .getByRole('navigation')
          .getByRole('button', { name: language === 'en' ? 'Sync' : '同步', exact: true })
          .click();
      }

      // Upstream goes away; meanwhile the administrator adds a person at the desk (an event to send).
      await upstream.pg.stop();
      await page.getByRole('button', { name: 'English', exact: true }).click();
      await page.getByRole('navigation').getByRole('button', { name: 'Users', exact: true }).click();
      const add = page.getByRole('form', { name: 'Add a person' });
      await add.getByLabel('Sign-in name', { exact: true }).fill('li.lei');
      await add.getByLabel('First password or PIN').fill('counter-12-secret');
      await add.getByRole('button', { name: 'Add', exact: true }).click();
      await expect.poll(() => page.getByText('li.lei was added').count(), { timeout: 10_000 }).toBe(1);
      await page.getByRole('navigation').getByRole('button', { name: 'Sync', exact: true }).click();
      await expect.poll(() => status.textContent(), { timeout: 30_000 }).toMatch(/cannot be reached: \d+ events? waits?/);
      expect(await page.getByRole('heading', { name: 'Last failure' }).count()).toBe(1);
      await look(page, 'sync-unreachable-en');
      await page.getByRole('button', { name: '中文', exact: true }).click();
      await expect.poll(() => status.textContent(), { timeout: 10_000 }).toMatch(/无法连接上游.*下次尝试时间/);
      await look(page, 'sync-unreachable-zh-CN');
      // Today says it too, in a line, for whoever glances at the office's picture.
      await page.getByRole('navigation').getByRole('button', { name: '今日', exact: true }).click();
      await expect.poll(() => page.getByText(/^无法连接上游：\d+ 条事件等待发送/).count(), { timeout: 15_000 }).toBe(1);
      await look(page, 'today-sync-unreachable-zh-CN');
      await upstream.pg.restart();
      // Back: a supervisor's (here the admin's) check for holders issued twice reaches upstream.
      await page.getByRole('navigation').getByRole('button', { name: '同步', exact: true }).click();
      await page.getByRole('button', { name: '检查重复签发' }).click();
      await expect
        .poll(() => page.getByText('没有持证人同时由本工作站和其他工作站签发证件。').count(), { timeout: 20_000 })
        .toBe(1);
      await look(page, 'sync-conflicts-zh-CN');
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 180_000);
});
