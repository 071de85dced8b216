/**
 * The Ledger and Templates screens in real Chromium against `npm start`'s browser mode on
 * a fresh station with a small demo roster: every type's card front and back, the longest
 * name, the ledger verified intact, exported, then tampered with and the first bad event
 * named, in both languages, axe-core clean, screenshots of each.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { addDemoUsers } from '../../electron/core/demo/index.ts';
import { importRoster, writeDemoRoster } from '../../electron/core/roster/index.ts';
import { DATABASE_FILE, initStation } from '../../electron/core/station/index.ts';
import { launchChromium } from '../support/chromium.ts';
import { look, type StartedDesk, signIn, startDesk } from '../support/desk-page.ts';
import { testKek } from '../support/passphrase.ts';
import { tempDir } from '../support/station.ts';
import { tamper } from '../support/tamper.ts';

const LANGUAGES = [
  ['en', 'English'],
  ['zh-CN', '中文'],
] as const;

let desk: StartedDesk | undefined;
afterEach(() => {
  desk?.stop();
  desk = undefined;
});

/** The card images on the page, each with whether the browser could draw it. */
function cardImages(page: Page): Promise<{ alt: string; drawn: boolean }[]> {
  // A string: the tests are compiled without the DOM's types.
  return page.evaluate(`[...document.querySelectorAll('figure img')].map((img) => ({
    alt: img.getAttribute('alt') ?? '',
    drawn: img.complete && img.naturalWidth > 0,
  }))`);
}

