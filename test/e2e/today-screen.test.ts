/**
 * The Today screen in real Chromium against `npm start` on a fresh data folder: demo data
 * in one click, the office's picture before anything is printed, then a print run on
 * Demo-1 (whose encoder finds a bad chip every 25th blank card) started from a second
 * desk connection, which the screen picks up by itself: cards issued by hour and type,
 * Demo-1's pace, the bad chip with its reason, fewer holders waiting.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { SCREENSHOTS, type StartedDesk, seriousViolations, signIn, startDesk } from '../support/desk-page.ts';
import { tempDir } from '../support/station.ts';

let desk: StartedDesk | undefined;
afterEach(() => {
  desk?.stop();
  desk = undefined;
});

/** The figure above a tile's words ("1,000" above "Holders without a badge"). */
function tile(page: Page, words: string) {
  return page
    .getByRole('list', { name: /Today at a glance|今日概况/ })
    .getByRole('listitem')
    .filter({ hasText: words });
}

/**
 * Calls the core as a second desk window would: its own socket on the page's origin with
 * the launch's token (the page's own client is not reachable from outside its modules).
 */
async function callFromPage(page: Page, method: string, params: unknown): Promise<unknown> {
  // As text: the tests are typed without the DOM's names; this runs in the page.
  return page.evaluate(`(async () => {
    const token = new URLSearchParams(location.hash.slice(1)).get('token') ?? '';
    const socket = new WebSocket('ws://' + location.host + '/rpc?token=' + encodeURIComponent(token));
    await new Promise((resolve, reject) => { socket.onopen = resolve; socket.onerror = reject; });
    const answer = await new Promise((resolve) => {
      socket.onmessage = (event) => {
        const frame = JSON.parse(String(event.data));
        if (frame.id === 1) resolve(frame);
      };
      // As the same person: the session this tab signed in to.
      socket.send(JSON.stringify({ kind: 'call', id: 0, method: 'session.resume', params: { token: sessionStorage.getItem('badge-station.session') } }));
      socket.send(JSON.stringify({ kind: 'call', id: 1, method: ${JSON.stringify(method)}, params: ${JSON.stringify(params)} }));
    });
    socket.close();
    if (answer.kind !== 'result') throw new Error(${JSON.stringify(method)} + ': ' + answer.error?.message);
    return answer.result;
  })()`);
}

/**
 * The station's clock starts at ten in the morning (local time, a day with no clock change
 * near it), so the print run's 26 cards fall in one hour and one day whenever the suite
 * runs; on the real clock a run at 22:59 or 23:59 split them (a CI run did).
 */
const TEN_IN_THE_MORNING = new Date(2027, 5, 15, 10, 0, 0);

describe('the Today screen, in Chromium against npm start (the station clock starting at 10:00)', () => {
  it('shows a fresh demo station, then picks up a print run by itself: issued by hour and type, pace, a bad chip with its reason', async () => {
    desk = await startDesk(join(tempDir('badge-today-'), 'station'), { startsAt: TEN_IN_THE_MORNING });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(desk.address);
      await page.getByRole('button', { name: 'English', exact: true }).click();
      await page.getByRole('button', { name: 'Try with demo data' }).click();
      await signIn(page, 'supervisor');
      await expect.poll(() => page.getByRole('status').textContent(), { timeout: 60_000 }).toContain('Station 007');

      // Before anything is printed: nothing issued, every holder waiting, four idle printers.
      expect(await page.getByRole('navigation').getByRole('button', { name: 'Today' }).getAttribute('aria-current')).toBe('page');
      await expect.poll(() => tile(page, 'Holders without a badge').textContent()).toMatch(/^1,000/);
      expect(await tile(page, 'Cards issued today').textContent()).toMatch(/^0/);
      expect(await page.getByRole('row', { name: /^Demo-4 Idle/ }).count()).toBe(1);
      expect(await page.getByText('No rejects today.').count()).toBe(1);

      // 26 badges on Demo-1: its 25th blank card is a bad chip, so one badge takes a second card.
      const roster = (await callFromPage(page, 'roster.page', { offset: 0, limit: 26 })) as { rows: { id: string }[] };
      const batch = (await callFromPage(page, 'print.batch', {
        name: 'Morning desk',
        from: { kind: 'list', text: roster.rows.map((row) => row.id).join('\n') },
      })) as { made: boolean; job: number };
      expect(batch.made).toBe(true);
      await callFromPage(page, 'print.start', { job: batch.job, printers: ['Demo-1'] });

      // No reload, no click: the screen asks again by itself.
      await expect
        .poll(() => tile(page, 'Cards issued today').textContent(), { timeout: 90_000, interval: 1_000 })
        .toMatch(/^26/);
      await expect.poll(() => tile(page, 'Holders without a badge').textContent(), { timeout: 15_000 }).toMatch(/^974/);
      await expect.poll(() => tile(page, 'Rejects today').textContent(), { timeout: 15_000 }).toMatch(/^1/);
      const rejects = page.getByRole('region', { name: 'Rejects today' });
      expect(await rejects.getByRole('table').first().getByRole('row').allTextContents()).toEqual([
        'ReasonCards',
        'Bad chipthe chip could not be written1',
      ]);
      // The charts' figures, as a screen reader finds them: the 26 in the hour from 10:00
      // (hours before it are listed, empty), and per badge type.
      const byHour = page.getByRole('table', { name: 'Cards issued by hour' });
      const hourRows = (await byHour.getByRole('row').allTextContents()).map((row) => row.trim());
      // "10:0026": the hour's start, then its count.
      const issuedHours = hourRows.slice(1).filter((row) => !/^\d\d:000$/.test(row));
      expect(hourRows[0]).toBe('Hour fromCards issued');
      expect(hourRows).toHaveLength(12);
      expect(issuedHours).toEqual(['10:0026']);
      const byType = await page
        .getByRole('table', { name: 'Cards issued today by badge type' })
        .getByRole('row')
        .allTextContents();
      expect(byType).toContain('Badge typeCards issued');
      expect(byType.slice(1).reduce((sum, row) => sum + Number(/\d+$/.exec(row.replace(/,/g, ''))?.[0] ?? 0), 0)).toBe(26);
      // Demo-1's pace: its cards in the last hour.
      expect(await page.getByRole('row', { name: /^Demo-1 \S+ 26 / }).count()).toBe(1);

      for (const [language, button, words] of [
        ['en', 'English', /Cards issued by hour/],
        ['zh-CN', '中文', /每小时发证数/],
      ] as const) {
        await page.getByRole('button', { name: button, exact: true }).click();
        await expect.poll(() => page.locator('main').textContent()).toMatch(words);
        await page.evaluate('document.fonts.ready');
        expect(await page.getAttribute('html', 'lang')).toBe(language);
        // The charts draw their labels on a canvas, which asks for no font by itself: the
        // page's CJK font must be loaded for them, or they show as boxes.
        const labels = (await page.locator('figure tbody th').allTextContents()).join('');
        await expect
          .poll(() => page.evaluate(`document.fonts.check('16px "Noto Sans SC"', ${JSON.stringify(labels)})`), {
            timeout: 10_000,
          })
          .toBe(true);
        await page.screenshot({ path: join(SCREENSHOTS, `today-${language}.png`), fullPage: true });
        expect(await seriousViolations(page)).toEqual([]);
      }
      expect(await page.getByRole('region', { name: '今日废卡' }).getByText('坏芯片').count()).toBe(1);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 240_000);
});
