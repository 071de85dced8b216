/**
 * Loads badge layouts from templates/layouts/, refusing anything that would print a wrong
 * card, with an error that names the file, the element and the field.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { z } from 'zod';
import { StationError } from '../errors.ts';
import { templatesDir } from '../paths.ts';
import { boundingBox } from './geometry.ts';
import { type Layout, type LayoutElement, layoutSchema, type Side } from './layout-schema.ts';
import { isKnownVariable, variablesIn } from './variables.ts';

export { boundingBox } from './geometry.ts';

/** Every layout in a folder, by badge type code. */
export function loadLayouts(dir: string = join(templatesDir(), 'layouts')): Map<string, Layout> {
  const byType = new Map<string, Layout>();
  for (const file of readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()) {
    const layout = loadLayout(join(dir, file));
    for (const type of layout.types) byType.set(type, layout);
  }
  return byType;
}

export function loadLayout(path: string): Layout {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new StationError('LAYOUT_INVALID', `${shown(path)}: ${(error as Error).message}`, { file: shown(path) });
  }
  return parseLayout(json, shown(path));
}

/** Checks a layout given as data (a file's JSON, or one edited in the UI). */
export function parseLayout(json: unknown, source = 'layout'): Layout {
  const parsed = layoutSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0] as z.core.$ZodIssue;
    const path = issue.path;
    const [side, list, index, ...field] = path;
    if ((side === 'front' || side === 'back') && list === 'elements' && typeof index === 'number') {
      const element = ((json as Record<string, { elements?: unknown[] }>)[side]?.elements ?? [])[index];
      fail(source, elementName(side, index, element), fieldPath(field), plainReason(issue));
    }
    fail(source, null, fieldPath(path) || '(top level)', plainReason(issue));
  }
  const layout = parsed.data;
  for (const side of ['front', 'back'] as const) {
    const elements = layout[side]?.elements ?? [];
    const seen = new Set<string>();
    elements.forEach((element, index) => {
      const where = elementName(side, index, element);
      if (seen.has(element.name)) fail(source, where, 'name', `"${element.name}" is already used on the ${side}`);
      seen.add(element.name);
      for (const [field, value] of stringFields(element)) {
        for (const name of variablesIn(value)) {
          if (!isKnownVariable(name)) fail(source, where, field, `{${name}} is not a variable a badge has`);
        }
      }
      checkInside(source, where, element, layout);
    });
  }
  return layout;
}

/** An element wholly or partly beyond the card and its bleed would be cut off by the printer. */
function checkInside(source: string, where: string, element: LayoutElement, layout: Layout): void {
  const { width, height, bleed } = layout.card;
  const [left, top, right, bottom] = boundingBox(element);
  const slack = 0.001;
  if (left < -bleed - slack || top < -bleed - slack || right > width + bleed + slack || bottom > height + bleed + slack) {
    fail(
      source,
      where,
      'x/y/width/height',
      `the element reaches ${fmt(left)},${fmt(top)} to ${fmt(right)},${fmt(bottom)} mm, outside the ${width} x ${height} mm card and its ${bleed} mm bleed`,
    );
  }
}

function stringFields(element: LayoutElement): [string, string][] {
  return Object.entries(element).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
}

/** Zod's wording is for programmers; whoever edits a layout needs this. */
function plainReason(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'is missing';
  if (issue.code === 'unrecognized_keys') {
    return `has unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `"${key}"`).join(', ')}`;
  }
  if (issue.code === 'invalid_union' && 'discriminator' in issue) {
    return 'type must be one of text, rect, ellipse, polygon, image, barcode, zones';
  }
  return issue.message;
}

function elementName(side: Side, index: number, element: unknown): string {
  const name = (element as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' ? `${side} element "${name}" (elements[${index}])` : `${side} elements[${index}]`;
}

function fieldPath(path: readonly PropertyKey[]): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i ? '.' : ''}${String(part)}`)).join('');
}

function fmt(value: number): string {
  return String(Math.round(value * 10) / 10);
}

function fail(source: string, element: string | null, field: string, reason: string): never {
  const where = element ? `${element}: ${field}` : field;
  throw new StationError('LAYOUT_INVALID', `${source}: ${where}: ${reason}`, { file: source, element, field });
}

function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') ? path : rel;
}
