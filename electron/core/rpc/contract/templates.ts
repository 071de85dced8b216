/** Templates: each badge type's card as it will print, to check a layout before a run. */
import { z } from 'zod';
import { everyone, method } from './spec.ts';

export const templatesMethods = {
  /**
   * One badge type's card, front and back, drawn by the same engine as the print (the SVG
   * backend), with the sample holder or with the longest name of that type on the roster.
   * One type a call: a card's two sides are ~200 KB, six types together near the socket's 1 MB.
   */
  'templates.preview': method({
    params: z
      .object({
        /** A badge type's code (templates/types.json); the catalogue's first when left out. */
        type: z.string().min(1).max(40).optional(),
        sample: z.enum(['demo', 'longest']),
      })
      .strict(),
    result: z.object({
      /** Every type of the catalogue, in its order, for the picker. */
      types: z.array(z.object({ code: z.string(), nameZh: z.string(), nameEn: z.string() })),
      type: z.string(),
      /** What was drawn: 'demo' also when the longest name was asked for and the roster has nobody of this type. */
      sample: z.enum(['demo', 'longest']),
      holder: z.object({ id: z.string(), name: z.string() }),
      /** SVG documents, text drawn as glyph outlines: they show without any font installed. */
      front: z.string(),
      back: z.string().optional(),
      /** What the renderer changed or could not do (a name cut short, a glyph missing ...), as the print run reports it. */
      warnings: z.array(
        z.object({ code: z.string(), side: z.enum(['front', 'back']), element: z.string(), message: z.string() }),
      ),
    }),
    roles: everyone,
    timeoutMs: 30_000,
  }),
};
