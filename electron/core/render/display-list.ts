/**
 * The display list: what one side of a card looks like, in millimetres, after every
 * decision (variables, conditions, text fitting, barcode modules, photo crop) is made.
 * The PDF and SVG backends only draw it, so they cannot disagree about layout.
 */
import type { ImageSource } from './images.ts';

export interface Rotation {
  /** Degrees clockwise about (cx, cy). */
  angle: number;
  cx: number;
  cy: number;
}

interface Base {
  /** The layout element it came from. */
  element: string;
  rotate?: Rotation | undefined;
}

export interface PaintStyle {
  fill?: string | undefined;
  stroke?: string | undefined;
  strokeWidth: number;
}

export type DisplayItem =
  | (Base & PaintStyle & { kind: 'rect'; x: number; y: number; width: number; height: number; radius: number })
  | (Base & PaintStyle & { kind: 'ellipse'; x: number; y: number; width: number; height: number })
  | (Base & PaintStyle & { kind: 'path'; x: number; y: number; d: string; scale: number })
  | (Base & {
      kind: 'text';
      /** Point size and weight of every line; positions are the lines' left baselines in mm. */
      size: number;
      weight: 'regular' | 'bold';
      fill: string;
      tracking: number;
      lines: { text: string; x: number; y: number }[];
    })
  | (Base & {
      kind: 'image';
      x: number;
      y: number;
      width: number;
      height: number;
      image: ImageSource;
      fit: 'cover' | 'contain' | 'top';
      radius: number;
      /** The holder's photo, read for this card alone (static art is shared and cached). */
      photo?: boolean;
    })
  | (Base & {
      kind: 'bars';
      /** Module (0, 0) in mm, and a module's size: both backends draw in module units under one transform. */
      x: number;
      y: number;
      moduleWidth: number;
      moduleHeight: number;
      /** column, row, length of each dark run. */
      runs: Uint16Array;
      fill: string;
    });

export interface RenderWarning {
  code:
    | 'TEXT_TRUNCATED'
    | 'GLYPH_MISSING'
    | 'NAME_RTL_REPLACED'
    | 'IMAGE_MISSING'
    | 'IMAGE_UNREADABLE'
    | 'OUTSIDE_SAFE_AREA'
    | 'VARIABLE_EMPTY';
  side: 'front' | 'back';
  element: string;
  message: string;
}

export interface DisplayList {
  side: 'front' | 'back';
  width: number;
  height: number;
  background: string;
  items: DisplayItem[];
  warnings: RenderWarning[];
}

/** Where an image is drawn so that it covers or fits its box; the box is the clip. */
export function imagePlacement(item: Extract<DisplayItem, { kind: 'image' }>): {
  x: number;
  y: number;
  width: number;
  height: number;
} {
  const { image } = item;
  const scale =
    item.fit === 'contain'
      ? Math.min(item.width / image.width, item.height / image.height)
      : Math.max(item.width / image.width, item.height / image.height);
  const width = image.width * scale;
  const height = image.height * scale;
  const x = item.x + (item.width - width) / 2;
  const y = item.fit === 'top' ? item.y : item.y + (item.height - height) / 2;
  return { x, y, width, height };
}
