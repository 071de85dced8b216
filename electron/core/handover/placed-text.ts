/**
 * Text placed in a box of a handover sheet: fitted by the cards' own engine (fitText:
 * shrink, then wrap, then cut with "…"), as one display-list item at the box's place.
 */
import type { DisplayItem, FontSet } from '../render/index.ts';
import { fitText } from '../render/text.ts';

export const INK = '#1A1A1A';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface TextStyle {
  size: number;
  /** How small it may shrink before wrapping or cutting (pt). */
  minSize: number;
  weight?: 'regular' | 'bold';
  fill?: string;
  align?: 'left' | 'center' | 'right';
  valign?: 'top' | 'middle' | 'bottom';
  maxLines?: number;
}

/** The item (none for empty text), and whether the text had to be cut to fit. */
export function placedText(
  fonts: FontSet,
  element: string,
  value: string,
  box: Box,
  style: TextStyle,
): { item: DisplayItem | undefined; truncated: boolean } {
  const weight = style.weight ?? 'regular';
  const fitted = fitText(
    value,
    {
      width: box.width,
      height: box.height,
      size: style.size,
      minSize: style.minSize,
      maxLines: style.maxLines ?? 1,
      leading: 1.15,
      tracking: 0,
      weight,
      align: style.align ?? 'left',
      valign: style.valign ?? 'middle',
    },
    fonts,
  );
  if (fitted.lines.length === 0) return { item: undefined, truncated: fitted.truncated };
  return {
    item: {
      kind: 'text',
      element,
      size: fitted.size,
      weight,
      fill: style.fill ?? INK,
      tracking: 0,
      lines: fitted.lines.map((line) => ({ text: line.text, x: box.x + line.x, y: box.y + line.y })),
    },
    truncated: fitted.truncated,
  };
}
