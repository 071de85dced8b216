/**
 * A card-drawing thread for the pipeline: fonts and layouts loaded once, then each card's
 * data (already signed by the core's main thread, which alone holds the key) laid out and
 * drawn as that printer's PDF.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { StationError } from '../errors.ts';
import { cardPdf, engineContext, layoutCard, layoutFor, loadLayouts } from '../render/index.ts';
import type { CardReply, CardRequest } from './card-press.ts';

const port = parentPort;
if (!port) throw new Error('card-worker runs as a worker thread');
const layouts = loadLayouts((workerData as { layoutsDir?: string }).layoutsDir);
const context = engineContext();

port.on('message', async (request: CardRequest) => {
  let reply: CardReply;
  try {
    const rendered = layoutCard(layoutFor(layouts, request.card), request.card, context);
    const drawn = await cardPdf(rendered, request.calibration, context.fonts);
    // A copy of its own, so the buffer moves to the main thread instead of being cloned.
    const pdf = new Uint8Array(drawn);
    const warnings = rendered.warnings.map(({ code, element, message }) => ({ code, element, message }));
    reply = { id: request.id, ok: true, pdf, warnings };
    port.postMessage(reply, [pdf.buffer]);
  } catch (error) {
    const code = error instanceof StationError ? error.code : 'RENDER_FAILED';
    reply = { id: request.id, ok: false, code, message: (error as Error).message };
    port.postMessage(reply);
  }
});
port.postMessage('ready');
