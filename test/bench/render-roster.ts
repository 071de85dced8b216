/** The benchmark roster: one CSV both engines read, a distinct JPEG per holder. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Catalog } from '../../electron/core/catalog/index.ts';
import { barcodeForm } from '../../electron/core/payload/index.ts';
import { DEMO_HOLDERS, demoPortrait } from '../../electron/core/render/index.ts';
import { exhibitorClaims, testEvent } from '../support/event-keys.ts';
import { COLUMNS } from './render-cards.ts';

export { rosterCards } from './render-cards.ts';

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
