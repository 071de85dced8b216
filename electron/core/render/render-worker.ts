/**
 * A rendering thread: loads the fonts and layouts once, then turns cards into display
 * lists (text fitting, barcode symbols, photo headers: the costly part) for the thread
 * that writes the PDF in order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isStationError } from '../errors.ts';
import type { CardData } from './card.ts';
import { loadLayouts } from './layouts.ts';
import { engineContext, layoutCard, layoutFor } from './render.ts';

export interface RenderJob {
  layoutsDir?: string | undefined;
}

export type RenderRequest = { seq: number; card: CardData };
export type RenderReply =
  | { seq: number; ok: true; rendered: ReturnType<typeof layoutCard> }
  | { seq: number; ok: false; code: string; message: string };

const port = parentPort;
if (!port) throw new Error('render-worker runs as a worker thread');
const job = workerData as RenderJob;
const layouts = loadLayouts(job.layoutsDir);
const context = engineContext();

port.on('message', (requests: RenderRequest[]) => {
  const replies: RenderReply[] = requests.map(({ seq, card }) => {
    try {
      return { seq, ok: true, rendered: layoutCard(layoutFor(layouts, card), card, context) };
    } catch (error) {
      return isStationError(error)
        ? { seq, ok: false, code: error.code, message: error.message }
        : { seq, ok: false, code: 'RENDER_FAILED', message: (error as Error).message };
    }
  });
  // Photos move to the writing thread without a copy (each was read into its own buffer).
  const transfer = new Set<ArrayBuffer>();
  for (const reply of replies) {
    if (!reply.ok) continue;
    for (const list of [reply.rendered.front, reply.rendered.back]) {
      for (const item of list?.items ?? []) {
        if (item.kind !== 'image' || !item.photo) continue;
        const { buffer, byteLength } = item.image.bytes;
        if (buffer instanceof ArrayBuffer && buffer.byteLength === byteLength) transfer.add(buffer);
      }
    }
  }
  port.postMessage(replies, [...transfer]);
});
