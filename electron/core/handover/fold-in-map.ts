/**
 * One holder's fold-in venue map: an A6 insert (105 x 148 mm) folded in four to the
 * sleeve's back pocket (52.5 x 74 mm, DOMAIN.md), drawn as a display list, so the cards'
 * own PDF and SVG backends print and preview it.
 *
 * Unfolded, printed side up:
 *
 *   +--------------+--------------+
 *   | cover: type  | legend: the  |   The two folds cross at the middle. Folded, the cover
 *   | band, name,  | holder's     |   is what shows in the pocket; opened once, the legend
 *   | serial       | zones, gates |   and the map's top half; opened fully, the whole map.
 *   +--------------+--------------+
 *   | the venue: the holder's     |
 *   | zones in the type's colour, |
 *   | the rest grey               |
 *   +-----------------------------+
 *
 * Colour is never the only cue: a zone of the holder's also has a heavy outline and its
 * code in bold, the legend lists the zones by name, and the gates that lead to them are
 * named. Text stays 4 mm off the sheet's edges and 2.5 mm off the folds.
 */
import type { BadgeType, Catalog } from '../catalog/index.ts';
import type { DisplayItem, DisplayList, FontSet, RenderWarning } from '../render/index.ts';
import { type Box, INK, placedText, type TextStyle } from './placed-text.ts';
import type { VenueMap } from './venue-map.ts';

export const INSERT = { width: 105, height: 148 } as const;
/** The folds: one across the middle, one down the middle (the panels are 52.5 x 74 mm). */
export const FOLDS = { x: INSERT.width / 2, y: INSERT.height / 2 } as const;
const EDGE = 4;
const FOLD_GAP = 2.5;

/** The legend's rows, mm: the symbols' key at the bottom, the gates' title and lines above it. */
const KEY_HEIGHT = 10;
const GATES_TITLE = 3.5;
const GATE_LINE = 2.8;

const GREY_FILL = '#D9D9D9';
const GREY_LINE = '#A6A6A6';
const GREY_TEXT = '#595959';

export interface MapHolder {
  name: string;
  latinName: string;
  organisation: string;
  serial: string;
  type: BadgeType;
  /** The zone codes the badge grants. */
  zones: readonly string[];
}

/** A map's text: it may shrink to 4.5 pt (or its own size, if smaller) before it wraps or is cut. */
type MapTextStyle = Omit<TextStyle, 'minSize'> & { minSize?: number };

