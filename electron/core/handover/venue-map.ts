/**
 * The event's venue plan (templates/venue-map/venue.svg), read for the fold-in map that goes
 * in each badge's sleeve. The SVG is the event's own drawing: the map reads only the
 * elements marked with data- attributes (the comment at the top of the reference file lists
 * them) and checks them against zones.json, so a zone the map cannot show, or a region
 * no zone owns, stops the event's maps before any is printed, naming it.
 *
 * Decision: the shapes are read as paths in the viewBox's units (path, rect and polygon;
 * what a drawing program exports) with no transforms: a transform on a marked element or
 * a group around one is refused with how to flatten it, rather than half supported.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { svgPathBbox } from 'svg-path-bbox';
import type { Catalog } from '../catalog/index.ts';
import { StationError } from '../errors.ts';
import { templatesDir } from '../paths.ts';

export interface Point {
  x: number;
  y: number;
}

export interface VenueRegion {
  zone: string;
  /** Path data in the viewBox's units; a zone drawn as several shapes has them all. */
  d: string;
  /** Where the zone's code is written: data-label, or the middle of its shapes. */
  label: Point;
}

export interface VenueEntrance {
  id: string;
  leadsTo: readonly string[];
  nameZh: string;
  nameEn: string;
  d: string;
  at: Point;
}

export interface VenueSymbol {
  kind: 'metro' | 'bus' | 'first-aid';
  nameZh: string;
  nameEn: string;
  d: string;
  at: Point;
}

export interface VenueMap {
  /** The viewBox: what the map scales into its panel. */
  box: { x: number; y: number; width: number; height: number };
  outline: readonly string[];
  /** One per zone of the catalogue, in the catalogue's order. */
  regions: readonly VenueRegion[];
  entrances: readonly VenueEntrance[];
  symbols: readonly VenueSymbol[];
}

function venueMapFile(dir: string = templatesDir()): string {
  return join(dir, 'venue-map', 'venue.svg');
}

export function loadVenueMap(catalog: Catalog, file: string = venueMapFile()): VenueMap {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw invalid(
      file,
      `It cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): put the venue's plan there.`,
    );
  }
  return parseVenueMap(text, catalog, file);
}

/** A marked element as the parser gives it (preserveOrder): its tag, attributes and children. */
interface XmlNode {
  tag: string;
  attributes: Record<string, string>;
  children: XmlNode[];
}

const SHAPES = new Set(['path', 'rect', 'polygon']);
const MARKS = ['data-zone', 'data-entrance', 'data-transport', 'data-first-aid', 'data-outline'] as const;

function parseVenueMap(text: string, catalog: Catalog, file = 'venue.svg'): VenueMap {
  const valid = XMLValidator.validate(text);
  if (valid !== true)
    throw invalid(file, `It is not well-formed SVG at line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg}`);
  const parsed = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    allowBooleanAttributes: true,
    preserveOrder: true,
    parseAttributeValue: false,
  }).parse(text) as unknown[];
  const svg = nodes(parsed).find((node) => node.tag === 'svg');
  if (!svg) throw invalid(file, 'It has no <svg> element.');
  const box = viewBox(svg.attributes.viewBox, file);

  const shapes: { node: XmlNode; d: string }[] = [];
  const walk = (node: XmlNode, transformed: boolean) => {
    const marked = MARKS.some((mark) => mark in node.attributes);
    const underTransform = transformed || 'transform' in node.attributes;
    if (marked) {
      const what = describe(node);
      if (underTransform)
        throw invalid(
          file,
          `${cap(what)} is moved by a transform: flatten it (Inkscape: Path > Object to Path, then ungroup), as the map reads plain coordinates.`,
        );
      if (!SHAPES.has(node.tag)) throw invalid(file, `${cap(what)} is a <${node.tag}>: draw it as a path, rect or polygon.`);
      shapes.push({ node, d: pathData(node, file) });
    }
    for (const child of node.children) walk(child, underTransform);
  };
  for (const child of svg.children) walk(child, false);

  const zoneShapes = new Map<string, { d: string[]; label?: Point }>();
  const entrances: VenueEntrance[] = [];
  const symbols: VenueSymbol[] = [];
  const outline: string[] = [];
  for (const { node, d } of shapes) {
    const a = node.attributes;
    if (a['data-zone'] !== undefined) {
      const code = a['data-zone'];
      if (!catalog.zone(code))
        throw invalid(file, `It has a region for zone "${code}", which is not in zones.json: remove it, or add the zone there.`);
      const entry = zoneShapes.get(code) ?? { d: [] };
      entry.d.push(d);
      if (a['data-label'] !== undefined) entry.label = point(a['data-label'], `${describe(node)}'s data-label`, file);
      zoneShapes.set(code, entry);
    } else if (a['data-entrance'] !== undefined) {
      const id = a['data-entrance'];
      if (entrances.some((entrance) => entrance.id === id)) throw invalid(file, `It has two entrances called "${id}".`);
      const leadsTo = (a['data-leads-to'] ?? '').split(/\s+/).filter(Boolean);
      if (leadsTo.length === 0) throw invalid(file, `Entrance "${id}" says no zone it leads to (data-leads-to="H1 PL ...").`);
      for (const code of leadsTo)
        if (!catalog.zone(code)) throw invalid(file, `Entrance "${id}" leads to "${code}", which is not a zone in zones.json.`);
      entrances.push({ id, leadsTo, ...names(node, file), d, at: middle(d) });
    } else if (a['data-transport'] !== undefined) {
      const kind = a['data-transport'];
      if (kind !== 'metro' && kind !== 'bus') throw invalid(file, `${cap(describe(node))}: data-transport must be metro or bus.`);
      symbols.push({ kind, ...names(node, file), d, at: middle(d) });
    } else if (a['data-first-aid'] !== undefined) {
      symbols.push({ kind: 'first-aid', nameZh: '急救站', nameEn: 'First aid', d, at: middle(d) });
    } else {
      outline.push(d);
    }
  }
  const missing = catalog.zones.filter((zone) => !zoneShapes.has(zone.code));
  if (missing.length > 0)
    throw invalid(
      file,
      `It has no region for ${missing.map((zone) => `zone ${zone.code} (${zone.name_en})`).join(', ')}: add a shape with data-zone="${missing[0]?.code}".`,
    );
  const regions = catalog.zones.map((zone): VenueRegion => {
    const entry = zoneShapes.get(zone.code) as { d: string[]; label?: Point };
    const d = entry.d.join(' ');
    return { zone: zone.code, d, label: entry.label ?? middle(d) };
  });
  return { box, outline, regions, entrances, symbols };
}

