/**
 * The lost badge, as a badge office lives it, in Chromium against `npm start`: an operator
 * signs in, finds the holder, asks for a reprint; a supervisor approves on the spot at the
 * operator's desk; the new card prints on a demo printer; the technician reads the old card
 * (REVOKED) and the new one (valid); the supervisor's day report counts one reprint.
 * Screenshots of the Reprint screen, its approval and the Reports screen in both languages.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../electron/core/demo/index.ts';
import { launchChromium } from '../support/chromium.ts';
import { look, type StartedDesk, signIn, startDesk } from '../support/desk-page.ts';
import { tempDir } from '../support/station.ts';

let desk: StartedDesk | undefined;
afterEach(() => {
  desk?.stop();
  desk = undefined;
});

const LANGUAGES = [
  ['zh-CN', '中文'],
  ['en', 'English'],
] as const;

/** A call to the core as this tab's signed-in person, on a socket of the page's own (the page's client is not reachable). */
async function rpc<T>(page: Page, method: string, params: unknown): Promise<T> {
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
    socket.send(JSON.stringify({ kind: 'call', id: 0, method: 'session.resume', params: { token: sessionStorage.getItem('badge-station.session') } }));
    socket.send(JSON.stringify({ kind: 'call', id: 1, method: ${JSON.stringify(method)}, params: ${JSON.stringify(params)} }));
    const frame = await answer;
    socket.close();
    return frame;
  })()`)) as { result?: T; error?: { message: string } };
  if (!answer.result) throw new Error(`${method}: ${answer.error?.message}`);
  return answer.result;
}

async function printOnDemo1(page: Page, serial: string, job?: number): Promise<void> {
  const printing = job ?? (await rpc<{ job: number }>(page, 'print.batch', { from: { kind: 'list', text: serial } })).job;
  await rpc(page, 'print.start', { job: printing, printers: ['Demo-1'] });
  await expect
    .poll(async () => (await rpc<{ jobs: { job: number; issued: number }[] }>(page, 'print.jobs', {})).jobs, { timeout: 60_000 })
    .toContainEqual(expect.objectContaining({ job: printing, issued: 1 }));
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^(Sign out|退出登录)$/ }).click();
  await page.getByRole('region', { name: /^(Sign in|登录)$/ }).waitFor();
}

/** The technician lays the card of `serial` from Demo-1's tray on the virtual desk encoder and reads it. */
async function readCard(page: Page, serial: string): Promise<{ verdict: string; text: string }> {
  const tray = page.getByLabel('Card', { exact: true });
  await expect
    .poll(() => tray.locator('option').allTextContents(), { timeout: 10_000 })
    .toContainEqual(expect.stringMatching(new RegExp(`^${serial} .*from Demo-1`)));
  const option = (await tray.locator('option').allTextContents()).find((text) => text.startsWith(serial)) as string;
  await tray.selectOption({ label: option });
  await page.getByRole('button', { name: 'Place on the reader' }).click();
  await page.getByRole('button', { name: 'Read the card' }).click();
  const verdict = page.locator(`[data-verdict]`).filter({ hasText: serial });
  await verdict.waitFor({ timeout: 60_000 });
  return { verdict: (await verdict.getAttribute('data-verdict')) ?? '', text: (await verdict.textContent()) ?? '' };
}

describe('a lost badge, in Chromium', () => {
  it('an operator asks, a supervisor approves in place, the new card prints, the old one reads REVOKED, the report counts it', async () => {
    desk = await startDesk(join(tempDir('badge-lost-e2e-'), 'station'));
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(desk.address);
      await page.getByRole('button', { name: 'English', exact: true }).click();
      await page.getByRole('button', { name: 'Try with demo data' }).click();
      await signIn(page, 'operator');

      // The holder's badge was printed this morning on Demo-1, its chip encoded inline.
      const [holder] = (
        await rpc<{ rows: { id: string; serial: string; name: string }[] }>(page, 'roster.page', { offset: 0, limit: 1 })
      ).rows as [{ id: string; serial: string; name: string }];
      await printOnDemo1(page, holder.serial);

      // At the counter: they lost it. The operator finds them on the Reprint screen.
      const nav = page.getByRole('navigation');
      await nav.getByRole('button', { name: 'Reprint', exact: true }).click();
      await page.getByLabel('Find the holder').fill(holder.id);
      await page.getByRole('button', { name: new RegExp(holder.id) }).click();
      await page.getByRole('heading', { name: `${holder.name} (${holder.id})` }).waitFor();
      await page.getByLabel('Why').selectOption('lost');
      for (const [language, button] of LANGUAGES) {
        await page.getByRole('button', { name: button, exact: true }).click();
        await look(page, `reprint-${language}`);
      }
      await page.getByRole('button', { name: 'Reprint', exact: true }).last().click();

      // Not the operator's decision: a supervisor types their own name and password here.
      const approval = page.getByRole('dialog', { name: 'A supervisor approves' });
      await approval.waitFor();
      const supervisor = DEMO_USERS.find((user) => user.role === 'supervisor') ?? DEMO_USERS[0];
      await approval.getByLabel("Supervisor's sign-in name").fill(supervisor?.name ?? '');
      await approval.getByLabel('Their password or PIN').fill('not-it');
      await approval.getByRole('button', { name: 'Approve' }).click();
      await expect.poll(() => approval.getByRole('alert').textContent()).toContain('do not match');
      await look(page, 'reprint-approval-en', { fullPage: false });
      await approval.getByLabel('Their password or PIN').fill(supervisor?.secret ?? '');
      await approval.getByRole('button', { name: 'Approve' }).click();
      const done = page.getByRole('status').filter({ hasText: 'is revoked' });
      await done.waitFor({ timeout: 20_000 });
      const said = (await done.textContent()) ?? '';
      const newSerial = /new version (\S+) waits in print job (\d+)/.exec(said);
      expect(newSerial?.[1]).toBe(holder.serial.replace(/-1$/, '-2'));
      // Still the operator at this desk; the holder's file shows who asked and who approved.
      expect(await page.getByRole('region', { name: 'Signed in' }).textContent()).toContain('Operator');
      await expect.poll(() => page.locator('main').textContent()).toContain('Wang Fang 王芳, approved by Li Na 李娜');

      // The new card prints on Demo-1, ahead of anything else.
      await printOnDemo1(page, newSerial?.[1] as string, Number(newSerial?.[2]));

      // The technician reads both cards.
      await signOut(page);
      await signIn(page, 'technician');
      await nav.getByRole('button', { name: 'Chips', exact: true }).click();
      await expect.poll(() => page.getByLabel('Desk reader').inputValue(), { timeout: 10_000 }).toBe('Demo desk encoder');
      const old = await readCard(page, holder.serial);
      expect(old.verdict).not.toBe('good');
      expect(old.text).toMatch(new RegExp(`Revoked( on .*)?: badge ${holder.serial}`));
      await page.getByRole('button', { name: 'Take the card off' }).click();
      const fresh = await readCard(page, newSerial?.[1] as string);
      expect(fresh.verdict).toBe('good');
      expect(fresh.text).toContain(`Valid badge ${newSerial?.[1]}`);

      // The supervisor's day: one reprint, for a lost badge.
      await signOut(page);
      await signIn(page, 'supervisor');
      await nav.getByRole('button', { name: 'Reports', exact: true }).click();
      const reprinted = page.locator('main').getByText('Reprinted', { exact: true }).first();
      await reprinted.waitFor({ timeout: 30_000 });
      await expect.poll(() => page.locator('main').textContent(), { timeout: 30_000 }).toMatch(/Reprinted\s*1/);
      expect(await page.locator('main').textContent()).toMatch(/Lost\s*1/);
      for (const [language, button] of LANGUAGES) {
        await page.getByRole('button', { name: button, exact: true }).click();
        await look(page, `reports-${language}`);
      }
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 240_000);
});
