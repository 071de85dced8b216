/**
 * Text that always fits its box: shrink to the minimum size, then wrap up to the maximum
 * number of lines (breaking long words where they must), and only then cut with "…" and
 * say so. Positions are worked out here once, so the PDF and the SVG put every line at
 * the same place.
 */
import type { FontSet, FontWeight } from './fonts.ts';

export const MM_PER_PT = 25.4 / 72;
/** Where a line's baseline sits below its centre, in ems: halfway between CJK and Latin capitals. */
const OPTICAL_CENTRE = 0.36;
const STEP = 0.25;

export interface TextBox {
  width: number;
  height: number;
  size: number;
  minSize: number;
  maxLines: number;
  leading: number;
  tracking: number;
  weight: FontWeight;
  align: 'left' | 'center' | 'right';
  valign: 'top' | 'middle' | 'bottom';
}

export interface TextLine {
  text: string;
  /** Left end and baseline, in mm from the box's corner. */
  x: number;
  y: number;
  width: number;
}

export interface FittedText {
  size: number;
  lines: TextLine[];
  /** The text did not fit even at the minimum size and was cut. */
  truncated: boolean;
}

const CJK = /[\u2E80-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFF00-\uFFEF\u3000-\u303F]/u;

export function fitText(text: string, box: TextBox, fonts: FontSet): FittedText {
  const measure = (line: string, size: number) => lineWidth(line, size, box, fonts);
  const fitsHeight = (lines: number, size: number) => lines * size * box.leading * MM_PER_PT <= box.height + 1e-6;
  if (text === '') return { size: box.size, lines: [], truncated: false };
  const paragraphs = text.split('\n').length;
  // 1. One line, as large as it goes down to the minimum.
  for (let size = box.size; size >= box.minSize - 1e-9; size -= STEP) {
    if (paragraphs === 1 && measure(text, size) <= box.width && fitsHeight(1, size))
      return place([text], size, box, measure, false);
  }
  // 2. Wrapped onto more lines, again as large as possible.
  if (box.maxLines > 1 || paragraphs > 1) {
    for (let size = box.size; size >= box.minSize - 1e-9; size -= STEP) {
      const lines = wrap(text, size, box.width, measure);
      if (lines.length <= box.maxLines && fitsHeight(lines.length, size)) return place(lines, size, box, measure, false);
    }
  }
  // 3. Nothing fits: the smallest size, as many lines as allowed, the last one cut with "…".
  const size = box.minSize;
  const room = Math.max(1, Math.min(box.maxLines, Math.floor(box.height / (size * box.leading * MM_PER_PT) + 1e-6)));
  const lines = box.maxLines > 1 || paragraphs > 1 ? wrap(text, size, box.width, measure) : [text];
  const kept = lines.slice(0, room);
  let last = `${(kept.pop() ?? '').trimEnd()}…`;
  while (last.length > 1 && measure(last, size) > box.width) last = `${[...last].slice(0, -2).join('').trimEnd()}…`;
  kept.push(last);
  return place(kept, size, box, measure, true);
}

function lineWidth(line: string, size: number, box: TextBox, fonts: FontSet): number {
  const glyphs = [...line].length;
  return (fonts.width(line, box.weight) * size + box.tracking * Math.max(0, glyphs - 1)) * MM_PER_PT;
}

/** Greedy line breaking: at spaces, after hyphens, between Chinese characters; a word too long for a line is split. */
export function wrap(text: string, size: number, width: number, measure: (line: string, size: number) => number): string[] {
  return text.split('\n').flatMap((paragraph) => wrapParagraph(paragraph, size, width, measure));
}

function wrapParagraph(text: string, size: number, width: number, measure: (line: string, size: number) => number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const token of tokens(text)) {
    const candidate = line + token;
    if (measure(candidate.trimEnd(), size) <= width) {
      line = candidate;
      continue;
    }
    if (line.trim() !== '') lines.push(line.trimEnd());
    line = token.trimStart();
    // A single word wider than the line: break it between characters.
    while (measure(line, size) > width && [...line].length > 1) {
      const chars = [...line];
      let cut = chars.length - 1;
      while (cut > 1 && measure(chars.slice(0, cut).join(''), size) > width) cut -= 1;
      lines.push(chars.slice(0, cut).join(''));
      line = chars.slice(cut).join('');
    }
  }
  if (line.trim() !== '') lines.push(line.trimEnd());
  return lines;
}

/** Pieces a line may break after: a word with its trailing spaces or hyphen, or one Chinese character. */
function tokens(text: string): string[] {
  const out: string[] = [];
  let current = '';
  for (const char of text) {
    if (CJK.test(char)) {
      if (current) out.push(current);
      out.push(char);
      current = '';
    } else if (/\s/.test(char)) {
      current += char;
    } else {
      if (current && /\s$/.test(current)) {
        out.push(current);
        current = '';
      }
      current += char;
      if (char === '-' || char === '/' || char === '·') {
        out.push(current);
        current = '';
      }
    }
  }
  if (current) out.push(current);
  return out;
}

function place(
  texts: string[],
  size: number,
  box: TextBox,
  measure: (line: string, size: number) => number,
  truncated: boolean,
): FittedText {
  const lineHeight = size * box.leading * MM_PER_PT;
  const block = lineHeight * texts.length;
  const top = box.valign === 'top' ? 0 : box.valign === 'middle' ? (box.height - block) / 2 : box.height - block;
  const lines = texts.map((text, i) => {
    const width = measure(text, size);
    const x = box.align === 'left' ? 0 : box.align === 'center' ? (box.width - width) / 2 : box.width - width;
    const y = top + lineHeight * (i + 0.5) + OPTICAL_CENTRE * size * MM_PER_PT;
    return { text, x, y, width };
  });
  return { size, lines, truncated };
}