function nodes(list: unknown[]): XmlNode[] {
  const out: XmlNode[] = [];
  for (const entry of list) {
    const record = entry as Record<string, unknown>;
    const tag = Object.keys(record).find((key) => key !== ':@');
    if (!tag || tag.startsWith('#') || tag.startsWith('?')) continue;
    const attributes = (record[':@'] ?? {}) as Record<string, string>;
    const children = Array.isArray(record[tag]) ? nodes(record[tag] as unknown[]) : [];
    out.push({ tag, attributes: Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, String(v)])), children });
  }
  return out;
}

function describe(node: XmlNode): string {
  const mark = MARKS.find((name) => name in node.attributes) ?? '';
  const value = node.attributes[mark];
  return value ? `the <${node.tag}> with ${mark}="${value}"` : `a <${node.tag}> with ${mark}`;
}

function pathData(node: XmlNode, file: string): string {
  const a = node.attributes;
  const number = (name: string) => {
    const value = Number(a[name] ?? (name === 'x' || name === 'y' ? 0 : Number.NaN));
    if (!Number.isFinite(value)) throw invalid(file, `${cap(describe(node))} has no usable ${name}.`);
    return value;
  };
  if (node.tag === 'rect') {
    const [x, y, width, height] = [number('x'), number('y'), number('width'), number('height')];
    return `M ${x} ${y} H ${x + width} V ${y + height} H ${x} Z`;
  }
  if (node.tag === 'polygon') {
    const values = (a.points ?? '')
      .split(/[\s,]+/)
      .filter(Boolean)
      .map(Number);
    if (values.length < 6 || values.length % 2 !== 0 || values.some((value) => !Number.isFinite(value)))
      throw invalid(file, `${cap(describe(node))} has no usable points (x,y pairs, at least three).`);
    const pairs: string[] = [];
    for (let i = 0; i < values.length; i += 2) pairs.push(`${values[i]} ${values[i + 1]}`);
    return `M ${pairs.join(' L ')} Z`;
  }
  const d = (a.d ?? '').trim();
  if (!d) throw invalid(file, `${cap(describe(node))} has no path data (d).`);
  try {
    svgPathBbox(d);
  } catch (error) {
    throw invalid(file, `${cap(describe(node))} has path data that does not parse: ${(error as Error).message}`);
  }
  return d;
}

function middle(d: string): Point {
  const [x0, y0, x1, y1] = svgPathBbox(d);
  return { x: (x0 + x1) / 2, y: (y0 + y1) / 2 };
}

function point(text: string, what: string, file: string): Point {
  const [x, y, ...rest] = text
    .trim()
    .split(/[\s,]+/)
    .map(Number);
  if (x === undefined || y === undefined || rest.length > 0 || !Number.isFinite(x) || !Number.isFinite(y))
    throw invalid(file, `${cap(what)} must be "x y" in the viewBox's units.`);
  return { x, y };
}

function names(node: XmlNode, file: string): { nameZh: string; nameEn: string } {
  const nameZh = node.attributes['data-name-zh'];
  const nameEn = node.attributes['data-name-en'];
  if (!nameZh || !nameEn)
    throw invalid(file, `${cap(describe(node))} needs data-name-zh and data-name-en (the map's legend says them).`);
  return { nameZh, nameEn };
}

function viewBox(text: string | undefined, file: string): VenueMap['box'] {
  const values = (text ?? '')
    .trim()
    .split(/[\s,]+/)
    .map(Number);
  const [x, y, width, height] = values;
  if (values.length !== 4 || values.some((value) => !Number.isFinite(value)) || !(width && width > 0) || !(height && height > 0))
    throw invalid(file, 'It needs a viewBox="x y width height" on its <svg>: the map is scaled from it.');
  return { x: x as number, y: y as number, width, height };
}

const cap = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function invalid(file: string, message: string): StationError {
  return new StationError('VENUE_MAP_INVALID', `The venue map ${file}: ${message}`, { file });
}
