/**
 * `ui_scroll_frame_ms_p95`: the renderer's main-thread time per scroll step in the
 * Roster's virtualised table, from a Chrome trace (the DevTools protocol's tracing).
 *
 * What is measured: each step is marked in the page (performance.mark, which the trace
 * records), then the table's scrolling box is moved (scrollTop) and the step waits for
 * two frames and until no row in view is still loading. A step's time is the sum of the
 * renderer main thread's top-level tasks (category `toplevel`, each a task the thread ran:
 * the scroll event, React's render, style, layout, paint, a page of rows arriving) that
 * fall between its mark and the next step's, clipped to them: busy time, idle time left out.
 *
 * The steps: 300 of 360 px down (ten rows, a wheel flick's worth, drawn at once: no
 * smooth-scroll animation), fetching a new 200-row page every 20 steps or so as the
 * table does; and every 30th step instead a jump to a random place in the 500,000
 * (dragging the scrollbar), whose rows are not fetched yet. The steps run in one loop in the
 * page; its own part (the mark, scrollTop, the frame waits) is in the time too: a few tenths
 * of a ms.
 */
import type { Browser, Page } from 'playwright-core';
import { mulberry32 } from '../../electron/core/roster/index.ts';

const STEPS = 300;
const STEP_PX = 360;
const JUMP_EVERY = 30;
const MARK = 'ui-bench-step-';

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
}

/** Main-thread ms per step, in step order. */
export async function scrollStepTimes(browser: Browser, page: Page): Promise<number[]> {
  const random = mulberry32(30);
  const jumps = Array.from({ length: STEPS + 1 }, (_, step) => (step > 0 && step % JUMP_EVERY === 0 ? random() : null));
  await browser.startTracing(page, { categories: ['toplevel', 'blink.user_timing'] });
  // All the steps in one call, looping in the page: a call from Playwright per step would put
  // its own script (about a millisecond and a half a call) into every step's time.
  await page.evaluate(`(async ({ mark, by, jumps }) => {
    const box = document.querySelector('[role="grid"][aria-label="Roster"]').parentElement;
    const frame = () => new Promise((done) => requestAnimationFrame(done));
    for (let step = 0; step < jumps.length; step += 1) {
      performance.mark(mark + step);
      if (step === jumps.length - 1) break;
      const jump = jumps[step];
      if (jump === null) box.scrollTop += by;
      else box.scrollTop = Math.floor(jump * (box.scrollHeight - box.clientHeight));
      await frame();
      await frame();
      // Rows still loading (no id yet): wait for their page, so its render is this step's.
      for (let waited = 0; waited < 500 && box.querySelector('tbody tr:not([id])'); waited += 1) await frame();
    }
  })(${JSON.stringify({ mark: MARK, by: STEP_PX, jumps })})`);
  const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(trace) ? trace : trace.traceEvents;
  return stepTimes(events);
}

export function stepTimes(events: readonly TraceEvent[]): number[] {
  const marks = events
    .filter((event) => event.cat.includes('blink.user_timing') && event.name.startsWith(MARK))
    .map((event) => ({ step: Number(event.name.slice(MARK.length)), ts: event.ts, pid: event.pid, tid: event.tid }));
  // A mark may be recorded twice (its begin and end phases): the first of each step counts.
  const byStep = new Map<number, (typeof marks)[number]>();
  for (const mark of marks) if (!byStep.has(mark.step) || (byStep.get(mark.step)?.ts ?? 0) > mark.ts) byStep.set(mark.step, mark);
  const ordered = [...byStep.values()].sort((a, b) => a.step - b.step);
  const main = ordered[0];
  if (!main || ordered.length !== STEPS + 1)
    throw new Error(`the scroll trace has ${ordered.length} step marks, not ${STEPS + 1}`);
  const tasks = events.filter(
    (event) => event.ph === 'X' && event.cat.includes('toplevel') && event.pid === main.pid && event.tid === main.tid,
  );
  const times: number[] = [];
  for (let step = 0; step < STEPS; step += 1) {
    const from = (ordered[step] as { ts: number }).ts;
    const to = (ordered[step + 1] as { ts: number }).ts;
    // Their union, as a task the trace shows inside another (nested RunTask) is not more time.
    const spans = tasks
      .map((task) => [Math.max(task.ts, from), Math.min(task.ts + (task.dur ?? 0), to)] as const)
      .filter(([start, end]) => end > start)
      .sort((a, b) => a[0] - b[0]);
    let busy = 0;
    let reached = from;
    for (const [start, end] of spans) {
      if (end <= reached) continue;
      busy += end - Math.max(start, reached);
      reached = end;
    }
    times.push(busy / 1000);
  }
  return times;
}
