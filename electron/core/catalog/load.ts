/**
 * Loads the event's badge types and zones from templates/, refusing anything that would
 * print a wrong badge, with an error that names the file, the entry and the field.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { z } from 'zod';
import { StationError } from '../errors.ts';
import { templatesDir } from '../paths.ts';
import { type BadgeType, typesFileSchema, type Zone, zonesFileSchema } from './schema.ts';

export interface Catalog {
  types: readonly BadgeType[];
  zones: readonly Zone[];
  type(code: string): BadgeType | undefined;
  zone(code: string): Zone | undefined;
}

export function loadCatalog(dir: string = templatesDir()): Catalog {
  const zonesPath = join(dir, 'zones.json');
  const typesPath = join(dir, 'types.json');
  const { zones } = parseFile(zonesPath, zonesFileSchema);
  const { types } = parseFile(typesPath, typesFileSchema);

  unique(zonesPath, 'zones', zones, 'code');
  unique(zonesPath, 'zones', zones, 'bit');
  unique(typesPath, 'types', types, 'code');
  unique(typesPath, 'types', types, 'letter');
  const zoneByCode = new Map(zones.map((zone) => [zone.code, zone]));
  types.forEach((type, index) => {
    type.default_zones.forEach((code, zoneIndex) => {
      if (!zoneByCode.has(code)) {
        fail(typesPath, entryName('types', index, type), `default_zones[${zoneIndex}]`, `"${code}" is not a zone in zones.json`);
      }
    });
  });

  const typeByCode = new Map(types.map((type) => [type.code, type]));
  return {
    types,
    zones,
    type: (code) => typeByCode.get(code),
    zone: (code) => zoneByCode.get(code),
  };
}

function parseFile<T>(path: string, schema: z.ZodType<T>): T {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new StationError('CATALOG_INVALID', `${shown(path)}: ${(error as Error).message}`, { file: shown(path) });
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  if (!issue) throw new StationError('CATALOG_INVALID', `${shown(path)}: invalid`, { file: shown(path) });
  const [list, index, ...field] = issue.path;
  const entries = (json as Record<string, unknown>)[String(list)];
  if (typeof index !== 'number' || !Array.isArray(entries)) {
    return fail(path, null, issue.path.join('.') || '(top level)', plainReason(issue));
  }
  return fail(path, entryName(String(list), index, entries[index]), fieldPath(field), plainReason(issue));
}

/** Zod's wording is for programmers; an event planner editing JSON needs this. */
function plainReason(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'is missing';
  if (issue.code === 'unrecognized_keys') {
    return `has unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `"${key}"`).join(', ')}`;
  }
  return issue.message;
}

function unique<T>(path: string, list: string, entries: readonly T[], field: keyof T & string): void {
  const seen = new Map<unknown, number>();
  entries.forEach((entry, index) => {
    const value = entry[field];
    const first = seen.get(value);
    if (first !== undefined) {
      fail(
        path,
        entryName(list, index, entry),
        field,
        `${JSON.stringify(value)} is already used by ${entryName(list, first, entries[first])}`,
      );
    }
    seen.set(value, index);
  });
}

function entryName(list: string, index: number, entry: unknown): string {
  const code = (entry as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? `${list}[${index}] (${code})` : `${list}[${index}]`;
}

function fieldPath(path: readonly PropertyKey[]): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i ? '.' : ''}${String(part)}`)).join('') || '(entry)';
}

function fail(path: string, entry: string | null, field: string, reason: string): never {
  const where = entry ? `${entry}: ${field}` : field;
  throw new StationError('CATALOG_INVALID', `${shown(path)}: ${where}: ${reason}`, { file: shown(path), entry, field });
}

function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') ? path : rel;
}