/** Elements named `zone-CODE-granted` or `zone-CODE-greyed`: the tests read the map's zones back from them. */
export function foldInMap(holder: MapHolder, venue: VenueMap, catalog: Catalog, fonts: FontSet): DisplayList {
  const items: DisplayItem[] = [];
  const warnings: RenderWarning[] = [];
  const granted = new Set(holder.zones);
  const colour = holder.type.card_colour;
  const text = (element: string, value: string, box: Box, style: MapTextStyle) => {
    const placed = placedText(fonts, element, value, box, { ...style, minSize: style.minSize ?? Math.min(style.size, 4.5) });
    if (placed.truncated)
      warnings.push({
        code: 'TEXT_TRUNCATED',
        side: 'front',
        element,
        message: `"${value}" was cut to fit the map's ${element}.`,
      });
    if (placed.item) items.push(placed.item);
  };

  // The cover panel: what shows in the pocket.
  const cover = { x: EDGE, y: EDGE, width: FOLDS.x - EDGE - FOLD_GAP, height: FOLDS.y - EDGE - FOLD_GAP };
  items.push({ kind: 'rect', element: 'cover-band', ...cover, height: 15, radius: 1.5, fill: colour, strokeWidth: 0 });
  text(
    'cover-letter',
    holder.type.letter,
    { x: cover.x + 2, y: cover.y, width: 12, height: 15 },
    { size: 30, weight: 'bold', fill: '#FFFFFF' },
  );
  text(
    'cover-type',
    `${holder.type.name_zh}\n${holder.type.name_en}`,
    { x: cover.x + 15, y: cover.y + 1.5, width: cover.width - 17, height: 12 },
    {
      size: 8,
      weight: 'bold',
      fill: '#FFFFFF',
      maxLines: 2,
    },
  );
  text(
    'cover-title',
    '场馆导览 Venue guide',
    { x: cover.x, y: cover.y + 17, width: cover.width, height: 5 },
    { size: 7, fill: GREY_TEXT },
  );
  text(
    'cover-name',
    holder.name,
    { x: cover.x, y: cover.y + 23, width: cover.width, height: 13 },
    { size: 15, minSize: 7, weight: 'bold', maxLines: 2 },
  );
  if (holder.latinName && holder.latinName !== holder.name)
    text(
      'cover-latin-name',
      holder.latinName,
      { x: cover.x, y: cover.y + 36, width: cover.width, height: 7 },
      { size: 8, maxLines: 2 },
    );
  text(
    'cover-organisation',
    holder.organisation,
    { x: cover.x, y: cover.y + 44, width: cover.width, height: 9 },
    { size: 7, maxLines: 2, fill: GREY_TEXT },
  );
  text(
    'cover-serial',
    holder.serial,
    { x: cover.x, y: cover.y + cover.height - 8, width: cover.width, height: 6 },
    { size: 9, weight: 'bold' },
  );

  // The legend panel: the holder's zones by name, the gates that lead to them, the symbols.
  const legend = {
    x: FOLDS.x + FOLD_GAP,
    y: EDGE,
    width: INSERT.width - FOLDS.x - FOLD_GAP - EDGE,
    height: FOLDS.y - EDGE - FOLD_GAP,
  };
  text(
    'legend-title',
    '您可进入 Your zones',
    { x: legend.x, y: legend.y, width: legend.width, height: 4.5 },
    { size: 7, weight: 'bold' },
  );
  const zones = catalog.zones.filter((zone) => granted.has(zone.code));
  const gates = venue.entrances.filter((entrance) => entrance.leadsTo.some((code) => granted.has(code)));
  // Bottom up: the symbols' key, then the gates two to a line, and the zones in what is left,
  // a line each (never under GATE_LINE tall); a badge for every zone says so in one line.
  const keyTop = legend.y + legend.height - KEY_HEIGHT;
  const gatesTop = keyTop - 1 - GATES_TITLE - GATE_LINE * Math.ceil(gates.length / 2);
  const zonesTop = legend.y + 5;
  const every = zones.length === catalog.zones.length;
  const lines = every ? 1 : Math.max(1, zones.length);
  const line = Math.max(GATE_LINE, Math.min(3.4, (gatesTop - 1 - zonesTop) / lines));
  if (every) {
    text(
      'legend-zone-all',
      `全部 ${zones.length} 个区域 All ${zones.length} zones`,
      { x: legend.x, y: zonesTop, width: legend.width, height: 3.4 },
      { size: 6.5, weight: 'bold' },
    );
  } else {
    zones.forEach((zone, index) => {
      const y = zonesTop + index * line;
      const swatch = line * 0.7;
      items.push({
        kind: 'rect',
        element: `legend-swatch-${zone.code}`,
        x: legend.x,
        y: y + (line - swatch) / 2,
        width: swatch,
        height: swatch,
        radius: 0,
        fill: colour,
        stroke: INK,
        strokeWidth: 0.15,
      });
      text(
        `legend-zone-${zone.code}`,
        `${zone.code} ${zone.name_zh} ${zone.name_en}`,
        { x: legend.x + line, y, width: legend.width - line, height: line },
        { size: Math.min(6, line / 0.45), minSize: 3.5 },
      );
    });
  }
  if (zones.length === 0)
    text(
      'legend-no-zones',
      '无可进入区域 No zones',
      { x: legend.x, y: zonesTop, width: legend.width, height: 4 },
      { size: 6, weight: 'bold' },
    );
  text(
    'legend-gates-title',
    '入口 Entrances',
    { x: legend.x, y: gatesTop, width: legend.width, height: GATES_TITLE },
    { size: 6, weight: 'bold' },
  );
  gates.forEach((gate, index) => {
    const column = index % 2;
    const y = gatesTop + GATES_TITLE + Math.floor(index / 2) * GATE_LINE;
    text(
      `legend-gate-${gate.id}`,
      `▲ ${gate.nameZh} ${gate.nameEn}`,
      { x: legend.x + (column * legend.width) / 2, y, width: legend.width / 2 - 0.5, height: GATE_LINE },
      { size: 5.5, minSize: 3.5 },
    );
  });
  const key = [...new Map(venue.symbols.map((symbol) => [symbol.kind, symbol])).values()].map(
    (symbol) => `${SYMBOL_MARK[symbol.kind]} ${symbol.nameZh} ${symbol.nameEn}`,
  );
  text(
    'legend-symbols',
    [...key, '灰色区域：不可进入 Grey: no access'].join('\n'),
    { x: legend.x, y: keyTop, width: legend.width, height: KEY_HEIGHT },
    {
      size: 4.5,
      minSize: 3.5,
      maxLines: key.length + 3,
      valign: 'bottom',
      fill: GREY_TEXT,
    },
  );

  // The map: the venue scaled into the lower half, centred.
  const area = {
    x: EDGE,
    y: FOLDS.y + FOLD_GAP,
    width: INSERT.width - 2 * EDGE,
    height: INSERT.height - FOLDS.y - FOLD_GAP - EDGE,
  };
  const scale = Math.min(area.width / venue.box.width, area.height / venue.box.height);
  const origin = {
    x: area.x + (area.width - venue.box.width * scale) / 2 - venue.box.x * scale,
    y: area.y + (area.height - venue.box.height * scale) / 2 - venue.box.y * scale,
  };
  const at = (point: { x: number; y: number }) => ({ x: origin.x + point.x * scale, y: origin.y + point.y * scale });
  const path = (element: string, d: string, fill: string | undefined, stroke: string | undefined, strokeWidth: number) =>
    items.push({ kind: 'path', element, x: origin.x, y: origin.y, d, scale, fill, stroke, strokeWidth });
  for (const d of venue.outline) path('outline', d, '#F7F7F7', GREY_LINE, 0.2);
  // Greyed first, so a granted zone's heavy outline is never drawn under a neighbour.
  const ordered = [...venue.regions].sort((a, b) => Number(granted.has(a.zone)) - Number(granted.has(b.zone)));
  for (const region of ordered) {
    const mine = granted.has(region.zone);
    path(
      `zone-${region.zone}-${mine ? 'granted' : 'greyed'}`,
      region.d,
      mine ? colour : GREY_FILL,
      mine ? INK : GREY_LINE,
      mine ? 0.45 : 0.15,
    );
  }
  for (const region of venue.regions) {
    const mine = granted.has(region.zone);
    const centre = at(region.label);
    text(
      `label-${region.zone}`,
      region.zone,
      { x: centre.x - 6, y: centre.y - 2, width: 12, height: 4 },
      {
        size: 5.5,
        minSize: 4,
        weight: mine ? 'bold' : 'regular',
        fill: mine ? '#FFFFFF' : GREY_TEXT,
        align: 'center',
      },
    );
  }
  for (const gate of venue.entrances) {
    const mine = gates.includes(gate);
    path(`gate-${gate.id}-${mine ? 'marked' : 'greyed'}`, gate.d, mine ? INK : GREY_LINE, undefined, 0);
  }
  for (const symbol of venue.symbols) {
    // Outlined in white: a red cross on a zone drawn in security red still stands out.
    path(`symbol-${symbol.kind}`, symbol.d, SYMBOL_FILL[symbol.kind], '#FFFFFF', 0.25);
    if (symbol.kind !== 'first-aid') {
      const centre = at(symbol.at);
      text(
        `symbol-${symbol.kind}-mark`,
        SYMBOL_MARK[symbol.kind],
        { x: centre.x - 3, y: centre.y - 1.5, width: 6, height: 3 },
        {
          size: 5,
          minSize: 3.5,
          weight: 'bold',
          fill: '#FFFFFF',
          align: 'center',
        },
      );
    }
  }
  return { side: 'front', width: INSERT.width, height: INSERT.height, background: '#FFFFFF', items, warnings };
}

const SYMBOL_MARK: Record<VenueMap['symbols'][number]['kind'], string> = { metro: 'M', bus: 'B', 'first-aid': '✚' };
const SYMBOL_FILL: Record<VenueMap['symbols'][number]['kind'], string> = {
  metro: '#1A1A1A',
  bus: '#1A1A1A',
  'first-aid': '#C62828',
};
