/**
 * The Backups screen in real Chromium against `npm start` on a fresh data folder with demo
 * data: off until the administrator chooses a folder (a bad plan refused by its field or in
 * the core's words), Back up now listed with its ledger events and photos, four backups of
 * which three are kept, a supervisor who sees the plan but cannot change it and backs up
 * all the same, an operator who has no Backups screen, and a folder that cannot be written
 * said in an alert; axe-core clean, screenshots in both languages.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { look, type StartedDesk, signIn, startDesk } from '../support/desk-page.ts';
import { tempDir } from '../support/station.ts';

let desk: StartedDesk | undefined;
afterEach(() => {
  desk?.stop();
  desk = undefined;
});

/**
 * A backup folder that is not there, as a drive not plugged in (and that nobody, not even
 * root as CI runs, can make: /dev/null is a file).
 */
const NOT_THERE = '/dev/null/badge-backups';

/** "12,345" as 12345. */
const whole = (text: string) => Number(text.replace(/[,\s]/g, ''));

async function openBackups(page: Page, name = 'Backups'): Promise<void> {
  const button = page.getByRole('navigation').getByRole('button', { name, exact: true });
  await button.waitFor({ timeout: 120_000 });
  await button.click();
  await page.getByRole('heading', { level: 2, name }).waitFor();
}

/** A new tab (its own session), signed in as `role` on the English page. */
async function signedIn(browser: Browser, address: string, role: 'supervisor' | 'operator'): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(address);
  await page.getByRole('button', { name: 'English', exact: true }).click();
  await signIn(page, role);
  return page;
}

/** The data rows of the list of backups, each as its cells' texts. */
async function listed(page: Page): Promise<string[][]> {
  const table = page.getByRole('region', { name: /^(Backups in the folder|文件夹中的备份)$/ }).getByRole('table');
  if ((await table.count()) === 0) return [];
  const rows = table.locator('tbody tr');
  const out: string[][] = [];
  for (let n = 0; n < (await rows.count()); n++) out.push(await rows.nth(n).getByRole('cell').allTextContents());
  return out;
}

/** Clicks Back up now and gives back what the page said it did. */
async function backUpNow(page: Page, before?: string) {
  const done = page.getByRole('status').filter({ hasText: /^Backed up to / });
  await page.getByRole('button', { name: 'Back up now', exact: true }).click();
  // While it runs the button says so, and is not pressed twice.
  let said = '';
  await expect
    .poll(
      async () => {
        said = (await done.count()) === 1 ? ((await done.textContent()) ?? '') : '';
        return said !== '' && !said.includes(`${before ?? '\0'} `);
      },
      { timeout: 180_000, interval: 250 },
    )
    .toBe(true);
  const found = /^Backed up to (\S+) in ([\d.,]+) s: ([\d,]+) ledger events and ([\d,]+) photos, ([\d,]+) of them copied/.exec(
    said,
  );
  if (!found) throw new Error(`Back up now said: ${said}`);
  return {
    path: found[1] as string,
    events: whole(found[3] as string),
    photos: whole(found[4] as string),
    copied: whole(found[5] as string),
  };
}

/** Backup folders are named by the second: the next backup waits for the next second. */
const nextSecond = () => new Promise((resolve) => setTimeout(resolve, 1_100));

