/**
 * The Roster screen in real Chromium against `npm start`'s browser mode, on a fresh station
 * with a demo roster (photos too): the whole roster scrolls by keyboard page by page, a
 * filter narrows it, 欧阳娜娜 is found by typing `oynn`, her file opens with her photo
 * drawn, her badge's versions and its history; in both languages, axe-core clean, with
 * screenshots of the list and of the file.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { createBadges, reprintBadge } from '../../electron/core/badges/index.ts';
import { loadCatalog } from '../../electron/core/catalog/index.ts';
import { addDemoUsers } from '../../electron/core/demo/index.ts';
import { importRoster, writeDemoRoster } from '../../electron/core/roster/index.ts';
import { initStation } from '../../electron/core/station/index.ts';
import { launchChromium } from '../support/chromium.ts';
import { expoClock } from '../support/clock.ts';
import { look, type StartedDesk, signIn, startDesk } from '../support/desk-page.ts';
import { testKek } from '../support/passphrase.ts';
import { HEADER_ZH, jpeg, writeCsv } from '../support/roster.ts';
import { tempDir } from '../support/station.ts';

const DEMO_HOLDERS = 300;

const WORDS = {
  en: {
    language: 'English',
    roster: 'Roster',
    search: 'Find a holder',
    total: `Holders on the roster: ${DEMO_HOLDERS + 1}`,
    filtered: 'Holders these filters keep: ',
    type: 'Badge type',
    exhibitor: 'Exhibitor',
    clear: 'Clear filters',
    found: 'Found for "oynn": 1',
    title: '欧阳娜娜 (H-9000001)',
    photo: 'Photo of 欧阳娜娜',
    reprinted: 'Reprinted',
    damaged: 'damaged',
  },
  'zh-CN': {
    language: '中文',
    roster: '名单',
    search: '查找持证人',
    total: `名单人数：${DEMO_HOLDERS + 1}`,
    filtered: '符合筛选的人数：',
    type: '证件类别',
    exhibitor: '参展证',
    clear: '清除筛选',
    found: '“oynn”的结果：1',
    title: '欧阳娜娜（H-9000001）',
    photo: '欧阳娜娜的照片',
    reprinted: '补打',
    damaged: '损坏',
  },
} as const;

let desk: StartedDesk | undefined;
afterEach(() => {
  desk?.stop();
  desk = undefined;
});

/** A demo roster with photos, and 欧阳娜娜 (whom the demo's names may not include) with a photo and a reprinted badge. */
async function stationWithRoster(): Promise<{ dataDir: string; exhibitors: number }> {
  const dataDir = join(tempDir('badge-desk-e2e-'), 'station');
  const station = initStation(dataDir, '7', 'system:test', testKek());
  const demo = await writeDemoRoster({ holders: DEMO_HOLDERS, out: tempDir() });
  await importRoster(station, demo.roster, { actor: 'system:test', ...(demo.photos ? { photos: demo.photos } : {}) });
  const photos = join(tempDir('photos-'), 'photos');
  mkdirSync(photos);
  writeFileSync(join(photos, 'H-9000001.jpg'), await jpeg(42));
  const extra = writeCsv([
    HEADER_ZH,
    ['H-9000001', '欧阳娜娜', 'OUYANG NANA', '上海进出口有限公司', '中国', '身份证', '310101199001011234', '参展证', ''],
  ]);
  await importRoster(station, extra, { actor: 'system:test', photos });
  const clock = expoClock();
  const catalog = loadCatalog();
  createBadges(station, catalog, { holder: 'H-9000001', actor: 'system:test', now: clock() });
  reprintBadge(station, catalog, 'H-9000001', { reason: 'damaged', actor: 'system:test', now: clock() + 60_000 });
  const { n } = station.db.statement(`SELECT count(*) AS n FROM holders WHERE type = 'exhibitor'`).get() as { n: number };
  await addDemoUsers(station, 'system:test');
  station.close();
  return { dataDir, exhibitors: n };
}

const status = (page: Page) => page.locator('section[aria-labelledby="roster-title"] [role="status"]').textContent();

