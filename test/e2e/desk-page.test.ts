/**
 * `npm start` in browser mode, in real Chromium: the page this launch printed (with its
 * token) reaches the station core over the desk socket; the same page without the token
 * is told where to find it.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { initStation } from '../../electron/core/station/index.ts';
import { launchChromium } from '../support/chromium.ts';
import { look, openIfSealed, SCREENSHOTS, type StartedDesk, seriousViolations, startDesk } from '../support/desk-page.ts';
import { testKek } from '../support/passphrase.ts';
import { tempDir } from '../support/station.ts';

let desk: StartedDesk | undefined;

afterEach(() => {
  desk?.stop();
  desk = undefined;
});

/** `npm start` on a new station 007 in a fresh data folder. */
async function deskOnNewStation(prefix: string): Promise<StartedDesk> {
  const dataDir = join(tempDir(prefix), 'station');
  initStation(dataDir, '7', 'system:test', testKek()).close();
  return startDesk(dataDir);
}

describe('npm start in browser mode, in Chromium', () => {
  it("the page with this launch's token shows the station behind it; without the token it says where to look", async () => {
    desk = await deskOnNewStation('badge-desk-e2e-');
    const { address } = desk;
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      // Script errors and failed requests (the browser's own favicon guess apart).
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('response', (response) => {
        if (response.status() >= 400 && !response.url().endsWith('/favicon.ico'))
          errors.push(`${response.status()} ${response.url()}`);
      });
      await page.goto(address);
      // A station nobody can sign in to yet: its admin first, in either language.
      const firstAdmin = page.getByRole('region', { name: /^(Make this station's admin|设置本工位的管理员)$/ });
      // Its data is sealed: opened with its passphrase first.
      await openIfSealed(page, firstAdmin);
      expect(await page.getByRole('navigation').count()).toBe(0);
      for (const [language, button] of [
        ['zh-CN', '中文'],
        ['en', 'English'],
      ] as const) {
        await page.getByRole('button', { name: button, exact: true }).click();
        await look(page, `first-admin-${language}`);
      }
      await firstAdmin.getByLabel('Sign-in name').fill('chen.jie');
      await firstAdmin.getByLabel('Password', { exact: true }).fill('counter-7-admin');
      await firstAdmin.getByLabel('The same password again').fill('counter-7-admim');
      await firstAdmin.getByRole('button', { name: 'Make the admin and sign in' }).click();
      await expect.poll(() => firstAdmin.getByRole('alert').textContent()).toContain('not the same');
      await firstAdmin.getByLabel('The same password again').fill('counter-7-admin');
      await firstAdmin.getByRole('button', { name: 'Make the admin and sign in' }).click();
      await expect.poll(() => page.getByRole('status').first().textContent(), { timeout: 20_000 }).toContain('007');
      expect(await page.getByRole('region', { name: 'Signed in' }).textContent()).toContain('chen.jie · Admin');
      // Both languages, switched on the page without a reload; each one looked at and checked.
      const loads: string[] = [];
      page.on('load', () => loads.push(page.url()));
      for (const [language, button, words] of [
        ['en', 'English', 'Station 007'],
        ['zh-CN', '中文', '工作站 007'],
      ] as const) {
        await page.getByRole('button', { name: button }).click();
        await expect.poll(() => page.getByRole('status').textContent()).toContain(words);
        await page.evaluate('document.fonts.ready');
        expect(await page.getAttribute('html', 'lang')).toBe(language);
        // The page's own CJK font, loaded for the Chinese it shows (the 中文 button on both;
        // the station line in Chinese): no boxes where Chinese should be.
        const shown = language === 'en' ? '中文' : '工作站中文';
        expect(await page.evaluate(`document.fonts.check('16px "Noto Sans SC"', '${shown}')`)).toBe(true);
        const loaded = `[...document.fonts].filter((face) => face.family.includes('Noto Sans SC') && face.status === 'loaded').length`;
        expect(await page.evaluate(loaded)).toBeGreaterThan(0);
        await page.screenshot({ path: join(SCREENSHOTS, `home-${language}.png`), fullPage: true });
        expect(await seriousViolations(page)).toEqual([]);
      }
      expect(loads).toEqual([]);
      expect(errors).toEqual([]);

      await page.goto(address.replace(/#token=.*/, ''));
      await page.reload();
      await expect.poll(() => page.getByRole('status').textContent(), { timeout: 20_000 }).toMatch(/npm start/);
    } finally {
      await browser.close();
    }
  }, 90_000);

  it("in the desktop app the page reaches the station through the preload's bridge, not a socket of its own", async () => {
    desk = await deskOnNewStation('badge-desk-bridge-');
    const url = new URL(desk.address);
    const token = new URLSearchParams(url.hash.slice(1)).get('token') ?? '';
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      // window.station as electron/preload gives it (send, onFrame: frames as strings), carried
      // here by a socket of the test's own where Electron's port would be. The page is opened
      // without the launch's token: only the bridge can take it to the station.
      await page.addInitScript(`(() => {
        const socket = new WebSocket('ws://' + location.host + '/rpc?token=' + ${JSON.stringify(encodeURIComponent(token))});
        const early = [];
        const listeners = new Set();
        socket.addEventListener('open', () => { for (const frame of early.splice(0)) socket.send(frame); });
        socket.addEventListener('message', (event) => { for (const listener of listeners) listener(String(event.data)); });
        window.__bridgeFrames = 0;
        const connection = Object.freeze({
          send(frame) {
            window.__bridgeFrames += 1;
            if (socket.readyState === WebSocket.OPEN) socket.send(frame); else early.push(frame);
          },
          onFrame(listener) { listeners.add(listener); return () => listeners.delete(listener); },
        });
        Object.defineProperty(window, 'station', { value: Object.freeze({ version: '1.2.3', connection }) });
      })()`);
      await page.goto(`${url.origin}/`);
      // The station answered through the bridge: sealed, then (opened) it has nobody yet, so its first admin is asked for.
      await openIfSealed(page, page.getByRole('region', { name: "Make this station's admin" }));
      expect(await page.evaluate('window.__bridgeFrames')).toBeGreaterThan(0);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 90_000);

  it('a station core given up on is said over every screen, in both languages, with a button that opens its log folder', async () => {
    desk = await deskOnNewStation('badge-desk-failed-');
    const url = new URL(desk.address);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      // The preload's bridge, in front of a host that has given up on its core: every call is
      // answered CORE_FAILED with the host's words, as the supervisor answers them.
      await page.addInitScript(`(() => {
        const listeners = new Set();
        window.__openedLogs = 0;
        const connection = Object.freeze({
          send(frame) {
            const call = JSON.parse(frame);
            if (call.kind !== 'call') return;
            const error = { code: 'CORE_FAILED', message: 'The station core stopped 3 times in 60 s (last: exit 3); it is not started again.' };
            setTimeout(() => { for (const listener of listeners) listener(JSON.stringify({ kind: 'error', id: call.id, error })); }, 5);
          },
          onFrame(listener) { listeners.add(listener); return () => listeners.delete(listener); },
        });
        const openLogs = () => { window.__openedLogs += 1; };
        Object.defineProperty(window, 'station', { value: Object.freeze({ version: '1.2.3', connection, openLogs }) });
      })()`);
      await page.goto(`${url.origin}/`);
      for (const [language, button, title, open] of [
        ['en', 'English', 'stopped three times in a minute', 'Open the log folder'],
        ['zh-CN', '中文', '一分钟内停止了三次', '打开日志文件夹'],
      ] as const) {
        await page.getByRole('button', { name: button, exact: true }).click();
        const alert = page.getByRole('alert').filter({ hasText: title });
        await expect.poll(() => alert.count(), { timeout: 20_000 }).toBe(1);
        expect(await alert.textContent()).toContain('exit 3');
        await page.screenshot({ path: join(SCREENSHOTS, `core-failed-${language}.png`), fullPage: true });
        expect(await seriousViolations(page)).toEqual([]);
        await alert.getByRole('button', { name: open }).click();
      }
      expect(await page.evaluate('window.__openedLogs')).toBe(2);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 90_000);
});
