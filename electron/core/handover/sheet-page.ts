/**
 * An A4 page of the office's paper (pick lists, separators, summaries, reports) filled top
 * to bottom, drawn as a display list by the cards' engine so its PDF and a preview agree.
 */
import type { DisplayItem, DisplayList, FontSet } from '../render/index.ts';
import { SHEET } from './map-sheet.ts';
import { INK, placedText, type TextStyle } from './placed-text.ts';

export const MARGIN = 12;
export type SheetTextStyle = Omit<TextStyle, 'minSize' | 'valign'>;
export const GREY = '#595959';
const RULE = '#BFBFBF';
export const ROW = 5.2;

/** One A4 page being filled, top to bottom. */
export class SheetPage {
  readonly items: DisplayItem[] = [];
  constructor(private readonly fonts: FontSet) {}

  /** Sheet text may shrink to 5 pt (or its own size, if smaller) before it wraps or is cut. */
  text(element: string, value: string, x: number, y: number, width: number, height: number, style: SheetTextStyle): void {
    if (!value) return;
    const { item } = placedText(
      this.fonts,
      element,
      value,
      { x, y, width, height },
      { ...style, minSize: Math.min(style.size, 5) },
    );
    if (item) this.items.push(item);
  }

  swatch(element: string, x: number, y: number, size: number, colour: string): void {
    this.items.push({
      kind: 'rect',
      element,
      x,
      y,
      width: size,
      height: size,
      radius: 0.4,
      fill: colour,
      stroke: INK,
      strokeWidth: 0.15,
    });
  }

  rule(element: string, y: number, colour = RULE, width = 0.2): void {
    this.items.push({
      kind: 'path',
      element,
      x: 0,
      y: 0,
      d: `M ${MARGIN} ${y} H ${SHEET.width - MARGIN}`,
      scale: 1,
      stroke: colour,
      strokeWidth: width,
    });
  }

  list(): DisplayList {
    return { side: 'front', width: SHEET.width, height: SHEET.height, background: '#FFFFFF', items: this.items, warnings: [] };
  }
}

export const WIDTH = SHEET.width - 2 * MARGIN;

/** Pages numbered "what 1 / n" at their foot. */
export function numbered(pages: SheetPage[], what: string): DisplayList[] {
  return pages.map((page, index) => {
    page.text('page', `${what} ${index + 1} / ${pages.length}`, MARGIN, SHEET.height - MARGIN - 4, WIDTH, 4, {
      size: 7,
      fill: GREY,
      align: 'right',
    });
    return page.list();
  });
}
