/**
 * The layout engine: a layout, a side and a card in; a display list out. Every element is
 * resolved here (variables, conditions, fitting, symbols, photos), so both backends
 * only draw. Problems that leave a usable card are warnings; those that do not (a barcode
 * that cannot hold its content) fail this card only, naming the element.
 */
import { StationError } from '../errors.ts';
import { BarcodeContentError, barcodeRects } from './barcodes.ts';
import { type CardData, KIND_MARK } from './card.ts';
import type { DisplayItem, DisplayList, RenderWarning, Rotation } from './display-list.ts';
import type { FontSet } from './fonts.ts';
import { boundingBox } from './geometry.ts';
import { type ImageSource, ImageUnreadable, probeImage, readImageFile } from './images.ts';
import type { Condition, Layout, LayoutElement, Side } from './layout-schema.ts';
import { describeCharacter, hasRightToLeft } from './scripts.ts';
import { fitText, MM_PER_PT } from './text.ts';
import { fill, variable } from './variables.ts';
import { layoutZones } from './zones.ts';

export interface EngineContext {
  fonts: FontSet;
  /** Static art by its path in the layout (relative to templates/). */
  art(source: string): ImageSource;
}

export function layoutSide(layout: Layout, side: Side, card: CardData, context: EngineContext): DisplayList {
  const spec = layout[side];
  const list: DisplayList = {
    side,
    width: layout.card.width,
    height: layout.card.height,
    background: spec ? colourOf(spec.background, card) : '#FFFFFF',
    items: [],
    warnings: [],
  };
  if (card.kind !== 'badge' && (card.payload.startsWith('BS1:') || /^[A-Z]-\d{3}-\d{7}-\d$/.test(card.serial))) {
    throw new StationError(
      'RENDER_FAILED',
      `A ${card.kind} card must carry no event serial and no payload that verifies; it was given ${card.serial}.`,
    );
  }
  const photo = side === 'front' || spec?.elements.some((e) => e.type === 'image') ? resolvePhoto(card) : undefined;
  for (const element of spec?.elements ?? []) {
    if (element.when && !holds(element.when, card)) continue;
    const warn = (code: RenderWarning['code'], message: string) =>
      list.warnings.push({ code, side, element: element.name, message: `${side} element "${element.name}": ${message}` });
    try {
      draw(element, card, context, list.items, warn, photo);
    } catch (error) {
      if (error instanceof StationError) throw error;
      const reason = error instanceof BarcodeContentError ? error.message : `cannot be drawn: ${(error as Error).message}`;
      throw new StationError('RENDER_FAILED', `${side} element "${element.name}": ${reason}`, { side, element: element.name });
    }
    const safe = layout.card.safe;
    if (element.type === 'text' || element.type === 'barcode') {
      const [l, t, r, b] = boundingBox(element);
      if (l < safe - 1e-6 || t < safe - 1e-6 || r > layout.card.width - safe + 1e-6 || b > layout.card.height - safe + 1e-6) {
        warn('OUTSIDE_SAFE_AREA', `reaches within ${safe} mm of the card's edge, where printers may cut it`);
      }
    }
  }
  if (card.kind !== 'badge') markNonBadge(list, card, context);
  return list;
}

type Warn = (code: RenderWarning['code'], message: string) => void;
type PhotoResult = { image: ImageSource } | { missing: string; code: 'IMAGE_MISSING' | 'IMAGE_UNREADABLE' };