describe('the Backups screen, in Chromium against npm start (on the real clock)', () => {
  it('is off until a folder is chosen, backs up and keeps 3, read-only for a supervisor, hidden from an operator, says a failed backup', async () => {
    desk = await startDesk(join(tempDir('badge-backups-e2e-'), 'station'));
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(desk.address);
      await page.getByRole('button', { name: 'English', exact: true }).click();
      await page.getByRole('button', { name: 'Try with demo data' }).click();
      await signIn(page, 'admin');
      await openBackups(page);

      // Off: said as an alert, with where to choose the folder; no Back up now yet.
      await expect
        .poll(() => page.getByRole('alert').allTextContents(), { timeout: 30_000 })
        .toContainEqual(expect.stringMatching(/^Backups are off: choose a backup folder on another drive\. Choose it below/));
      expect(await page.getByText('No backup yet.').count()).toBe(1);
      expect(await page.getByRole('button', { name: 'Back up now' }).count()).toBe(0);
      expect(await page.getByText('No backups: no folder is chosen.').count()).toBe(1);
      await look(page, 'backups-off-en');

      // A bad plan: a number out of bounds is said by its field; a folder that is not a full path, in the core's words.
      const plan = page.getByRole('form', { name: 'Backup plan' });
      const to = tempDir('badge-backups-to-');
      await plan.getByLabel('Backup folder').fill('backups');
      await plan.getByLabel('Back up every (minutes)').fill('60');
      await plan.getByLabel('Backups kept').fill('0');
      await plan.getByRole('button', { name: 'Save' }).click();
      expect(await plan.getByLabel('Backups kept').getAttribute('aria-invalid')).toBe('true');
      await expect
        .poll(() => plan.getByLabel('Backups kept').evaluate((input) => input.getAttribute('aria-describedby')))
        .toMatch(/problem/);
      expect(await plan.getByText('Give a whole number from 1 to 1,000.').count()).toBe(1);
      await plan.getByLabel('Backups kept').fill('3');
      await plan.getByRole('button', { name: 'Save' }).click();
      await expect
        .poll(() => page.getByRole('alert').allTextContents())
        .toContainEqual(expect.stringMatching(/^The plan was not changed:.*must be a full path/));

      await plan.getByLabel('Backup folder').fill(to);
      await plan.getByRole('button', { name: 'Save' }).click();
      await expect
        .poll(() => page.getByRole('status').allTextContents())
        .toContainEqual(`Saved: backups go to ${to} every 60 minutes; the newest 3 are kept.`);
      await expect.poll(() => page.getByText(/^Backups are off/).count(), { timeout: 15_000 }).toBe(0);

      // The first backup: the ledger and every photo of the demo.
      const first = await backUpNow(page);
      expect(first.path.startsWith(join(to, 'station-'))).toBe(true);
      expect(existsSync(join(first.path, 'manifest.json'))).toBe(true);
      expect(first.events).toBeGreaterThan(0);
      expect(first.photos).toBeGreaterThan(0);
      expect(first.copied).toBe(first.photos);
      await expect.poll(() => listed(page), { timeout: 15_000 }).toHaveLength(1);
      const [row] = await listed(page);
      expect(whole(row?.[1] ?? '')).toBe(first.events);
      expect(whole(row?.[2] ?? '')).toBe(first.photos);
      expect(row?.[3]).toMatch(/^[\d.,]+ MB$/);
      expect(row?.[4]).toBe(first.path);
      await expect.poll(() => page.getByText(/^Last backup: .* \((this minute|\d+ minutes? ago)\)\.$/).count()).toBe(1);
      // The day is said too when the next one falls on the next day (an hour before midnight).
      expect(
        await page.getByText(/Next one due at (\w{3} \d{1,2}, )?\d\d:\d\d:\d\d \(in (1 hour|\d+ minutes)\)\.$/).count(),
      ).toBe(1);

      // Three more: the list keeps the newest 3, the first gone from the folder too.
      let last = first;
      for (let n = 0; n < 3; n++) {
        await nextSecond();
        const made = await backUpNow(page, last.path);
        expect(made.path).not.toBe(last.path);
        expect(made.copied).toBe(0); // the photos were in the folder already
        expect(made.events).toBeGreaterThan(last.events); // each backup is in the ledger too
        last = made;
      }
      await expect.poll(async () => (await listed(page)).length, { timeout: 15_000 }).toBe(3);
      const kept = await listed(page);
      expect(kept[0]?.[4]).toBe(last.path); // newest first
      expect(kept.map((cells) => cells[4])).not.toContain(first.path);
      expect(existsSync(first.path)).toBe(false);
      expect(readdirSync(join(first.path, '..')).filter((name) => name !== 'photos')).toHaveLength(3);

      for (const [language, button, words] of [
        ['en', 'English', /Backups in the folder/],
        ['zh-CN', '中文', /文件夹中的备份/],
      ] as const) {
        await page.getByRole('button', { name: button, exact: true }).click();
        await expect.poll(() => page.locator('main').textContent()).toMatch(words);
        expect(await page.getAttribute('html', 'lang')).toBe(language);
        await look(page, `backups-${language}`);
      }
      expect(await page.getByText(/^上次备份：/).count()).toBe(1);
      expect(await page.getByRole('button', { name: '立即备份' }).count()).toBe(1);
      await page.getByRole('button', { name: 'English', exact: true }).click();

      // A supervisor sees the plan, cannot change it, and backs up all the same.
      const supervisor = await signedIn(browser, desk.address, 'supervisor');
      await openBackups(supervisor);
      const facts = supervisor.getByRole('region', { name: 'Backup plan' });
      await expect.poll(() => facts.textContent(), { timeout: 15_000 }).toContain(to);
      expect(await facts.textContent()).toMatch(/Every 60 minutes.*The newest 3.*Only the station's admin changes the plan\./);
      expect(await supervisor.getByRole('button', { name: 'Save' }).count()).toBe(0);
      expect(await supervisor.locator('main').getByRole('textbox').count()).toBe(0);
      await nextSecond();
      const bySupervisor = await backUpNow(supervisor, last.path);
      expect(bySupervisor.photos).toBe(first.photos);
      await expect.poll(async () => (await listed(supervisor))[0]?.[4], { timeout: 15_000 }).toBe(bySupervisor.path);
      expect(await listed(supervisor)).toHaveLength(3);
      await look(supervisor, 'backups-supervisor-en');
      await supervisor.close();

      // An operator has no Backups screen.
      const operator = await signedIn(browser, desk.address, 'operator');
      const nav = operator.getByRole('navigation', { name: 'Screens' });
      await nav.getByRole('button').first().waitFor();
      expect(await nav.getByRole('button', { name: 'Backups' }).count()).toBe(0);
      await operator.close();

      // The drive goes: the plan points at a folder nothing can write; Back up now says why, and so does the screen's top.
      await plan.getByLabel('Backup folder').fill(NOT_THERE);
      await plan.getByRole('button', { name: 'Save' }).click();
      await expect
        .poll(() => page.getByRole('status').allTextContents())
        .toContainEqual(`Saved: backups go to ${NOT_THERE} every 60 minutes; the newest 3 are kept.`);
      await page.getByRole('button', { name: 'Back up now', exact: true }).click();
      const failed = page.getByRole('alert').filter({ hasText: /^The backup could not be written/ });
      await expect.poll(() => failed.count(), { timeout: 60_000 }).toBe(1);
      expect(await failed.textContent()).toContain(`The backup folder ${NOT_THERE} is not there: plug in the backup drive`);
      const top = page.getByRole('alert').filter({ hasText: /^The last backup failed at \d\d:\d\d:\d\d:/ });
      await expect.poll(() => top.count(), { timeout: 15_000 }).toBe(1);
      expect(await top.textContent()).toContain(`The backup folder ${NOT_THERE} is not there`);
      // The last backup that worked is still the one shown.
      expect(await page.getByText(/^Last backup: /).count()).toBe(1);
      for (const [language, button, words] of [
        ['en', 'English', /The last backup failed at/],
        ['zh-CN', '中文', /上次备份于 .* 失败/],
      ] as const) {
        await page.getByRole('button', { name: button, exact: true }).click();
        await expect.poll(() => page.locator('main').textContent()).toMatch(words);
        await look(page, `backups-failed-${language}`);
      }
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 420_000);
});
