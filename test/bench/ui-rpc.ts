/**
 * RPC round trips from the page: calls sent as the page's DeskClient sends them
 * (renderer/src/rpc/client.ts: a `call` frame on the /rpc socket with the launch token) on a
 * socket of the bench's own in the same launch, timed in the page with performance.now()
 * from the send to the answer's frame parsed. Written out here because the built page's
 * modules are bundled: none can be imported on its own. What is timed is the socket, the
 * host and the core; the page's check of the answer against the contract (a zod parse of a
 * small object) is left out.
 *
 * The pings are one `station.status` at a time, the next 20 ms after the last answer (a page
 * polling far harder than any screen does), until told to stop.
 */
import type { Page } from 'playwright-core';

const GAP_MS = 20;

/**
 * Opens a socket of the bench's own to the page's station as `window[name]`: a function
 * `(method, params) => Promise<frame>` resolving with the answer's frame (`result` or `error`),
 * and `.close()`.
 */
export async function openBenchSocket(page: Page, name: string): Promise<void> {
  await page.evaluate(`(async (name) => {
    const token = new URLSearchParams(location.hash.slice(1)).get('token') || '';
    const socket = new WebSocket('ws://' + location.host + '/rpc?token=' + encodeURIComponent(token));
    await new Promise((opened, failed) => {
      socket.addEventListener('open', opened, { once: true });
      socket.addEventListener('error', () => failed(new Error('the bench could not open the station socket')), { once: true });
    });
    let next = 1;
    const waiting = new Map();
    socket.addEventListener('message', (event) => {
      const frame = JSON.parse(String(event.data));
      const done = waiting.get(frame.id);
      if (done) {
        waiting.delete(frame.id);
        done(frame);
      }
    });
    const call = (method, params) =>
      new Promise((done) => {
        const id = next++;
        waiting.set(id, done);
        socket.send(JSON.stringify({ kind: 'call', id, method, params }));
      });
    call.close = () => socket.close();
    // As the tab's signed-in person, as the page's own socket is.
    await call('session.resume', { token: sessionStorage.getItem('badge-station.session') });
    window[name] = call;
  })(${JSON.stringify(name)})`);
}

/** Starts the calls in the page; `stop()` ends them and gives back each round trip in ms. */
export async function startPinging(page: Page): Promise<{ stop(): Promise<{ times: number[]; failures: string[] }> }> {
  await openBenchSocket(page, '__uiPingCall');
  await page.evaluate(`((gapMs) => {
    const call = window.__uiPingCall;
    const state = { times: [], failures: [], stop: false };
    window.__uiPing = state;
    const pause = (ms) => new Promise((done) => setTimeout(done, ms));
    state.done = (async () => {
      while (!state.stop) {
        const started = performance.now();
        const frame = await call('station.status', {});
        if (frame.kind === 'result') state.times.push(performance.now() - started);
        else state.failures.push(JSON.stringify(frame.error));
        await pause(gapMs);
      }
      call.close();
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