describe('the Roster screen, in Chromium', () => {
  it('scrolls the roster by keyboard, filters it, finds 欧阳娜娜 by oynn and opens her file with photo and history, in both languages', async () => {
    const { dataDir, exhibitors } = await stationWithRoster();
    desk = await startDesk(dataDir);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('console', (message) => {
        const from = message.location().url;
        if (message.type() === 'error' && !from.endsWith('/favicon.ico') && !from.includes('/@vite/client'))
          errors.push(message.text());
      });
      await page.goto(desk.address);
      await signIn(page, 'operator');

      for (const language of ['en', 'zh-CN'] as const) {
        const words = WORDS[language];
        await page.getByRole('button', { name: words.language, exact: true }).click();
        await page.getByRole('navigation').getByRole('button', { name: words.roster, exact: true }).click();
        await expect.poll(() => status(page), { timeout: 20_000 }).toContain(words.total);
        const grid = page.getByRole('grid', { name: words.roster, exact: true });
        await expect.poll(() => grid.getByRole('row', { name: /H-0000001/ }).count(), { timeout: 10_000 }).toBe(1);
        await look(page, `roster-${language}`, { fullPage: false });

        if (language === 'en') {
          // Scrolling down past the first page (200 rows) shows the next one's rows at once: it
          // was asked for while the operator was still half a page above it, never "Loading".
          const box = grid.locator('xpath=..');
          await box.evaluate((element) => {
            element.scrollTop = 120 * 36;
          });
          await page.waitForTimeout(1000);
          const loading = await box.evaluate(async (element) => {
            element.scrollTop = 210 * 36;
            const view = globalThis as unknown as { requestAnimationFrame(then: () => void): void };
            await new Promise<void>((done) => view.requestAnimationFrame(() => view.requestAnimationFrame(done)));
            return {
              rows: element.querySelectorAll('tbody tr[id]').length,
              loading: element.querySelectorAll('tbody tr:not([id])').length,
            };
          });
          expect(loading.rows).toBeGreaterThan(5);
          expect(loading.loading).toBe(0);
        }

        // The keyboard alone: to the grid, to its end (the last page, fetched as it comes into view).
        await grid.focus();
        await page.keyboard.press('End');
        await expect.poll(() => grid.getByRole('row', { name: /H-9000001/ }).count(), { timeout: 10_000 }).toBe(1);
        expect(await grid.getByRole('row', { selected: true }).textContent()).toContain('H-9000001');
        await page.keyboard.press('Home');
        expect(await grid.getByRole('row', { selected: true }).textContent()).toContain('H-0000001');

        await page.getByRole('combobox', { name: words.type }).selectOption({ label: words.exhibitor });
        await expect.poll(() => status(page)).toContain(`${words.filtered}${exhibitors}`);
        await page.getByRole('button', { name: words.clear }).click();
        await expect.poll(() => status(page)).toContain(words.total);

        // The roster left at its end while searching comes back there when the search is cleared.
        await grid.focus();
        await page.keyboard.press('End');
        await expect
          .poll(() => grid.getByRole('row', { selected: true }).textContent(), { timeout: 10_000 })
          .toContain('H-9000001');

        // As a user types: pinyin initials find her.
        const search = page.getByRole('searchbox', { name: words.search });
        await search.fill('');
        await search.pressSequentially('oynn', { delay: 40 });
        await expect.poll(() => status(page)).toContain(words.found);
        await search.press('ArrowDown');
        await page.keyboard.press('Enter');
        const file = page.getByRole('dialog', { name: words.title });
        await expect.poll(() => file.isVisible(), { timeout: 10_000 }).toBe(true);
        const photo = file.getByRole('img', { name: words.photo });
        await expect.poll(() => photo.getAttribute('data-drawn'), { timeout: 10_000 }).toBe('true');
        // Drawn, not blank: the photo's pixels are on the canvas.
        type Canvas = { getContext(kind: '2d'): { getImageData(...box: number[]): { data: Uint8ClampedArray } } | null };
        const alpha = await photo.evaluate(
          (canvas) => (canvas as unknown as Canvas).getContext('2d')?.getImageData(144, 192, 1, 1).data[3],
        );
        expect(alpha).toBe(255);
        expect(await file.textContent()).toContain(words.reprinted);
        expect(await file.textContent()).toContain(words.damaged);
        expect(await file.getByRole('row').count()).toBeGreaterThanOrEqual(6);
        await look(page, `roster-detail-${language}`, { fullPage: false });
        await page.keyboard.press('Escape');
        await expect.poll(() => file.isVisible()).toBe(false);
        await search.fill('');
        await expect.poll(() => grid.getByRole('row', { selected: true }).textContent()).toContain('H-9000001');
        await grid.focus();
        await page.keyboard.press('Home');
      }
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 120_000);
});
