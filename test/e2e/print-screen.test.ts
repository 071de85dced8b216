/**
 * The Print screen in real Chromium against `npm start` on a fresh data folder: demo data in
 * one click, a pasted list with a bad line refused by its number, 20 cards previewed and
 * printed on two demo printers with progress reaching 100 %, the language switched mid-job
 * (the progress keeps going, the words change), each card's lanyard in words, and the ledger
 * verified intact afterwards; axe-core clean, screenshots in both languages.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { look, SCREENSHOTS, type StartedDesk, signIn, startDesk } from '../support/desk-page.ts';
import { tempDir } from '../support/station.ts';

let desk: StartedDesk | undefined;
afterEach(() => {
  desk?.stop();
  desk = undefined;
});

/** The whole job's bar: how many cards are done. */
async function jobDone(page: Page): Promise<number> {
  return Number((await page.locator('[aria-labelledby="print-job-meter-label"]').getAttribute('value')) ?? 0);
}

describe('the Print screen, in Chromium against npm start (on the real clock, as the demo dates its event)', () => {
  it('prints 20 cards on two demo printers to 100 %, switching language mid-job, then the ledger verifies', async () => {
    desk = await startDesk(join(tempDir('badge-print-e2e-'), 'station'));
    const browser = await launchChromium();
    let logged = '';
    desk.process.stdout?.on('data', (chunk) => (logged += chunk));
    desk.process.stderr?.on('data', (chunk) => (logged += chunk));
    let page0: Page | undefined;
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      page0 = page;
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(desk.address);
      await page.getByRole('button', { name: 'English', exact: true }).click();
      await page.getByRole('button', { name: 'Try with demo data' }).click();
      await signIn(page, 'supervisor');
      const nav = page.getByRole('navigation');
      await nav.getByRole('button', { name: 'Print', exact: true }).waitFor({ timeout: 90_000 });
      await nav.getByRole('button', { name: 'Print', exact: true }).click();

      // A pasted list, by keyboard, with one line that is nobody: refused by its line, nothing made.
      const ids = Array.from({ length: 20 }, (_, n) => `H-${String(n + 1).padStart(7, '0')}`);
      await page.getByRole('radio', { name: 'A pasted list' }).check();
      const list = page.getByLabel('Holder ids or badge serials, one a line');
      await list.fill([...ids.slice(0, 3), 'H-9999999', ...ids.slice(3)].join('\n'));
      await page.getByRole('button', { name: 'Make the batch' }).click();
      await expect
        .poll(() => page.getByRole('alert').first().textContent(), { timeout: 20_000 })
        .toMatch(/Nothing was made: 1 lines.*4H-9999999No holder or badge has this id or serial/);
      expect(await page.getByText('No print jobs yet: make a batch below.').count()).toBe(1);

      await list.fill(ids.join('\n'));
      await list.press('Tab');
      await page.getByLabel('Batch name (optional)').fill('Twenty from the e2e');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await expect
        .poll(() => page.locator('[aria-labelledby="print-batch-title"] [role="status"]').textContent(), { timeout: 20_000 })
        .toContain('Batch made: job 1, 20 cards');
      await expect.poll(() => page.getByRole('heading', { level: 3, name: /Job 1: Twenty from the e2e/ }).count()).toBe(1);
      expect(await page.getByRole('heading', { name: /Ready to start/ }).count()).toBe(1);
      // The keyboard goes on from the new job: its printers and Start come next.
      await expect.poll(() => page.evaluate('document.activeElement?.id')).toBe('print-job-title');

      // The first page of its cards, drawn in their real templates.
      await expect
        .poll(
          () =>
            page.evaluate(
              `[...document.querySelectorAll('[aria-labelledby="print-preview-title"] figure img')].filter((img) => img.complete && img.naturalWidth > 0).length`,
            ),
          { timeout: 30_000 },
        )
        .toBe(4);
      await page.getByRole('button', { name: 'Next page' }).click();
      await expect.poll(() => page.getByText('Page 2 of 5').count(), { timeout: 20_000 }).toBe(1);

      // Two printers of the four.
      for (const other of ['Demo-3', 'Demo-4']) await page.getByRole('checkbox', { name: other }).uncheck();
      await page.getByRole('button', { name: 'Start printing' }).click();
      await expect
        .poll(() => page.locator('[aria-labelledby="print-lanyard-title"] [role="status"]').textContent(), { timeout: 30_000 })
        .toMatch(/, .+: lanyard \S+/);
      const lanyardEn = (await page.locator('[aria-labelledby="print-lanyard-title"] [role="status"]').textContent()) ?? '';
      const before = await jobDone(page);
      expect(before).toBeLessThan(20);

      // Mid-job, the language changes: the words do, the progress goes on.
      await page.getByRole('button', { name: '中文', exact: true }).click();
      await expect.poll(() => page.locator('#print-progress-title').textContent()).toBe('进度');
      await expect
        .poll(() => page.locator('[aria-labelledby="print-lanyard-title"] [role="status"]').textContent())
        .toMatch(/挂绳/);
      expect(await page.locator('[aria-labelledby="print-lanyard-title"] [role="status"]').textContent()).not.toBe(lanyardEn);
      await expect.poll(() => jobDone(page), { timeout: 30_000 }).toBeGreaterThan(before);
      expect(await page.getByRole('heading', { name: /正在打印/ }).count()).toBe(1);
      await look(page, 'print-zh-CN');

      await page.getByRole('button', { name: 'English', exact: true }).click();
      await expect.poll(() => jobDone(page), { timeout: 60_000 }).toBe(20);
      await expect.poll(() => page.getByRole('heading', { name: /Job 1: .* · Done/ }).count(), { timeout: 20_000 }).toBe(1);
      expect(await page.locator('#print-job-meter-words').textContent()).toMatch(
        /^20 of 20 cards done · [\d,]+ cards an hour · finished$/,
      );
      expect(await page.getByText(/^Printed 20 · failed 0/).count()).toBe(1);
      // Each printer's bar, with its pace.
      for (const printer of ['Demo-1', 'Demo-2'])
        expect(await page.getByText(new RegExp(`^${printer}: \\d+ cards · idle$`)).count()).toBe(1);
      await look(page, 'print-en');

      await nav.getByRole('button', { name: 'Ledger', exact: true }).click();
      await page.getByRole('button', { name: 'Verify the ledger' }).click();
      await expect
        .poll(() => page.locator('[aria-labelledby="ledger-verify"] [role="status"]').textContent(), { timeout: 30_000 })
        .toMatch(/The ledger is intact: [\d,]+ events/);
      expect(errors).toEqual([]);
    } catch (error) {
      await page0?.screenshot({ path: join(SCREENSHOTS, 'print-failed.png'), fullPage: true });
      console.log('DEBUG', logged.slice(-5000), await page0?.locator('main').textContent());
      throw error;
    } finally {
      await browser.close();
    }
  }, 240_000);

  it("shows a job interrupted by itself when the core is killed mid-job, and resumes it on the operator's word", async () => {
    desk = await startDesk(join(tempDir('badge-print-e2e-'), 'station'));
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(desk.address);
      await page.getByRole('button', { name: 'English', exact: true }).click();
      await page.getByRole('button', { name: 'Try with demo data' }).click();
      await signIn(page, 'supervisor');
      const nav = page.getByRole('navigation');
      await nav.getByRole('button', { name: 'Print', exact: true }).waitFor({ timeout: 90_000 });
      await nav.getByRole('button', { name: 'Print', exact: true }).click();
      await page.getByRole('button', { name: 'Make the batch' }).click();
      await expect
        .poll(() => page.locator('[aria-labelledby="print-batch-title"] [role="status"]').textContent(), { timeout: 20_000 })
        .toContain('Batch made: job 1, 1,000 cards');
      for (const other of ['Demo-2', 'Demo-3', 'Demo-4']) await page.getByRole('checkbox', { name: other }).uncheck();
      await page.getByRole('button', { name: 'Start printing' }).click();
      await expect.poll(() => jobDone(page), { timeout: 30_000 }).toBeGreaterThan(1);

      // The core process (npm start's child running core-process.ts) dies; the host starts it again.
      const core = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(desk.process.pid)], { encoding: 'utf8' })
        .split('\n')
        .find((line) => line.includes('core-process'));
      expect(core).toBeDefined();
      process.kill(Number(core?.trim().split(/\s+/)[0]), 'SIGKILL');
      await expect
        .poll(() => page.getByRole('heading', { level: 3, name: 'Job 1: Not yet printed: every type · Interrupted' }).count(), {
          timeout: 30_000,
        })
        .toBe(1);
      expect(await page.getByText(/^Interrupted: this job was printing when the station stopped/).count()).toBe(1);
      const stopped = await jobDone(page);
      await page.waitForTimeout(1500);
      expect(await jobDone(page)).toBe(stopped);
      await look(page, 'print-interrupted-en');

      await page.getByRole('button', { name: 'Resume' }).click();
      await expect.poll(() => jobDone(page), { timeout: 30_000 }).toBeGreaterThan(stopped);
      await page.getByRole('button', { name: 'Pause' }).click();
      await expect
        .poll(() => page.getByRole('heading', { level: 3, name: /Job 1: .* · Paused/ }).count(), { timeout: 20_000 })
        .toBe(1);
    } catch (error) {
      const [page] = browser.contexts()[0]?.pages() ?? [];
      await page?.screenshot({ path: join(SCREENSHOTS, 'print-interrupted-failed.png'), fullPage: true });
      throw error;
    } finally {
      await browser.close();
    }
  }, 240_000);
});
