/**
 * A batch: cards laid out on worker threads and on this thread, drawn in order into one
 * print-ready PDF streamed to disk, so memory stays flat for 10,000 cards. A card that
 * cannot be rendered is reported by its serial and reason, and the rest print.
 */
import { createWriteStream } from 'node:fs';
import { availableParallelism } from 'node:os';
import { startWorker as startThread } from '../worker-thread.ts';
import type { Calibration } from './calibration.ts';
import type { CardData } from './card.ts';
import { engineContext } from './card-layout.ts';
import type { RenderWarning } from './display-list.ts';
import { badgeFonts, fontBytes } from './fonts.ts';
import { loadLayouts } from './layouts.ts';
import { PdfCards } from './pdf.ts';
import { type RenderJob, type RenderReply, type RenderRequest, renderRequests } from './render-worker-core.ts';

export interface BatchOptions {
  /** Where the batch PDF goes. */
  out: string;
  /** Worker threads besides this one (default: one per core but this one's). */
  workers?: number;
  layoutsDir?: string;
  calibration?: Calibration;
  /** Cards sent to a worker at a time. */
  chunk?: number;
  /** Whether this thread lays out cards too while the workers start or are busy (default yes; never without workers). */
  layoutHere?: boolean;
}

export interface BatchReport {
  pages: number;
  printed: string[];
  failed: { serial: string; code: string; message: string }[];
  warnings: (RenderWarning & { serial: string })[];
}

/** Chunks a worker holds at once: one it works on and some waiting, so it never idles while this thread is busy. */
const WORKER_DEPTH = 4;

export async function renderBatch(
  cards: Iterable<CardData> | AsyncIterable<CardData>,
  options: BatchOptions,
): Promise<BatchReport> {
  const count = Math.max(0, options.workers ?? availableParallelism() - 1);
  const layoutHere = count === 0 || options.layoutHere !== false;
  const chunk = Math.max(1, options.chunk ?? 8);
  // Threads first: each needs a few hundred milliseconds to load code and fonts, and this
  // thread lays out cards itself meanwhile, so that start-up is not a pause.
  const layouts = loadLayouts(options.layoutsDir);
  const workers = Array.from({ length: count }, () => startWorker({ layouts, fonts: fontBytes() }));
  try {
    // pdfkit pushes each object line as its own small chunk: with the default 16 KB buffer this
    // thread stopped for the disk some 600 times per 2,000 cards; a megabyte takes them in large writes.
    const pdf = new PdfCards(
      badgeFonts(),
      { calibration: options.calibration, title: 'Badge batch' },
      createWriteStream(options.out, { highWaterMark: 1 << 20 }),
    );
    const local = { layouts, context: engineContext() };
    const report: BatchReport = { pages: 0, printed: [], failed: [], warnings: [] };
    // Chunks by position in the batch: done (replies here) or on a worker (a promise).
    const chunks = new Map<number, RenderReply[] | Promise<RenderReply[]>>();
    const source = toAsync(cards);
    let next = 0;
    let made = 0;
    let seq = 0;
    let exhausted = false;
    // Laid-out chunks not yet written: bounded, so a slow head (one worker's chunk) cannot
    // make this thread lay out the whole batch ahead of it.
    const window = Math.max(4, (count + 1) * (WORKER_DEPTH + 2));

    const take = async (): Promise<RenderRequest[] | undefined> => {
      const requests: RenderRequest[] = [];
      while (requests.length < chunk) {
        const item = await source.next();
        if (item.done) {
          exhausted = true;
          break;
        }
        requests.push({ seq: seq++, card: item.value });
      }
      return requests.length > 0 ? requests : undefined;
    };

    const write = (replies: RenderReply[]) => {
      for (const reply of replies) {
        if (reply.ok) {
          pdf.addSide(reply.rendered.front);
          if (reply.rendered.back) pdf.addSide(reply.rendered.back);
          report.printed.push(reply.serial);
          for (const warning of reply.rendered.warnings) report.warnings.push({ ...warning, serial: reply.serial });
        } else {
          report.failed.push({ serial: reply.serial, code: reply.code, message: reply.message });
        }
      }
    };

    while (true) {
      // Workers first: laying out is most of a card's cost, and this thread has the PDF to write.
      while (!exhausted && made - next < window) {
        const idle = workers.find((worker) => worker.ready && worker.inFlight < WORKER_DEPTH);
        if (!idle) break;
        const requests = await take();
        if (!requests) break;
        chunks.set(made, track(idle.render(requests)));
        made += 1;
      }
      // Whatever is ready at the head goes into the PDF, in order.
      let head = chunks.get(next);
      let wrote = false;
      while (head !== undefined && (Array.isArray(head) || settled.has(head))) {
        chunks.delete(next);
        next += 1;
        write(Array.isArray(head) ? head : (settled.get(head) as RenderReply[]));
        if (!Array.isArray(head)) settled.delete(head);
        head = chunks.get(next);
        wrote = true;
      }
      if (exhausted && next === made) break;
      if (wrote) {
        // Lets the file catch up, and worker replies in.
        await pdf.settle();
        continue;
      }
      if (layoutHere && !exhausted && made - next < window) {
        // Nothing to write yet (threads starting, or busy): this thread lays out a chunk.
        const requests = await take();
        if (requests) {
          chunks.set(made, renderRequests(requests, local.layouts, local.context));
          made += 1;
        }
        await pdf.settle();
        continue;
      }
      if (head !== undefined) await head;
      else await Promise.race(workers.map((worker) => worker.started));
    }
    report.pages = pdf.pageCount;
    await pdf.end();
    return report;
  } finally {
    await Promise.all(workers.map((worker) => worker.stop()));
  }
}

