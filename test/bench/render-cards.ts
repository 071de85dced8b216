/**
 * The benchmark roster's rows as cards. Apart from the roster writer so that the
 * first-badge process loads no signing or key code: the pipeline gets its cards from the
 * database, already signed.
 */
import type { Catalog } from '../../electron/core/catalog/index.ts';
import { type CardData, eventOnCard } from '../../electron/core/render/index.ts';
import { EXPO_DAY_MS } from '../support/clock.ts';

const EXPO_DAY = Math.floor(EXPO_DAY_MS / 1000);
const EVENT = eventOnCard({ notBefore: EXPO_DAY - 86_400, expires: EXPO_DAY + 5 * 86_400 });

/** Badges both engines draw into a PDF thrown away before their timing starts. */
export const WARM_UP_BADGES = 20;

export const COLUMNS = [
  'id',
  'name',
  'latin_name',
  'organisation',
  'type',
  'type_zh',
  'type_en',
  'colour',
  'zones',
  'serial',
  'payload',
  'photo',
];

/** The roster's first `limit` rows as cards (a plain CSV of quoted cells, as written above). */
export function rosterCards(csv: string, catalog: Catalog, limit = Number.POSITIVE_INFINITY): CardData[] {
  const rows = csv
    .trim()
    .split('\n')
    .slice(1, limit + 1);
  return rows.map((line) => {
    const cells = [...line.matchAll(/"((?:[^"]|"")*)"/g)].map((m) => (m[1] as string).replaceAll('""', '"'));
    const field = (name: string) => cells[COLUMNS.indexOf(name)] as string;
    const type = catalog.type(field('type'));
    if (!type) throw new Error(`no type ${field('type')}`);
    const codes = new Set(field('zones').split(' '));
    return {
      kind: 'badge',
      holder: {
        id: field('id'),
        name: field('name'),
        latin_name: field('latin_name'),
        organisation: field('organisation'),
        country: '',
      },
      type,
      zones: catalog.zones.filter((zone) => codes.has(zone.code)),
      allZones: catalog.zones,
      serial: field('serial'),
      payload: field('payload'),
      photo: { path: field('photo') },
      event: EVENT,
    };
  });
}
