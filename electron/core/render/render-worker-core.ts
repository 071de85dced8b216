/**
 * Laying out a chunk of a batch's cards: the same on a rendering thread and on the thread
 * that writes the PDF (which takes chunks too while the threads start or are busy).
 */
import { isStationError } from '../errors.ts';
import type { CardData } from './card.ts';
import { layoutCard, layoutFor } from './card-layout.ts';
import type { EngineContext } from './engine.ts';
import type { FontWeight } from './fonts.ts';
import type { Layout } from './layout-schema.ts';

export interface RenderJob {
  /** Layouts by badge type, checked by the thread that starts the batch (so threads load no schema code). */
  layouts: Map<string, Layout>;
  /** The font files, shared with the thread that starts the batch (`fontBytes`). */
  fonts: Record<FontWeight, Uint8Array>;
}

export type RenderRequest = { seq: number; card: CardData };
export type RenderReply =
  | { seq: number; serial: string; ok: true; rendered: ReturnType<typeof layoutCard> }
  | { seq: number; serial: string; ok: false; code: string; message: string };

export function renderRequests(
  requests: RenderRequest[],
  layouts: ReadonlyMap<string, Layout>,
  context: EngineContext,
): RenderReply[] {
  return requests.map(({ seq, card }) => {
    const serial = card.serial;
    try {
      return { seq, serial, ok: true, rendered: layoutCard(layoutFor(layouts, card), card, context) };
    } catch (error) {
      return isStationError(error)
        ? { seq, serial, ok: false, code: error.code, message: error.message }
        : { seq, serial, ok: false, code: 'RENDER_FAILED', message: (error as Error).message };
    }
  });
}

/** The replies' photo buffers, to move to the writing thread without a copy (each photo was read into its own). */
export function photoBuffers(replies: RenderReply[]): ArrayBuffer[] {
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
  return [...transfer];
}
