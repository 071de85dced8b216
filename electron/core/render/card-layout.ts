/**
 * Laying out one card: its layout (by badge type) and both sides as display lists. Kept
 * apart from the PDF and SVG backends so a rendering thread loads no PDF code.
 */
import { join } from 'node:path';
import { StationError } from '../errors.ts';
import { templatesDir } from '../paths.ts';
import type { CardData } from './card.ts';
import type { DisplayList, RenderWarning } from './display-list.ts';
import { type EngineContext, layoutSide } from './engine.ts';
import { badgeFonts, type FontSet } from './fonts.ts';
import { type ImageSource, readImageFile } from './images.ts';
import type { Layout } from './layout-schema.ts';

export interface RenderedCard {
  front: DisplayList;
  back: DisplayList | undefined;
  warnings: RenderWarning[];
}

export function engineContext(fonts: FontSet = badgeFonts(), artDir = templatesDir()): EngineContext {
  const art = new Map<string, ImageSource>();
  return {
    fonts,
    art(source) {
      let image = art.get(source);
      if (!image) {
        if (source.includes('..') || !/^art\/[\w./-]+$/.test(source)) throw new Error('is not a file under templates/art/');
        image = readImageFile(join(artDir, source));
        art.set(source, image);
      }
      return image;
    },
  };
}

export function layoutFor(layouts: ReadonlyMap<string, Layout>, card: CardData): Layout {
  const layout = layouts.get(card.type.code);
  if (!layout) {
    throw new StationError('LAYOUT_MISSING', `No layout in templates/layouts/ is for the badge type "${card.type.code}".`, {
      type: card.type.code,
    });
  }
  return layout;
}

export function layoutCard(layout: Layout, card: CardData, context: EngineContext = engineContext()): RenderedCard {
  const front = layoutSide(layout, 'front', card, context);
  const back = layout.back ? layoutSide(layout, 'back', card, context) : undefined;
  return { front, back, warnings: [...front.warnings, ...(back?.warnings ?? [])] };
}
