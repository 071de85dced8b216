/**
 * A batch: cards laid out on worker threads (one per core but this one), drawn in order
 * into one print-ready PDF streamed to disk, so memory stays flat for 10,000 cards. A
 * card that cannot be rendered is reported by its serial and reason, and the rest print.
 */
import { createWriteStream } from 'node:fs';
import { availableParallelism } from 'node:os';
import { startWorker as startThread } from '../worker-thread.ts';
import type { Calibration } from './calibration.ts';
import type { CardData } from './card.ts';
import type { RenderWarning } from './display-list.ts';
import { badgeFonts } from './fonts.ts';
import { PdfCards } from './pdf.ts';
import type { RenderJob, RenderReply, RenderRequest } from './render-worker.ts';

export interface BatchOptions {
  /** Where the batch PDF goes. */
  out: string;
  workers?: number;
  layoutsDir?: string;
  calibration?: Calibration;
  /** Cards sent to a worker at a time. */
  chunk?: number;
}

export interface BatchReport {
  pages: number;
  printed: string[];
  failed: { serial: string; code: string; message: string }[];
  warnings: (RenderWarning & { serial: string })[];
}

export async function renderBatch(
  cards: Iterable<CardData> | AsyncIterable<CardData>,
  options: BatchOptions,
): Promise<BatchReport> {
  // This thread writes the PDF (a core's worth of work), so one worker fewer than cores.
  const count = Math.max(1, options.workers ?? availableParallelism() - 1);
  const chunk = options.chunk ?? 16;
  const workers = Array.from({ length: count }, () => startWorker({ layoutsDir: options.layoutsDir }));
  const pdf = new PdfCards(
    badgeFonts(),
    { calibration: options.calibration, title: 'Badge batch' },
    createWriteStream(options.out),
  );
  const report: BatchReport = { pages: 0, printed: [], failed: [], warnings: [] };
  const pending = new Map<number, { serial: string; reply: Promise<RenderReply[]> }>();
  let next = 0;
  let sent = 0;
  const inFlight = count * 2;
  const drain = async () => {
    const head = pending.get(next);
    if (!head) return;
    pending.delete(next);
    next += 1;
    for (const reply of await head.reply) {
      const serial = (reply as { serial?: string }).serial ?? '';
      if (reply.ok) {
        pdf.addSide(reply.rendered.front);
        if (reply.rendered.back) pdf.addSide(reply.rendered.back);
        report.printed.push(serial);
        for (const warning of reply.rendered.warnings) report.warnings.push({ ...warning, serial });
      } else {
        report.failed.push({ serial, code: reply.code, message: reply.message });
      }
    }
    await pdf.settle();
  };
  try {
    let batch: RenderRequest[] = [];
    const send = async () => {
      const worker = workers[sent % count] as ReturnType<typeof startWorker>;
      const serials = batch.map((request) => request.card.serial);
      const reply = worker.render(batch).then((replies) => replies.map((r, i) => Object.assign(r, { serial: serials[i] })));
      pending.set(sent, { serial: serials[0] ?? '', reply });
      sent += 1;
      batch = [];
      while (sent - next >= inFlight) await drain();
    };
    let seq = 0;
    for await (const card of cards) {
      batch.push({ seq: seq++, card });
      if (batch.length >= chunk) await send();
    }
    if (batch.length > 0) await send();
    while (next < sent) await drain();
    report.pages = pdf.pageCount;
    await pdf.end();
    return report;
  } finally {
    await Promise.all(workers.map((worker) => worker.stop()));
  }
}

function startWorker(job: RenderJob) {
  const script = new URL('./render-worker.ts', import.meta.url);
  const worker = startThread(script, { workerData: job });
  const waiting: { resolve: (replies: RenderReply[]) => void; reject: (error: unknown) => void }[] = [];
  let failure: unknown;
  worker.on('message', (replies: RenderReply[]) => waiting.shift()?.resolve(replies));
  const fail = (error: unknown) => {
    failure = error;
    for (const waiter of waiting.splice(0)) waiter.reject(error);
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`a rendering thread stopped (exit ${code})`)));
  return {
    render(requests: RenderRequest[]): Promise<RenderReply[]> {
      if (failure) return Promise.reject(failure);
      return new Promise((resolve, reject) => {
        waiting.push({ resolve, reject });
        worker.postMessage(requests);
      });
    },
    async stop() {
      worker.removeAllListeners('exit');
      await worker.terminate();
    },
  };
}