/** Replies that have arrived, by their promise, so the loop can tell without waiting. */
const settled = new WeakMap<Promise<RenderReply[]>, RenderReply[]>();
function track(reply: Promise<RenderReply[]>): Promise<RenderReply[]> {
  reply.then(
    (replies) => settled.set(reply, replies),
    () => undefined,
  );
  return reply;
}

function toAsync<T>(items: Iterable<T> | AsyncIterable<T>): AsyncIterator<T> | Iterator<T> {
  return Symbol.asyncIterator in items ? items[Symbol.asyncIterator]() : items[Symbol.iterator]();
}

function startWorker(job: RenderJob) {
  const script = new URL('./render-worker.ts', import.meta.url);
  // What a thread keeps (font tables, caches) stays near 30 MB, but V8 lets both heap
  // generations grow well past that before collecting. Capped, a 10,000-card batch peaks
  // at 325-355 MB instead of 420-480; a young generation of 4 MB saved another ~20 MB but
  // made the thread (the slower side of the batch) ~8% slower, 16 MB the reverse.
  const worker = startThread(script, {
    workerData: job,
    resourceLimits: { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 128 },
  });
  const waiting: { resolve: (replies: RenderReply[]) => void; reject: (error: unknown) => void }[] = [];
  let failure: unknown;
  let started: { resolve: () => void; reject: (error: unknown) => void } | undefined;
  const state = {
    /** Settles when the thread is ready, or has failed before it was. */
    started: new Promise<void>((resolve, reject) => {
      started = { resolve, reject };
    }),
    /** The thread has loaded its code, fonts and layouts: until then this thread does its share. */
    ready: false,
    get inFlight() {
      return waiting.length;
    },
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
  worker.on('message', (message: RenderReply[] | 'ready') => {
    if (message === 'ready') {
      state.ready = true;
      started?.resolve();
    } else {
      waiting.shift()?.resolve(message);
    }
  });
  const fail = (error: unknown) => {
    failure = error;
    state.ready = false;
    started?.reject(error);
    for (const waiter of waiting.splice(0)) waiter.reject(error);
  };
  state.started.catch(() => undefined);
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`a rendering thread stopped (exit ${code})`)));
  return state;
}