describe('the Ledger and Templates screens, in Chromium', () => {
  it("show every type's card front and back, the longest name, and the ledger intact, exported, then its first bad event", async () => {
    const dataDir = join(tempDir('badge-desk-e2e-'), 'station');
    const station = initStation(dataDir, '7', 'system:test', testKek());
    const demo = await writeDemoRoster({ holders: 60, out: tempDir(), photos: false });
    await importRoster(station, demo.roster, { actor: 'system:test' });
    await addDemoUsers(station, 'system:test');
    // What the ledger will hold: these, and the supervisor's signing in at the desk.
    const events = (station.ledger.head()?.seq ?? 0) + 1;
    const longestVisitor = (
      station.db.statement(`SELECT name FROM holders WHERE type = 'visitor' ORDER BY length(name) DESC LIMIT 1`).get() as {
        name: string;
      }
    ).name;
    station.close();
    expect(events).toBeGreaterThan(1);

    desk = await startDesk(dataDir);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ acceptDownloads: true });
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('console', (message) => {
        // A CSP refusal (say, of the data: card images) shows only here. Not ours: the browser's
        // favicon guess, and Vite's dev client looking for its server once the desk was stopped.
        const from = message.location().url;
        if (message.type() === 'error' && !from.endsWith('/favicon.ico') && !from.includes('/@vite/client'))
          errors.push(message.text());
      });
      await page.goto(desk.address);
      await signIn(page, 'supervisor');

      for (const [language, button] of LANGUAGES) {
        await page.getByRole('button', { name: button, exact: true }).click();
        const templates = language === 'en' ? 'Templates' : '模板';
        await page.getByRole('navigation').getByRole('button', { name: templates }).click();
        const picker = page.getByRole('combobox', { name: language === 'en' ? 'Badge type' : '证件类型' });
        await expect.poll(() => picker.locator('option').count(), { timeout: 20_000 }).toBe(6);
        const types = await Promise.all((await picker.locator('option').all()).map((option) => option.getAttribute('value')));
        expect(types).toEqual(['guest', 'exhibitor', 'visitor', 'media', 'staff', 'security']);
        for (const type of types as string[]) {
          await picker.selectOption(type);
          await expect
            .poll(
              async () => {
                const images = await cardImages(page);
                return images.length === 2 && images.every((image) => image.drawn) && (await picker.inputValue()) === type;
              },
              { timeout: 20_000 },
            )
            .toBe(true);
        }
        const sides = (await cardImages(page)).map((image) => image.alt);
        expect(sides[0]).toContain(language === 'en' ? 'Front' : '正面');
        expect(sides[1]).toContain(language === 'en' ? 'Back' : '背面');
        await picker.selectOption('visitor');
        await page.getByRole('radio', { name: language === 'en' ? 'Longest name on the roster' : '名单中最长的姓名' }).check();
        await expect
          .poll(() => page.locator('[aria-labelledby="templates-title"] > [role="status"]').textContent(), { timeout: 20_000 })
          .toContain(longestVisitor);
        await expect.poll(async () => (await cardImages(page)).every((image) => image.drawn)).toBe(true);
        expect(await page.getByText(language === 'en' ? 'No warnings' : '没有警告').count()).toBe(1);
        await look(page, `templates-${language}`);
        await page.getByRole('radio', { name: language === 'en' ? 'Sample holder' : '示例人员' }).check();

        await page
          .getByRole('navigation')
          .getByRole('button', { name: language === 'en' ? 'Ledger' : '台账' })
          .click();
        await page.getByRole('button', { name: language === 'en' ? 'Verify the ledger' : '校验台账' }).click();
        await expect
          .poll(() => page.locator('[aria-labelledby="ledger-verify"] [role="status"]').textContent(), { timeout: 20_000 })
          .toContain(
            language === 'en'
              ? `The ledger is intact: ${events} events, 0 signed checkpoints.`
              : `台账完好：共 ${events} 条事件，0 个已签名检查点。`,
          );
        // The latest events, newest first: the supervisor's sign-in, the four demo users added,
        // the roster import, then the station's creation.
        const rows = page.getByRole('table').getByRole('row');
        await expect.poll(() => rows.count()).toBe(events + 1);
        expect(await rows.nth(1).textContent()).toContain(language === 'en' ? 'Signed in' : '登录');
        expect(await rows.nth(2).textContent()).toContain(language === 'en' ? 'User added' : '添加用户');
        expect(await rows.nth(6).textContent()).toContain(language === 'en' ? 'Roster imported' : '导入名单');
        expect(await rows.nth(events).textContent()).toContain(language === 'en' ? 'Station created' : '创建工作站');
        await look(page, `ledger-intact-${language}`);
      }

      // Export, as the operator would hand it to an auditor: a download named for its station and events.
      await page.getByRole('radio', { name: /JSONL/ }).check();
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: '导出台账' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe(`ledger-station-007-events-1-${events}.jsonl`);
      const lines = readFileSync(await download.path(), 'utf8')
        .trim()
        .split('\n');
      expect(lines).toHaveLength(events);
      expect(JSON.parse(lines[0] as string)).toMatchObject({ seq: 1, type: 'STATION_INITIALISED' });
      await expect.poll(() => page.getByText(`ledger-station-007-events-1-${events}.jsonl`).count()).toBe(1);

      // Someone with a SQLite shell edits an event while the desk is closed (it holds the
      // database locked while it runs), and the desk is started again.
      desk.stop();
      await new Promise((resolve) => desk?.process.once('exit', resolve));
      tamper(join(dataDir, DATABASE_FILE), (db) =>
        db.prepare(`UPDATE ledger_events SET actor = 'op:someone-else' WHERE seq = 2`).run(),
      );
      desk = await startDesk(dataDir);
      await page.goto(desk.address);
      await signIn(page, 'supervisor');
      await page
        .getByRole('navigation')
        .getByRole('button', { name: /^(Ledger|台账)$/ })
        .click();
      for (const [language, button] of LANGUAGES.toReversed()) {
        await page.getByRole('button', { name: button, exact: true }).click();
        await page.getByRole('button', { name: language === 'en' ? 'Verify the ledger' : '校验台账' }).click();
        const said =
          language === 'en'
            ? [
                'The ledger is NOT intact: the first bad event is number 2.',
                'Event 2 was altered: its contents no longer match its hash.',
              ]
            : ['台账不完整：第一条有问题的事件是第 2 条。', '第 2 条事件被修改：内容与其哈希不再相符。'];
        for (const words of said)
          await expect
            .poll(() => page.locator('[aria-labelledby="ledger-verify"] [role="status"]').textContent(), { timeout: 20_000 })
            .toContain(words);
        await look(page, `ledger-broken-${language}`);
      }
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 180_000);
});
