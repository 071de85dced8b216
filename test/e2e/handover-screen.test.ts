/**
 * The Handover screen in Chromium against `npm start`: a job printed on demo printers, its
 * pick list in handover order with the lanyards to take from stock; a card scanned at the
 * counter (a scanner's burst of keys) is checked against the holder's photo and handed over
 * on the document's last four characters; the same card again, and a wrong document, are
 * refused in words. Both languages, axe-core clean, screenshots saved.
 */
import { join } from 'node:path';

import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { addDemoUsers } from '../../electron/core/demo/index.ts';
import { demoPort } from '../../electron/devices/index.ts';
import { DemoPrinter } from '../../native/printers/index.ts';
import { launchChromium } from '../support/chromium.ts';
import { look, type StartedDesk, scan, signIn, startDesk } from '../support/desk-page.ts';
import { rawStationDatabase } from '../support/passphrase.ts';
import { pipelineOn, pipelineStation } from '../support/pipeline.ts';
import { tempDir } from '../support/station.ts';

let desk: StartedDesk | undefined;
afterEach(() => {
  desk?.stop();
  desk = undefined;
});

interface Card {
  serial: string;
  name: string;
  doc_number: string;
}

/** The pick list's status line says `counts` (how many cards were collected so far). */
async function countsShow(page: Page, counts: string, timeout: number): Promise<void> {
  await expect.poll(() => page.getByRole('status').filter({ hasText: counts }).count(), { timeout }).toBe(1);
}

const WORDS = {
  en: {
    language: 'English',
    screen: 'Handover',
    serial: 'Scan the card, or type its serial',
    last4: 'Last four characters of the document',
    handOver: 'Hand over',
    counts: (collected: number) => `12 cards issued, ${collected} collected`,
    collected: '✓ Collected',
    already: 'This badge was already collected.',
    mismatch: 'The document does not match: do not hand the badge over.',
    stock: 'Take from stock',
    notActive: 'Not active upstream yet.',
  },
  'zh-CN': {
    language: '中文',
    screen: '发证',
    serial: '扫描证件，或输入编号',
    last4: '证件号码后四位',
    handOver: '发出证件',
    counts: (collected: number) => `已制证 12 张，已领取 ${collected} 张`,
    collected: '✓ 已领取',
    already: '该证件已被领取。',
    mismatch: '证件不符：请勿发出证件。',
    stock: '从库存领取',
    notActive: '上游尚未激活。',
  },
} as const;

describe('the Handover screen, in Chromium', () => {
  it('shows a job’s pick list and hands scanned cards over after the identity check, refusing a second hand-over and a wrong document', async () => {
    const made = await pipelineStation(12, [], { folder: tempDir('badge-handover-e2e-'), photos: true });
    const station = made.open();
    const { jobs, run } = pipelineOn(made, station);
    jobs.createJob({ name: 'counter 3', badges: { unprinted: true }, actor: 'system:test', now: made.clock() });
    await run(
      ['A', 'B'].map((name) => ({
        printer: demoPort(new DemoPrinter({ name, outputDir: tempDir('badge-demo-printer-'), paceMs: 0, durable: false })),
      })),
    );
    await addDemoUsers(station, 'system:test');
    // What a pull from upstream left: nobody activated yet (keys never stop a handover).
    station.db
      .statement(
        `INSERT INTO holder_clearances (holder_id, keys, active, pulled_at) SELECT id, '{"vaccination":true}', 0, 0 FROM holders`,
      )
      .run();
    station.close();
    const db = rawStationDatabase(join(made.dataDir, 'station.db'), { readonly: true });
    const cards = db
      .prepare('SELECT v.serial, h.name, h.doc_number FROM badge_versions v JOIN holders h ON h.id = v.holder ORDER BY v.serial')
      .all() as Card[];
    db.close();

    desk = await startDesk(made.dataDir);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(desk.address);
      await signIn(page, 'operator');
      let collected = 0;
      for (const [n, language] of (['en', 'zh-CN'] as const).entries()) {
        const words = WORDS[language];
        await page.getByRole('button', { name: words.language, exact: true }).click();
        await page.getByRole('navigation').getByRole('button', { name: words.screen, exact: true }).click();
        await countsShow(page, words.counts(collected), 20_000);
        expect(await page.getByRole('heading', { name: words.stock }).count()).toBe(1);
        // Every card of the job in the table, once.
        for (const card of cards) expect(await page.getByRole('cell', { name: card.serial, exact: true }).count()).toBe(1);

        // A scanner's burst, with the focus nowhere in particular: the card is checked here.
        const card = cards[n] as Card;
        await page.locator('h2').click();
        await scan(page, card.serial);
        const check = page.getByRole('form');
        await expect.poll(() => check.getByText(card.name, { exact: true }).count(), { timeout: 10_000 }).toBe(1);
        await expect.poll(() => check.getByRole('img').getAttribute('data-drawn'), { timeout: 10_000 }).toBe('true');
        expect(await page.getByLabel(words.serial).inputValue()).toBe(card.serial);
        expect(await check.getByText(words.notActive, { exact: true }).count()).toBe(1);
        await look(page, `handover-check-${language}`);
        // The last-four box has the focus: type and press Enter.
        await page.keyboard.type(card.doc_number.slice(-4));
        await page.keyboard.press('Enter');
        collected += 1;
        await countsShow(page, words.counts(collected), 10_000);
        const row = page.getByRole('row').filter({ has: page.getByRole('cell', { name: card.serial, exact: true }) });
        expect(await row.getByRole('cell', { name: words.collected }).count()).toBe(1);

        // The same card again: refused in words.
        await page.getByLabel(words.serial).fill(card.serial);
        await page.getByLabel(words.serial).press('Enter');
        await expect.poll(() => page.getByRole('alert').first().textContent(), { timeout: 10_000 }).toContain(words.already);
        await look(page, `handover-${language}`);

        // A document that does not match.
        const other = cards[n + 5] as Card;
        await page.getByLabel(words.serial).fill(other.serial);
        await page.getByLabel(words.serial).press('Enter');
        await expect
          .poll(() => page.getByRole('form').getByText(other.name, { exact: true }).count(), { timeout: 10_000 })
          .toBe(1);
        const wrong = other.doc_number.slice(-4) === '0000' ? '1111' : '0000';
        await page.getByLabel(words.last4).fill(wrong);
        await page.getByRole('button', { name: words.handOver }).click();
        await expect.poll(() => page.getByRole('alert').first().textContent(), { timeout: 10_000 }).toContain(words.mismatch);
      }
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 180_000);
});