function draw(
  element: LayoutElement,
  card: CardData,
  context: EngineContext,
  items: DisplayItem[],
  warn: Warn,
  photo: PhotoResult | undefined,
): void {
  const rotate = rotation(element);
  const base = { element: element.name, rotate };
  switch (element.type) {
    case 'rect':
      items.push({ ...base, kind: 'rect', ...boxOf(element), radius: element.radius, ...paint(element, card) });
      return;
    case 'ellipse':
      items.push({ ...base, kind: 'ellipse', ...boxOf(element), ...paint(element, card) });
      return;
    case 'polygon': {
      const d = `${element.points.map(([x, y], i) => `${i ? 'L' : 'M'}${x} ${y}`).join(' ')}${element.closed ? ' Z' : ''}`;
      items.push({ ...base, kind: 'path', x: element.x, y: element.y, d, scale: 1, ...paint(element, card) });
      return;
    }
    case 'path':
      items.push({
        ...base,
        kind: 'path',
        x: element.x,
        y: element.y,
        d: element.d,
        scale: element.scale,
        ...paint(element, card),
      });
      return;
    case 'text': {
      let text = fill(element.text, card).normalize('NFC');
      if (element.upper) text = text.toUpperCase();
      if (hasRightToLeft(text) && element.text.includes('{holder.name}') && card.holder.latin_name) {
        warn(
          'NAME_RTL_REPLACED',
          'the name is written right to left, which the badge font cannot shape; the passport name is printed instead',
        );
        text = fill(element.text.replaceAll('{holder.name}', '{holder.latin_name}'), card).normalize('NFC');
      }
      if (text.trim() === '' && /\{(holder|badge)\./.test(element.text))
        warn('VARIABLE_EMPTY', 'has nothing to print for this card');
      const font = context.fonts[element.weight].font;
      const missing = [
        ...new Set([...text].filter((char) => !/\s/.test(char) && !font.hasGlyphForCodePoint(char.codePointAt(0) as number))),
      ];
      if (missing.length > 0) {
        warn(
          'GLYPH_MISSING',
          `the badge font has no glyph for ${missing.map(describeCharacter).join(', ')}; it prints as an empty box`,
        );
      }
      const fitted = fitText(
        text,
        {
          width: element.width,
          height: element.height,
          size: element.size,
          minSize: Math.min(element.min_size ?? element.size, element.size),
          maxLines: element.max_lines,
          leading: element.leading,
          tracking: element.tracking,
          weight: element.weight,
          align: element.align,
          valign: element.valign,
        },
        context.fonts,
      );
      if (fitted.truncated) {
        warn('TEXT_TRUNCATED', `"${text}" does not fit even at ${fitted.size} pt on ${element.max_lines} line(s); it was cut`);
      }
      items.push({
        ...base,
        kind: 'text',
        size: fitted.size,
        weight: element.weight,
        fill: colourOf(element.colour, card),
        tracking: element.tracking,
        lines: fitted.lines.map((line) => ({ text: line.text, x: element.x + line.x, y: element.y + line.y })),
      });
      return;
    }
    case 'image': {
      let result: PhotoResult;
      if (element.source === '{holder.photo}') {
        result = photo ?? { missing: 'no photo', code: 'IMAGE_MISSING' };
      } else {
        try {
          result = { image: context.art(element.source) };
        } catch (error) {
          result = { missing: `the art file ${element.source} ${(error as Error).message}`, code: 'IMAGE_UNREADABLE' };
        }
      }
      if ('image' in result) {
        const photo = element.source === '{holder.photo}';
        items.push({
          ...base,
          kind: 'image',
          ...boxOf(element),
          image: result.image,
          fit: element.fit,
          radius: element.radius,
          photo,
        });
      } else {
        if (element.source !== '{holder.photo}' || result.code === 'IMAGE_UNREADABLE' || card.kind === 'badge') {
          warn(result.code, `${result.missing}; a placeholder is printed`);
        }
        placeholder(element, base, items, context);
      }
      if (element.stroke) {
        items.push({
          ...base,
          kind: 'rect',
          ...boxOf(element),
          radius: element.radius,
          stroke: colourOf(element.stroke, card),
          strokeWidth: element.stroke_width,
        });
      }
      return;
    }
    case 'barcode': {
      const content = fill(element.content, card);
      if (content === '') throw new BarcodeContentError('has no content for this card (an empty payload or serial)');
      if (element.background)
        items.push({
          ...base,
          kind: 'rect',
          ...boxOf(element),
          radius: 0,
          fill: colourOf(element.background, card),
          strokeWidth: 0,
        });
      const symbol = barcodeRects(element.symbology, content, element.level, element.width, element.height, element.quiet);
      items.push({
        ...base,
        kind: 'bars',
        x: element.x + symbol.left,
        y: element.y + symbol.top,
        moduleWidth: symbol.moduleWidth,
        moduleHeight: symbol.moduleHeight,
        runs: symbol.runs,
        fill: colourOf(element.colour, card),
      });
      return;
    }
    case 'zones':
      items.push(
        ...layoutZones(
          element,
          card,
          context.fonts,
          rotate,
          colourOf(element.colour, card),
          colourOf(element.accent, card),
          warn,
        ),
      );
      return;
  }
}

function resolvePhoto(card: CardData): PhotoResult {
  if (card.photo?.problem) return { missing: card.photo.problem, code: 'IMAGE_MISSING' };
  if (!card.photo || (!card.photo.bytes && !card.photo.path))
    return { missing: 'the holder has no photo', code: 'IMAGE_MISSING' };
  try {
    return { image: card.photo.bytes ? probeImage(card.photo.bytes) : readImageFile(card.photo.path as string) };
  } catch (error) {
    if (error instanceof ImageUnreadable) {
      const missing = /ENOENT/.test(error.message) ? 'the photo file is missing' : `the photo ${error.message}`;
      return { missing, code: /ENOENT/.test(error.message) ? 'IMAGE_MISSING' : 'IMAGE_UNREADABLE' };
    }
    throw error;
  }
}

/** A grey box with a head-and-shoulders outline and the placeholder words. */
function placeholder(
  element: Extract<LayoutElement, { type: 'image' }>,
  base: { element: string; rotate: Rotation | undefined },
  items: DisplayItem[],
  context: EngineContext,
): void {
  const { x, y, width: w, height: h } = element;
  items.push({ ...base, kind: 'rect', x, y, width: w, height: h, radius: element.radius, fill: '#E9ECEF', strokeWidth: 0 });
  const s = Math.min(w, h) / 20;
  const d = `M${w / 2 - 6 * s} ${h * 0.78} C${w / 2 - 6 * s} ${h * 0.55} ${w / 2 + 6 * s} ${h * 0.55} ${w / 2 + 6 * s} ${h * 0.78} Z`;
  items.push({
    ...base,
    kind: 'ellipse',
    x: x + w / 2 - 3.2 * s,
    y: y + h * 0.3,
    width: 6.4 * s,
    height: 7.4 * s,
    fill: '#C4CAD0',
    strokeWidth: 0,
  });
  items.push({ ...base, kind: 'path', x, y, d, scale: 1, fill: '#C4CAD0', strokeWidth: 0 });
  const fitted = fitText(
    element.placeholder,
    {
      width: w - 1,
      height: h * 0.18,
      size: 6,
      minSize: 4,
      maxLines: 1,
      leading: 1.1,
      tracking: 0,
      weight: 'regular',
      align: 'center',
      valign: 'middle',
    },
    context.fonts,
  );
  items.push({
    ...base,
    kind: 'text',
    size: fitted.size,
    weight: 'regular',
    fill: '#6C757D',
    tracking: 0,
    lines: fitted.lines.map((line) => ({ text: line.text, x: x + 0.5 + line.x, y: y + h * 0.05 + line.y })),
  });
}

/** A diagonal band across the face, so a test or calibration card is never mistaken for a badge. */
function markNonBadge(list: DisplayList, card: CardData, context: EngineContext): void {
  if (card.kind === 'badge') return;
  const text = KIND_MARK[card.kind];
  const width = list.width * 1.1;
  const height = 9;
  const x = (list.width - width) / 2;
  const y = (list.height - height) / 2;
  const rotate = { angle: -24, cx: list.width / 2, cy: list.height / 2 };
  list.items.push({
    element: 'kind-mark',
    rotate,
    kind: 'rect',
    x,
    y,
    width,
    height,
    radius: 0,
    fill: '#FFD400',
    stroke: '#000000',
    strokeWidth: 0.4,
  });
  const fitted = fitText(
    `${text} · 无效 NOT VALID`,
    {
      width,
      height,
      size: 13,
      minSize: 6,
      maxLines: 1,
      leading: 1.1,
      tracking: 0.5,
      weight: 'bold',
      align: 'center',
      valign: 'middle',
    },
    context.fonts,
  );
  list.items.push({
    element: 'kind-mark',
    rotate,
    kind: 'text',
    size: fitted.size,
    weight: 'bold',
    fill: '#000000',
    tracking: 0.5,
    lines: fitted.lines.map((line) => ({ text: line.text, x: x + line.x, y: y + line.y })),
  });
}

export function holds(condition: Condition, card: CardData): boolean {
  if ('zone' in condition) return card.zones.some((zone) => zone.code === condition.zone);
  if ('type' in condition) return condition.type.includes(card.type.code);
  if ('kind' in condition) return condition.kind.includes(card.kind);
  if ('has' in condition) return variable(card, condition.has).trim() !== '';
  if ('not' in condition) return !holds(condition.not, card);
  if ('all' in condition) return condition.all.every((inner) => holds(inner, card));
  return condition.any.some((inner) => holds(inner, card));
}

function rotation(element: LayoutElement): Rotation | undefined {
  if (!element.rotate) return undefined;
  return { angle: element.rotate, cx: element.x + element.width / 2, cy: element.y + element.height / 2 };
}

function boxOf(element: { x: number; y: number; width: number; height: number }) {
  return { x: element.x, y: element.y, width: element.width, height: element.height };
}

function paint(element: { fill?: string | undefined; stroke?: string | undefined; stroke_width: number }, card: CardData) {
  return {
    fill: element.fill ? colourOf(element.fill, card) : undefined,
    stroke: element.stroke ? colourOf(element.stroke, card) : undefined,
    strokeWidth: element.stroke_width,
  };
}

function colourOf(value: string, card: CardData): string {
  const colour = fill(value, card);
  return /^#[0-9A-Fa-f]{6}$/.test(colour) ? colour.toUpperCase() : '#000000';
}

export { MM_PER_PT };
