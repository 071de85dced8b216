/**
 * Fold-in maps imposed four to an A4 sheet for an ordinary office printer: the four A6
 * inserts (105 x 148 mm) meet at one cut across and one down the sheet, with crop marks
 * where the cuts run and dashed fold marks where each insert folds, all in the sheet's
 * outer 4 mm (which no insert uses: FOLD_IN's EDGE) or astride the cuts.
 *
 * A4 is 297 mm tall and two inserts 296: the spare millimetre is split above and below.
 */
import type { DisplayItem, DisplayList } from '../render/index.ts';
import { FOLDS, INSERT } from './fold-in-map.ts';

export const SHEET = { width: 210, height: 297 } as const;
export const MAPS_PER_SHEET = 4;
const TOP = (SHEET.height - 2 * INSERT.height) / 2;
/** Where each insert's top-left corner goes, in reading order. */
const SLOTS: readonly { x: number; y: number }[] = [
  { x: 0, y: TOP },
  { x: INSERT.width, y: TOP },
  { x: 0, y: TOP + INSERT.height },
  { x: INSERT.width, y: TOP + INSERT.height },
];
const MARK = 3;
const MARK_LINE = 0.2;

/** The sheet's cut lines and every insert's fold lines, in mm from the sheet's top-left corner. */
function sheetLines(): { cuts: { x: number[]; y: number[] }; folds: { x: number[]; y: number[] } } {
  return {
    cuts: { x: [INSERT.width], y: [TOP, TOP + INSERT.height, TOP + 2 * INSERT.height] },
    folds: { x: [FOLDS.x, INSERT.width + FOLDS.x], y: [TOP + FOLDS.y, TOP + INSERT.height + FOLDS.y] },
  };
}

/** Up to four maps on one sheet, in reading order; the slots of a short last sheet stay blank. */
export function mapSheet(maps: readonly DisplayList[]): DisplayList {
  if (maps.length > MAPS_PER_SHEET) throw new Error(`a sheet holds ${MAPS_PER_SHEET} maps, not ${maps.length}`);
  const items: DisplayItem[] = [];
  maps.forEach((map, index) => {
    const slot = SLOTS[index] as { x: number; y: number };
    for (const item of map.items) items.push(moved(item, slot.x, slot.y, index));
  });
  const { cuts, folds } = sheetLines();
  const tick = (element: string, d: string, dashed: boolean) =>
    items.push({
      kind: 'path',
      element,
      x: 0,
      y: 0,
      d: dashed ? dashes(d) : d,
      scale: 1,
      stroke: '#000000',
      strokeWidth: MARK_LINE,
    });
  // Crop marks: the cut down the middle, at the top and bottom edges; the cuts across, at both sides.
  for (const x of cuts.x) {
    tick('crop', `M ${x} ${TOP} V ${TOP + MARK}`, false);
    tick('crop', `M ${x} ${SHEET.height - TOP} V ${SHEET.height - TOP - MARK}`, false);
  }
  for (const y of cuts.y) {
    tick('crop', `M 0 ${y} H ${MARK}`, false);
    tick('crop', `M ${SHEET.width} ${y} H ${SHEET.width - MARK}`, false);
  }
  // Fold marks: each fold line at both ends of the insert it folds, dashed.
  for (const x of folds.x) {
    for (const row of [0, 1]) {
      const top = TOP + row * INSERT.height;
      tick('fold', `M ${x} ${top} V ${top + MARK}`, true);
      tick('fold', `M ${x} ${top + INSERT.height} V ${top + INSERT.height - MARK}`, true);
    }
  }
  for (const y of folds.y) {
    for (const column of [0, 1]) {
      const left = column * INSERT.width;
      tick('fold', `M ${left} ${y} H ${left + MARK}`, true);
      tick('fold', `M ${left + INSERT.width} ${y} H ${left + INSERT.width - MARK}`, true);
    }
  }
  return {
    side: 'front',
    width: SHEET.width,
    height: SHEET.height,
    background: '#FFFFFF',
    items,
    warnings: maps.flatMap((map, index) =>
      map.warnings.map((warning) => ({ ...warning, element: `map ${index + 1}: ${warning.element}` })),
    ),
  };
}

/** A straight tick as two dashes of a millimetre with a gap between, so a fold mark never reads as a cut. */
function dashes(d: string): string {
  const [, x0, y0, axis, to] = /^M (\S+) (\S+) ([HV]) (\S+)$/.exec(d) ?? [];
  const start = { x: Number(x0), y: Number(y0) };
  const end = axis === 'H' ? { x: Number(to), y: start.y } : { x: start.x, y: Number(to) };
  const parts: string[] = [];
  for (const [a, b] of [
    [0, 1 / MARK],
    [2 / MARK, 1],
  ] as const) {
    const p = (t: number) => `${start.x + (end.x - start.x) * t} ${start.y + (end.y - start.y) * t}`;
    parts.push(`M ${p(a)} L ${p(b)}`);
  }
  return parts.join(' ');
}

function moved(item: DisplayItem, dx: number, dy: number, slot: number): DisplayItem {
  const element = `map${slot + 1}:${item.element}`;
  const rotate = item.rotate ? { ...item.rotate, cx: item.rotate.cx + dx, cy: item.rotate.cy + dy } : undefined;
  switch (item.kind) {
    case 'text':
      return { ...item, element, rotate, lines: item.lines.map((line) => ({ ...line, x: line.x + dx, y: line.y + dy })) };
    default:
      return { ...item, element, rotate, x: item.x + dx, y: item.y + dy };
  }
}
