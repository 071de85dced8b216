/**
 * The Devices and Chips screens in real Chromium against `npm start` on a fresh data
 * folder, as a technician uses them: demo data in one click; the four demo printers ready
 * with their ribbon; a test card printed on one (its PDF out in the demo printer's folder);
 * a badge printed on Demo-1 (its inline encoder writes the chip), then on Chips that card
 * picked up by its badge, laid on the virtual desk encoder and read: a valid badge, its
 * serial and holder; and a blank card encoded for another badge.
 * axe-core clean; screenshots of both screens in both languages.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../electron/core/demo/index.ts';
import { launchChromium } from '../support/chromium.ts';
import { SCREENSHOTS, type StartedDesk, seriousViolations, signIn, startDesk } from '../support/desk-page.ts';
import { tempDir } from '../support/station.ts';

let desk: StartedDesk | undefined;
afterEach(() => {
  desk?.stop();
  desk = undefined;
});

async function lookAt(page: Page, name: string, checks: readonly (readonly [string, string, RegExp])[]) {
  for (const [language, button, words] of checks) {
    await page.getByRole('button', { name: button, exact: true }).click();
    await expect.poll(() => page.locator('main').textContent()).toMatch(words);
    await page.evaluate('document.fonts.ready');
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-${language}.png`), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
  }
}

const OPERATOR = DEMO_USERS.find((user) => user.role === 'operator') ?? { name: '', secret: '' };

/**
 * A call to the core over a socket of the page's own, for what another screen does (the
 * roster's first holders, a print run on Demo-1): the core holds the database while it runs.
 */
async function rpc<T>(page: Page, method: string, params: unknown): Promise<T> {
  // A string, run in the page: the test's own types know no DOM.
  const answer = (await page.evaluate(`(async () => {
    const token = new URLSearchParams(location.hash.slice(1)).get('token') ?? '';
    const socket = new WebSocket('ws://' + location.host + '/rpc?token=' + encodeURIComponent(token));
    await new Promise((resolve) => socket.addEventListener('open', resolve, { once: true }));
    const answer = new Promise((resolve) =>
      socket.addEventListener('message', (event) => {
        const frame = JSON.parse(String(event.data));
        if (frame.id === 1) resolve(frame);
      }),
    );
    // The operator at the next desk does it, signed in on their own page.
    socket.send(JSON.stringify({ kind: 'call', id: 0, method: 'session.signIn', params: ${JSON.stringify({ name: OPERATOR.name, secret: OPERATOR.secret })} }));
    socket.send(JSON.stringify({ kind: 'call', id: 1, method: ${JSON.stringify(method)}, params: ${JSON.stringify(params)} }));
    const frame = await answer;
    socket.close();
    return frame;
  })()`)) as { result?: T; error?: { message: string } };
  if (!answer.result) throw new Error(`${method}: ${answer.error?.message}`);
  return answer.result;
}

