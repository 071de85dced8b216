/**
 * The `ui` group's measurements taken inside the page (Debian's Chromium, headless), each
 * on the page's own clock (performance.now(), whose zero is the start of the navigation).
 * Playwright only drives; no timing here includes Playwright's round trips to the page.
 */

import type { Browser, Page } from 'playwright-core';
import { DEMO_USERS } from '../../electron/core/demo/index.ts';

export const VIEWPORT = { width: 1280, height: 900 };
const ROSTER_GRID = '[role="grid"][aria-label="Roster"]';
const FOUND_GRID = '[role="grid"][aria-label="Holders found"]';
/** A row with a holder in it (rows still loading have no id). */
const HOLDER_ROW = 'tr[id^="roster-row-"]';

/** A fresh page in a fresh context: nothing cached from an earlier visit, English words. */
export async function freshPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'en-US' });
  return context.newPage();
}

/**
 * Installed before the page's own scripts: the moment the navigation shows the Roster
 * button it is pressed (an operator who knows where to go, with no reaction time), and
 * the first holder row is timed when it is in the document and again after the frame
 * that paints it (requestAnimationFrame runs just before that frame's paint; a task
 * queued from it runs after the paint).
 */
const FIRST_DATA_PROBE = `(() => {
  const seen = {};
  window.__uiBench = seen;
  const look = () => {
    if (seen.rosterPressed === undefined) {
      const button = [...document.querySelectorAll('nav button')].find((b) => b.textContent === 'Roster');
      if (button) {
        seen.rosterPressed = performance.now();
        button.click();
      }
    }
    if (seen.rowInDocument === undefined && document.querySelector('${HOLDER_ROW}')) {
      seen.rowInDocument = performance.now();
      observer.disconnect();
      requestAnimationFrame(() => setTimeout(() => { seen.rowShown = performance.now(); }, 0));
    }
  };
  const observer = new MutationObserver(look);
  observer.observe(document, { childList: true, subtree: true });
})();`;

export interface FirstData {
  /** Navigation start to the first holder row painted, ms. */
  shown: number;
  inDocument: number;
  rosterPressed: number;
  /** The page's HTML, DOMContentLoaded and load, from the navigation timing entry. */
  responseEnd: number;
  domContentLoaded: number;
}

/** Signs the demo's operator in at the page's sign-in form; the tab keeps the session. */
async function signInAsOperator(page: Page): Promise<void> {
  const operator = DEMO_USERS.find((user) => user.role === 'operator');
  const form = page.getByRole('region', { name: 'Sign in' });
  await form.getByLabel('Sign-in name').fill(operator?.name ?? '');
  await form.getByLabel('Password or PIN').fill(operator?.secret ?? '');
  await form.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation').waitFor({ timeout: 60_000 });
}

/**
 * A tab signed in (its session kept, as after the morning's sign-in), reloaded, straight to
 * the Roster: when its first rows show, from the reload's navigation. The password typed
 * is a person's time, not the page's, so it is left out.
 */
export async function firstData(browser: Browser, address: string): Promise<FirstData> {
  const page = await freshPage(browser);
  try {
    await page.goto(address);
    await signInAsOperator(page);
    await page.addInitScript(FIRST_DATA_PROBE);
    await page.reload();
    // A function, not a string: a string predicate is eval'd in the page, which its CSP refuses.
    await page.waitForFunction(
      () => (globalThis as unknown as { __uiBench: { rowShown?: number } }).__uiBench.rowShown !== undefined,
      undefined,
      { timeout: 60_000, polling: 50 },
    );
    return (await page.evaluate(`(() => {
      const seen = window.__uiBench;
      const navigation = performance.getEntriesByType('navigation')[0];
      // The navigation entry's startTime is the navigation's start (0 on this clock).
      const since = (at) => at - navigation.startTime;
      return {
        shown: since(seen.rowShown),
        inDocument: since(seen.rowInDocument),
        rosterPressed: since(seen.rosterPressed),
        responseEnd: since(navigation.responseEnd),
        domContentLoaded: since(navigation.domContentLoadedEventEnd),
      };
    })()`)) as FirstData;
  } finally {
    await page.context().close();
  }
}

/** A page on the Roster screen with its first rows in, for the measurements that follow. */
export async function rosterPage(browser: Browser, address: string): Promise<Page> {
  const page = await freshPage(browser);
  await page.goto(address);
  await signInAsOperator(page);
  await page.getByRole('navigation').getByRole('button', { name: 'Roster', exact: true }).click();
  await page.waitForSelector(`${ROSTER_GRID} ${HOLDER_ROW}`, { timeout: 60_000 });
  return page;
}

export interface SearchTiming {
  query: string;
  /** The last keystroke's input event to the results painted, ms. */
  shown: number;
  /** The last keystroke's input event to the results in the document, ms. */
  inDocument: number;
}

/**
 * Each query typed into an empty search box at 30 ms a key (a quick typist), then timed
 * from its last key's input event (the event's own timestamp: when Chromium took the key)
 * to the results for the whole query painted: the status line names the query and the
 * results grid is drawn in the same render, seen by a MutationObserver, then the frame
 * that paints it as in FIRST_DATA_PROBE. Between queries the box is emptied and the
 * roster's rows awaited, as when an operator clears it for the next person.
 */
export async function searchRoundTrips(page: Page, queries: readonly string[]): Promise<SearchTiming[]> {
  const box = page.getByRole('searchbox', { name: 'Find a holder' });
  await page.evaluate(`(() => {
    const state = { lastInput: 0 };
    window.__uiSearch = state;
    document.addEventListener('input', (event) => {
      if (event.target instanceof HTMLInputElement && event.target.type === 'search') state.lastInput = event.timeStamp;
    }, true);
  })()`);
  const timings: SearchTiming[] = [];
  for (const query of queries) {
    await box.fill('');
    await page.waitForSelector(`${ROSTER_GRID} ${HOLDER_ROW}`, { timeout: 30_000 });
    await page.evaluate(`((query, found) => {
      const state = window.__uiSearch;
      const section = document.querySelector('section[aria-labelledby="roster-title"]');
      const status = section.querySelector('[role="status"]');
      state.pending = new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          observer.disconnect();
          reject(new Error('no results shown for ' + query));
        }, 30000);
        const observer = new MutationObserver(() => {
          const grid = section.querySelector(found);
          // The results grid in view (the screen keeps it, hidden, while the roster shows).
          if (!(status.textContent || '').includes('"' + query + '"') || !grid || grid.closest('[hidden]')) return;
          observer.disconnect();
          clearTimeout(timer);
          const inDocument = performance.now();
          requestAnimationFrame(() => setTimeout(() => resolve({ input: state.lastInput, inDocument, shown: performance.now() }), 0));
        });
        observer.observe(section, { childList: true, subtree: true, characterData: true });
      });
    })(${JSON.stringify(query)}, ${JSON.stringify(FOUND_GRID)})`);
    await box.pressSequentially(query, { delay: 30 });
    const seen = (await page.evaluate('window.__uiSearch.pending')) as { input: number; inDocument: number; shown: number };
    timings.push({ query, shown: seen.shown - seen.input, inDocument: seen.inDocument - seen.input });
  }
  await box.fill('');
  await page.waitForSelector(`${ROSTER_GRID} ${HOLDER_ROW}`, { timeout: 30_000 });
  return timings;
}
