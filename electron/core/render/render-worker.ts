/**
 * A rendering thread: loads the fonts and layouts once, says so, then turns chunks of
 * cards into display lists (text fitting, barcode symbols, photo headers: the costly part)
 * for the thread that writes the PDF in order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { engineContext } from './card-layout.ts';
import { adoptFontBytes } from './fonts.ts';
import { photoBuffers, type RenderJob, type RenderRequest, renderRequests } from './render-worker-core.ts';

export type { RenderJob, RenderReply, RenderRequest } from './render-worker-core.ts';

const port = parentPort;
if (!port) throw new Error('render-worker runs as a worker thread');
const job = workerData as RenderJob;
const { layouts } = job;
adoptFontBytes(job.fonts);
const context = engineContext();
port.postMessage('ready');

port.on('message', (requests: RenderRequest[]) => {
  const replies = renderRequests(requests, layouts, context);
  port.postMessage(replies, photoBuffers(replies));
});