describe('the Devices and Chips screens, in Chromium against npm start (on the real clock, as the demo dates its event)', () => {
  it('shows the four demo printers, prints a test card, then reads a badge Demo-1 printed on the virtual desk encoder and encodes a blank card', async () => {
    const dataDir = join(tempDir('badge-devices-e2e-'), 'station');
    desk = await startDesk(dataDir);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(desk.address);
      // The dev server compiles the page on its first load: slow on a busy machine.
      await page.getByRole('button', { name: 'Try with demo data' }).waitFor({ timeout: 90_000 });
      await page.getByRole('button', { name: 'English', exact: true }).click();
      await page.getByRole('button', { name: 'Try with demo data' }).click();
      await signIn(page, 'technician');
      const nav = page.getByRole('navigation');
      await nav.getByRole('button', { name: 'Devices', exact: true }).waitFor({ timeout: 90_000 });
      await nav.getByRole('button', { name: 'Devices', exact: true }).click();

      const printers = page.getByRole('list', { name: 'Printers' }).getByRole('article');
      await expect.poll(() => printers.count(), { timeout: 20_000 }).toBe(4);
      for (const name of ['Demo-1', 'Demo-2', 'Demo-3', 'Demo-4']) {
        const printer = page.getByRole('article', { name });
        expect(await printer.textContent()).toMatch(/Ready.*Ribbon left100%.*Card in itNone/);
      }
      const deskEncoder = await page.getByRole('article', { name: 'Demo desk encoder' }).textContent();
      expect(deskEncoder).toContain('No card');
      // An emulated BALTECH reader behind the HID driver: its firmware and serial number, as a real one shows them.
      expect(deskEncoder).toMatch(/Firmware1100 EMU Z 1\.00\.00 .*Serial numberDEMO-[0-9A-F]{8}/);

      // By keyboard: focus the test card button of Demo-2 and press Enter.
      await page.getByRole('button', { name: 'Print a test card on Demo-2' }).focus();
      await page.keyboard.press('Enter');
      await expect
        .poll(() => page.getByRole('article', { name: 'Demo-2' }).getByRole('status').textContent(), { timeout: 30_000 })
        .toContain('Demo-2 printed the test card');
      expect(readdirSync(join(dataDir, 'demo-printers', 'Demo-2')).filter((file) => file.endsWith('.pdf'))).toEqual([
        expect.stringMatching(/^00001-test-card-/),
      ]);
      await page.getByRole('button', { name: 'Calibration of Demo-1' }).click();
      expect(await page.getByRole('form', { name: 'Calibration of Demo-1' }).count()).toBe(1);
      await lookAt(page, 'devices', [
        ['zh-CN', '中文', /打印机.*就绪/],
        ['en', 'English', /Printers.*Ready/],
      ]);

      // The first holder's badge printed on Demo-1, whose encoder writes its chip as the card goes through.
      const [badge, other] = (
        await rpc<{ rows: { serial: string; name: string }[] }>(page, 'roster.page', { offset: 0, limit: 2 })
      ).rows as [{ serial: string; name: string }, { serial: string; name: string }];
      const batch = await rpc<{ job: number }>(page, 'print.batch', { from: { kind: 'list', text: badge.serial } });
      await rpc(page, 'print.start', { job: batch.job, printers: ['Demo-1'] });
      await expect
        .poll(async () => (await rpc<{ jobs: { job: number; issued: number }[] }>(page, 'print.jobs', {})).jobs, {
          timeout: 60_000,
        })
        .toContainEqual(expect.objectContaining({ job: batch.job, issued: 1 }));

      // Chips: the printed card picked up from Demo-1's tray, by its badge, laid on the virtual desk encoder and read.
      await nav.getByRole('button', { name: 'Chips', exact: true }).click();
      await expect.poll(() => page.getByLabel('Desk reader').inputValue(), { timeout: 10_000 }).toBe('Demo desk encoder');
      const tray = page.getByLabel('Card', { exact: true });
      await expect
        .poll(() => tray.locator('option').allTextContents(), { timeout: 10_000 })
        .toContainEqual(expect.stringMatching(new RegExp(`^${badge.serial} .*from Demo-1`)));
      const option = (await tray.locator('option').allTextContents()).find((text) => text.includes(badge.serial)) as string;
      await tray.selectOption({ label: option });
      await page.getByRole('button', { name: 'Place on the reader' }).click();
      await expect.poll(() => page.locator('main').textContent()).toMatch(/A card is on Demo desk encoder/);
      await page.getByRole('button', { name: 'Read the card' }).click();
      await page.locator('[data-verdict]').waitFor({ timeout: 60_000 });
      expect(await page.locator('[data-verdict]').textContent()).toContain(`Valid badge ${badge.serial} for ${badge.name}`);
      expect(await page.locator('[data-verdict]').getAttribute('data-verdict')).toBe('good');
      expect(await page.locator('[data-verdict]').textContent()).toContain(`The current chip of ${badge.serial}`);
      await lookAt(page, 'chips', [
        ['zh-CN', '中文', new RegExp(`有效证件 ${badge.serial}`)],
        ['en', 'English', new RegExp(`Valid badge ${badge.serial}`)],
      ]);

      // A blank card from the desk's stack, encoded for another badge by keyboard.
      await tray.selectOption({ value: 'blank' });
      await page.getByRole('button', { name: 'Place on the reader' }).click();
      await expect.poll(() => page.locator('main').textContent()).toMatch(/Card with chip [0-9A-F]{14} is on Demo desk encoder/);
      await page.getByLabel('Badge serial').fill(other.serial);
      await page.getByLabel('Badge serial').press('Enter');
      await expect
        .poll(() => page.locator('main').textContent(), { timeout: 20_000 })
        .toMatch(new RegExp(`Chip [0-9A-F]{14} encoded for ${other.serial}, read back and verified`));
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 180_000);
});
