/**
 * RPC round trips from the page: `station.status` (a trivial call) through the page's own
 * DeskClient (its module as the dev server serves it to the page, so the call is sent,
 * answered and checked against the contract exactly as a screen's is), on a second socket
 * of the same launch token, timed in the page with performance.now().
 *
 * One call at a time, the next 20 ms after the last answer (a page polling far harder
 * than any screen does), until told to stop.
 */
import type { Page } from 'playwright-core';

const GAP_MS = 20;

/** Starts the calls in the page; `stop()` ends them and gives back each round trip in ms. */
export async function startPinging(page: Page): Promise<{ stop(): Promise<{ times: number[]; failures: string[] }> }> {
  await page.evaluate(`(async (gapMs) => {
    const { DeskClient } = await import('/src/rpc/client.ts');
    const token = new URLSearchParams(location.hash.slice(1)).get('token') || '';
    const client = new DeskClient(token);
    const state = { times: [], failures: [], stop: false };
    window.__uiPing = state;
    const pause = (ms) => new Promise((done) => setTimeout(done, ms));
    state.done = (async () => {
      while (!state.stop) {
        const started = performance.now();
        try {
          await client.call('station.status', {});
          state.times.push(performance.now() - started);
        } catch (failure) {
          state.failures.push(String(failure));
        }
        await pause(gapMs);
      }
      client.close();
    })();
  })(${GAP_MS})`);
  return {
    stop: async () =>
      (await page.evaluate(`(async () => {
        const state = window.__uiPing;
        state.stop = true;
        await state.done;
        return { times: state.times, failures: state.failures };
      })()`)) as { times: number[]; failures: string[] },
  };
}
