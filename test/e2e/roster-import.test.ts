/**
 * Importing a roster on the Roster screen, in real Chromium against `npm start`'s browser
 * mode on a fresh data folder with demo data: a CSV with a bad row chosen in the file
 * picker, its row and column in the problems table, the problems saved as CSV; a picture
 * refused in the import's words; another page kept waiting by the import shown its
 * progress, not an error; and a badge scanned (a burst of keys and Enter) opening its
 * holder's file. In both languages, axe-core clean, with screenshots.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { look, SCREENSHOTS, type StartedDesk, scan, signIn, startDesk } from '../support/desk-page.ts';
import { csvText, HEADER_ZH } from '../support/roster.ts';
import { tempDir } from '../support/station.ts';

const WORDS = {
  en: {
    language: 'English',
    roster: 'Roster',
    choose: 'Import a roster…',
    search: 'Find a holder',
    dropNow: 'Drop the roster (and its photos zip) to import it.',
    imported: 'new-staff.csv imported, but some rows were left out',
    counts: '3 rows: 2 added, 0 changed, 0 unchanged, 1 left out.',
    problems: 'Rows left out, and why',
    fix: /^Not a badge type: use one of guest \(特邀嘉宾证\), exhibitor \(参展证\), /,
    save: 'Save the problems as CSV',
    close: 'Close',
    refused: 'floor-plan.png was not imported; the roster is as it was.',
    unknown: 'Scanned V-007-0999999-1: No badge of this station has the serial V-007-0999999-1',
  },
  'zh-CN': {
    language: '中文',
    roster: '名单',
    choose: '导入名单…',
    search: '查找持证人',
    dropNow: '松开即可导入名单（及其照片压缩包）。',
    imported: 'new-staff.csv 已导入，但有些行未导入',
    // The same file a second time: the two good rows are in already.
    counts: '共 3 行：新增 0，更新 0，不变 2，未导入 1。',
    problems: '未导入的行及原因',
    fix: /^不是证件类别：请使用以下之一：guest \(特邀嘉宾证\), exhibitor \(参展证\), /,
    save: '将问题另存为 CSV',
    close: '关闭',
    refused: 'floor-plan.png 未导入；名单保持原样。',
    unknown: '扫描的 V-007-0999999-1：No badge of this station has the serial V-007-0999999-1',
  },
} as const;

let desk: StartedDesk | undefined;
afterEach(() => {
  desk?.stop();
  desk = undefined;
});

const person = (id: string, name: string, type: string) => [
  id,
  name,
  '',
  '湖南商会',
  '中国',
  '身份证',
  `43010119900101${id.slice(-4)}`,
  type,
  '',
];

describe('importing a roster on the Roster screen, in Chromium (on the real clock, as the demo dates its event)', () => {
  it('imports a CSV with a bad row by the file picker, shows and saves its problems, refuses a picture, shows the import as progress elsewhere, and jumps to a scanned badge', async () => {
    const folder = tempDir('badge-desk-import-');
    desk = await startDesk(join(folder, 'station'));
    const files = tempDir('import-files-');
    const csv = join(files, 'new-staff.csv');
    writeFileSync(
      csv,
      `\uFEFF${csvText([
        HEADER_ZH,
        person('N-0001', '司马光', '观展证'),
        person('N-0002', '李清照', '宇航员证'),
        person('N-0003', '苏轼', '参展证'),
      ])}`,
    );
    const png = join(files, 'floor-plan.png');
    writeFileSync(
      png,
      await sharp({ create: { width: 40, height: 40, channels: 3, background: '#cc3300' } })
        .png()
        .toBuffer(),
    );
    const big = join(files, 'whole-fair.csv');
    const rows = [HEADER_ZH];
    for (let n = 1; n <= 150_000; n += 1) rows.push(person(`F-${String(n).padStart(6, '0')}`, `访客${n}`, '观展证'));
    writeFileSync(big, csvText(rows));

    const browser = await launchChromium();
    try {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(`${error.message} ${error.stack}`));
      await page.goto(desk.address);
      await page.getByRole('button', { name: 'English', exact: true }).click();
      await page.getByRole('button', { name: 'Try with demo data' }).click();
      await signIn(page, 'supervisor');
      await expect.poll(() => page.getByRole('navigation').count(), { timeout: 90_000 }).toBe(1);

      for (const language of ['en', 'zh-CN'] as const) {
        const words = WORDS[language];
        await page.getByRole('button', { name: words.language, exact: true }).click();
        await page.getByRole('navigation').getByRole('button', { name: words.roster, exact: true }).click();
        // A picture dragged from the desktop and dropped on the screen.
        // Made in the page (a string: this side has no DOM types), as the browser makes one for a drop.
        const dropped = await page.evaluateHandle(`(() => {
          const transfer = new DataTransfer();
          const data = Uint8Array.from(atob('${readFileSync(png).toString('base64')}'), (c) => c.charCodeAt(0));
          transfer.items.add(new File([data], 'floor-plan.png', { type: 'image/png' }));
          return transfer;
        })()`);
        const search = page.getByRole('searchbox', { name: words.search });
        await search.dispatchEvent('dragover', { dataTransfer: dropped });
        expect(await page.getByText(words.dropNow).count()).toBe(1);
        await search.dispatchEvent('drop', { dataTransfer: dropped });
        await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 20_000 }).toContain(words.refused);
        expect(await page.getByRole('alert').textContent()).toContain(
          'floor-plan.png is not a roster: it holds binary data, not text. Export the roster as CSV or XLSX.',
        );

        // The picker behind the button: playwright sets its files as a person choosing them would.
        await page.getByLabel(words.choose).setInputFiles(csv);
        const outcome = page.getByRole('region', { name: words.imported });
        await expect.poll(() => outcome.count(), { timeout: 30_000 }).toBe(1);
        expect(await outcome.textContent()).toContain(words.counts);
        const problems = page.getByRole('table', { name: words.problems });
        const bad = problems.getByRole('row').nth(1);
        expect(await bad.getByRole('cell').allTextContents()).toEqual([
          '3',
          'H · 类别',
          '宇航员证',
          expect.stringMatching(words.fix),
        ]);
        await look(page, `roster-import-${language}`);

        const [download] = await Promise.all([
          page.waitForEvent('download'),
          outcome.getByRole('button', { name: words.save }).click(),
        ]);
        expect(download.suggestedFilename()).toBe('new-staff-problems.csv');
        const saved = readFileSync(await download.path(), 'utf8');
        expect(saved.split('\r\n').slice(0, 2)).toEqual([
          '\uFEFFrow,column,header,value,reason',
          expect.stringMatching(/^3,H,类别,宇航员证,"is not a badge type; known types are guest .*"$/),
        ]);
        await outcome.getByRole('button', { name: words.close }).click();
      }

      // A badge scanned anywhere: a burst of keys and Enter, with the focus on the language switch.
      await page.getByRole('button', { name: 'English', exact: true }).click();
      await page.getByRole('navigation').getByRole('button', { name: 'Roster', exact: true }).click();
      const grid = page.getByRole('grid', { name: 'Roster', exact: true });
      const first = grid.getByRole('row', { name: /H-/ }).first();
      await expect.poll(() => first.textContent(), { timeout: 20_000 }).toMatch(/[A-Z]-007-\d{7}-\d/);
      const serial = /[A-Z]-007-\d{7}-\d/.exec((await first.textContent()) ?? '')?.[0] as string;
      const holder = /H-\d+/.exec((await first.textContent()) ?? '')?.[0] as string;
      await page.getByRole('navigation').getByRole('button', { name: 'Ledger', exact: true }).click();
      await page.getByRole('button', { name: 'English', exact: true }).focus();
      await scan(page, serial);
      const file = page.getByRole('dialog', { name: new RegExp(`\\(${holder}\\)`) });
      await expect.poll(() => file.isVisible(), { timeout: 10_000 }).toBe(true);
      await page.keyboard.press('Escape');
      // A person typing the same, 90 ms a key, then Enter: no jump (the Enter is the focused button's).
      await page.getByRole('navigation').getByRole('button', { name: 'Ledger', exact: true }).click();
      await scan(page, serial, 90);
      await scan(page, serial.slice(0, 5), 8);
      expect(await page.getByRole('heading', { name: 'Roster', exact: true }).count()).toBe(0);
      expect(await file.isVisible()).toBe(false);
      for (const language of ['en', 'zh-CN'] as const) {
        await page.getByRole('button', { name: WORDS[language].language, exact: true }).click();
        await scan(page, 'V-007-0999999-1');
        await expect.poll(() => page.getByRole('alert').textContent()).toContain(WORDS[language].unknown);
      }

      // A large roster holds the station: another page's calls wait, shown as progress.
      await page.getByRole('button', { name: 'English', exact: true }).click();
      const other = await context.newPage();
      await other.goto(desk.address);
      // A new tab is a new sign-in (the session is the tab's own).
      await signIn(other, 'supervisor');
      await other.getByRole('navigation').getByRole('button', { name: 'Ledger', exact: true }).click();
      await page.getByLabel(WORDS.en.choose).setInputFiles(big);
      await expect
        .poll(() => page.getByRole('status').allTextContents(), { timeout: 60_000 })
        .toContainEqual(expect.stringMatching(/^Importing whole-fair\.csv: /));
      await other.getByRole('navigation').getByRole('button', { name: 'Roster', exact: true }).click();
      await expect
        .poll(() => other.getByRole('status').allTextContents(), { timeout: 30_000 })
        .toContainEqual(expect.stringMatching(/^Importing the roster, \d+%/));
      expect(await other.getByRole('alert').count()).toBe(0);
      await other.screenshot({ path: join(SCREENSHOTS, 'roster-import-busy-en.png') });
      // Once done, the waiting page fills in by itself, the banner gone.
      await expect
        .poll(() => other.getByRole('status').allTextContents(), { timeout: 120_000 })
        .toContainEqual(expect.stringMatching(/^Holders on the roster: 151,002/));
      expect(await other.getByText(/^Importing the roster/).count()).toBe(0);
      // No page error anywhere on the way, the Today screen's charts left behind included.
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 300_000);
});
