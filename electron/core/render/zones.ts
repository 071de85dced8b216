/**
 * The zones a badge opens, drawn two ways: code chips for the front (what a gate steward
 * reads at a glance) and a legend with names for the back. Colour is never the only cue:
 * the code is always printed; zones a badge does not open are greyed, never hidden, when
 * the layout asks for all of them.
 */
import type { CardData } from './card.ts';
import type { DisplayItem, RenderWarning, Rotation } from './display-list.ts';
import type { FontSet } from './fonts.ts';
import type { ZonesElement } from './layout-schema.ts';
import { MM_PER_PT } from './text.ts';

const GAP = 0.8;
const OFF_FILL = '#E9ECEF';
const OFF_INK = '#9AA1A8';

export function layoutZones(
  element: ZonesElement,
  card: CardData,
  fonts: FontSet,
  rotate: Rotation | undefined,
  ink: string,
  accent: string,
  warn: (code: RenderWarning['code'], message: string) => void,
): DisplayItem[] {
  const granted = new Set(card.zones.map((zone) => zone.code));
  const zones = element.show === 'all' ? card.allZones : card.zones;
  for (let size = element.size; size >= 4; size -= 0.5) {
    const items =
      element.style === 'chips'
        ? chips(element, zones, granted, fonts, size, rotate, accent)
        : legend(element, zones, granted, fonts, size, rotate, ink, accent);
    if (items) return items;
  }
  warn('TEXT_TRUNCATED', `${zones.length} zones do not fit even at 4 pt; only the first ones are printed`);
  return (
    (element.style === 'chips'
      ? chips(element, zones, granted, fonts, 4, rotate, accent, true)
      : legend(element, zones, granted, fonts, 4, rotate, ink, accent, true)) ?? []
  );
}

function chips(
  element: ZonesElement,
  zones: CardData['zones'],
  granted: Set<string>,
  fonts: FontSet,
  size: number,
  rotate: Rotation | undefined,
  accent: string,
  cut = false,
): DisplayItem[] | null {
  const sizeMm = size * MM_PER_PT;
  const height = sizeMm * 1.55;
  const pad = sizeMm * 0.45;
  const items: DisplayItem[] = [];
  let x = 0;
  let y = 0;
  for (const zone of zones) {
    const textWidth = fonts.width(zone.code, 'bold') * sizeMm;
    const width = textWidth + 2 * pad;
    if (x > 0 && x + width > element.width) {
      x = 0;
      y += height + GAP * 0.75;
    }
    if (y + height > element.height + 1e-6) {
      if (cut) break;
      return null;
    }
    const on = granted.has(zone.code);
    const base = { element: element.name, rotate };
    items.push({
      ...base,
      kind: 'rect',
      x: element.x + x,
      y: element.y + y,
      width,
      height,
      radius: height * 0.22,
      fill: on ? accent : OFF_FILL,
      strokeWidth: 0,
    });
    items.push({
      ...base,
      kind: 'text',
      size,
      weight: 'bold',
      fill: on ? '#FFFFFF' : OFF_INK,
      tracking: 0,
      lines: [{ text: zone.code, x: element.x + x + pad, y: element.y + y + height / 2 + 0.36 * sizeMm }],
    });
    x += width + GAP;
  }
  return items;
}

function legend(
  element: ZonesElement,
  zones: CardData['zones'],
  granted: Set<string>,
  fonts: FontSet,
  size: number,
  rotate: Rotation | undefined,
  ink: string,
  accent: string,
  cut = false,
): DisplayItem[] | null {
  const sizeMm = size * MM_PER_PT;
  const rowHeight = sizeMm * 1.5;
  const chipHeight = sizeMm * 1.3;
  const codeWidth = Math.max(...zones.map((zone) => fonts.width(zone.code, 'bold')), 0) * sizeMm + sizeMm * 0.8;
  const perColumn = Math.max(1, Math.floor((element.height + 1e-6) / rowHeight));
  const columns = Math.ceil(zones.length / perColumn);
  const columnWidth = (element.width - GAP * (columns - 1)) / columns;
  // Both names when they fit, else the Chinese name alone (the code is always there).
  const fitsWith = (label: (zone: CardData['zones'][number]) => string) =>
    zones.every((zone) => codeWidth + sizeMm * 0.5 + fonts.width(label(zone), 'regular') * sizeMm <= columnWidth);
  const both = (zone: CardData['zones'][number]) => `${zone.name_zh} ${zone.name_en}`;
  const labelOf = fitsWith(both) || size > 5.5 ? both : (zone: CardData['zones'][number]) => zone.name_zh;
  if ((!fitsWith(labelOf) || columns > 3) && !cut) return null;
  const items: DisplayItem[] = [];
  const base = { element: element.name, rotate };
  zones.slice(0, perColumn * Math.min(columns, 3)).forEach((zone, i) => {
    const x = element.x + Math.floor(i / perColumn) * (columnWidth + GAP);
    const y = element.y + (i % perColumn) * rowHeight;
    const on = granted.has(zone.code);
    items.push({
      ...base,
      kind: 'rect',
      x,
      y: y + (rowHeight - chipHeight) / 2,
      width: codeWidth,
      height: chipHeight,
      radius: chipHeight * 0.22,
      fill: on ? accent : OFF_FILL,
      strokeWidth: 0,
    });
    const baseline = y + rowHeight / 2 + 0.36 * sizeMm;
    const codeX = x + (codeWidth - fonts.width(zone.code, 'bold') * sizeMm) / 2;
    items.push({
      ...base,
      kind: 'text',
      size,
      weight: 'bold',
      fill: on ? '#FFFFFF' : OFF_INK,
      tracking: 0,
      lines: [{ text: zone.code, x: codeX, y: baseline }],
    });
    let label = labelOf(zone);
    while (cut && label.length > 1 && codeWidth + sizeMm * 0.5 + fonts.width(label, 'regular') * sizeMm > columnWidth)
      label = label.slice(0, -1);
    items.push({
      ...base,
      kind: 'text',
      size,
      weight: 'regular',
      fill: on ? ink : OFF_INK,
      tracking: 0,
      lines: [{ text: label, x: x + codeWidth + sizeMm * 0.5, y: baseline }],
    });
  });
  return items;
}
