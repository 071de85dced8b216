/** The benchmark roster: one CSV both engines read, a distinct JPEG per holder. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Catalog } from '../../electron/core/catalog/index.ts';
import { barcodeForm } from '../../electron/core/payload/index.ts';
import { type CardData, DEFAULT_EVENT, DEMO_HOLDERS, demoPortrait } from '../../electron/core/render/index.ts';
import { exhibitorClaims, testEvent } from '../support/event-keys.ts';

const COLUMNS = ['id', 'name', 'organisation', 'type', 'type_zh', 'type_en', 'colour', 'zones', 'serial', 'payload', 'photo'];

export async function writeBenchRoster(dir: string, count: number, catalog: Catalog): Promise<void> {
  const photos = join(dir, 'photos');
  mkdirSync(photos, { recursive: true });
  const event = testEvent();
  const station = event.station(7);
  const lines = [COLUMNS.join(',')];
  const types = catalog.types;
  for (let start = 0; start < count; start += 64) {
    const chunk = Array.from({ length: Math.min(64, count - start) }, (_, k) => start + k);
    const jpegs = await Promise.all(chunk.map((n) => demoPortrait(n, 160, 208)));
    for (const [k, n] of chunk.entries()) writeFileSync(join(photos, `H${n}.jpg`), jpegs[k] as Buffer);
  }
  for (let n = 0; n < count; n += 1) {
    const type = types[n % types.length] as Catalog['types'][number];
    const holder = DEMO_HOLDERS[n % DEMO_HOLDERS.length] as (typeof DEMO_HOLDERS)[number];
    const payload = barcodeForm(exhibitorClaims(event.secret, { badgeId: n + 1 }), station.signer);
    const row = [
      `H${n}`,
      holder.name,
      holder.organisation,
      type.code,
      type.name_zh,
      type.name_en,
      type.card_colour,
      type.default_zones.slice(0, 9).join(' '),
      `${type.letter}-007-${String(n + 1).padStart(7, '0')}-1`,
      payload,
      join(photos, `H${n}.jpg`),
    ];
    lines.push(row.map((cell) => `"${cell.replaceAll('"', '""')}"`).join(','));
  }
  writeFileSync(join(dir, 'roster.csv'), `${lines.join('\n')}\n`);
}

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
      holder: { id: field('id'), name: field('name'), latin_name: '', organisation: field('organisation'), country: '' },
      type,
      zones: catalog.zones.filter((zone) => codes.has(zone.code)),
      allZones: catalog.zones,
      serial: field('serial'),
      payload: field('payload'),
      photo: { path: field('photo') },
      event: DEFAULT_EVENT,
    };
  });
}
