/**
 * A print run for `rpc_roundtrip_ms_p99_during_print`, made and started from the page as the
 * Print screen does (print.batch from a pasted list, print.printers, print.start), on a socket
 * of the bench's own (ui-rpc.ts: the built page's modules cannot be imported), then followed
 * with print.jobs once a second until it ends.
 */
import type { Page } from 'playwright-core';
import { openBenchSocket } from './ui-rpc.ts';

export interface StartedRun {
  job: number;
  cards: number;
  printers: number;
}

export interface EndedRun {
  status: string;
  issued: number;
  done: number;
  total: number;
}

/** A job of these badge serials (one a line, as pasted) started on every printer of the station. */
export async function startPrintRun(page: Page, serials: readonly string[]): Promise<StartedRun> {
  await openBenchSocket(page, '__uiPrint');
  return (await page.evaluate(`(async (text) => {
    const call = async (method, params) => {
      const frame = await window.__uiPrint(method, params);
      if (frame.kind !== 'result') throw new Error(method + ' was refused: ' + JSON.stringify(frame.error));
      return frame.result;
    };
    const batch = await call('print.batch', { name: 'ui bench', from: { kind: 'list', text } });
    if (!batch.made) throw new Error('the bench batch was refused: ' + JSON.stringify(batch.problems.slice(0, 3)));
    const { printers } = await call('print.printers', {});
    await call('print.start', { job: batch.job, printers: printers.map((printer) => printer.name) });
    return { job: batch.job, cards: batch.cards, printers: printers.length };
  })(${JSON.stringify(serials.join('\n'))})`)) as StartedRun;
}

/** Resolves when the job is no longer printing (or after `limitMs`), with how it ended. */
export async function printRunEnded(page: Page, job: number, limitMs: number): Promise<EndedRun> {
  return (await page.evaluate(`(async (job, limitMs) => {
    const call = window.__uiPrint;
    const until = performance.now() + limitMs;
    for (;;) {
      const frame = await call('print.jobs', {});
      if (frame.kind !== 'result') throw new Error('print.jobs was refused: ' + JSON.stringify(frame.error));
      const mine = frame.result.jobs.find((candidate) => candidate.job === job);
      if (!mine) throw new Error('the bench job ' + job + ' is gone from print.jobs');
      if (mine.status !== 'printing' || performance.now() > until) {
        call.close();
        return { status: mine.status, issued: mine.issued, done: mine.done, total: mine.total };
      }
      await new Promise((done) => setTimeout(done, 1000));
    }
  })(${job}, ${limitMs})`)) as EndedRun;
}
