/**
 * RPC round trips from the page: `station.status` (a trivial call) sent as the page's
 * DeskClient sends it (renderer/src/rpc/client.ts: a `call` frame on the /rpc socket with
 * the launch token) on a second socket of the same launch, timed in the page with
 * performance.now() from the send to the answer's frame parsed. Written out here because
 * the built page's modules are bundled: none can be imported on its own. What is timed is
 * the socket, the host and the core; the page's check of the answer against the contract
 * (a zod parse of a small object) is left out.
 *
 * One call at a time, the next 20 ms after the last answer (a page polling far harder
 * than any screen does), until told to stop.
 */
import type { Page } from 'playwright-core';

const GAP_MS = 20;

/** Starts the calls in the page; `stop()` ends them and gives back each round trip in ms. */
export async function startPinging(page: Page): Promise<{ stop(): Promise<{ times: number[]; failures: string[] }> }> {
  await page.evaluate(`(async (gapMs) => {
    const token = new URLSearchParams(location.hash.slice(1)).get('token') || '';
    const socket = new WebSocket('ws://' + location.host + '/rpc?token=' + encodeURIComponent(token));
    await new Promise((opened, failed) => {
      socket.addEventListener('open', opened, { once: true });
      socket.addEventListener('error', () => failed(new Error('the bench could not open the station socket')), { once: true });
    });
    let next = 1;
    let answer;
    socket.addEventListener('message', (event) => {
      const frame = JSON.parse(String(event.data));
      if (answer && frame.id === answer.id) answer.done(frame);
    });
    const call = (method) =>
      new Promise((done) => {
        answer = { id: next, done };
        socket.send(JSON.stringify({ kind: 'call', id: next++, method, params: {} }));
      });
    const state = { times: [], failures: [], stop: false };
    window.__uiPing = state;
    const pause = (ms) => new Promise((done) => setTimeout(done, ms));
    state.done = (async () => {
      while (!state.stop) {
        const started = performance.now();
        const frame = await call('station.status');
        if (frame.kind === 'result') state.times.push(performance.now() - started);
        else state.failures.push(JSON.stringify(frame.error));
        await pause(gapMs);
      }
      socket.close();
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
