/**
 * The benchmark roster: one CSV both engines read, a distinct holder and JPEG per row.
 *
 * The holders are the demo roster's (writeDemoRoster, its fixed seed): names in several
 * scripts (82% Chinese, Uyghur-style dotted names, Latin names of every length, a few
 * Arabic ones that both engines print by their passport name), organisations, badge types
 * in the demo's proportions and zones as the import resolves them. Six holders cycled,
 * as before, let both engines' caches see the same few names and widths over and over.
 *
 * The photos are JPEGs drawn per holder (demoPortrait), not the demo roster's 24x32 PNGs:
 * the standard badge of issue 5 carries a passport-style JPEG, and a thumbnail-sized PNG
 * would time a different image path in both engines.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Catalog } from '../../electron/core/catalog/index.ts';
import { barcodeForm } from '../../electron/core/payload/index.ts';
import { demoPortrait } from '../../electron/core/render/index.ts';
import { DEMO_HEADERS, writeDemoRoster } from '../../electron/core/roster/index.ts';
import { readTable } from '../../electron/core/roster/read-table.ts';
import { sniffRoster } from '../../electron/core/roster/sniff.ts';
import { exhibitorClaims, testEvent } from '../support/event-keys.ts';
import { COLUMNS } from './render-cards.ts';

export { rosterCards } from './render-cards.ts';

const column = (header: string) => DEMO_HEADERS.indexOf(header);

export async function writeBenchRoster(dir: string, count: number, catalog: Catalog): Promise<void> {
  const photos = join(dir, 'photos');
  mkdirSync(photos, { recursive: true });
  for (let start = 0; start < count; start += 64) {
    const chunk = Array.from({ length: Math.min(64, count - start) }, (_, k) => start + k);
    const jpegs = await Promise.all(chunk.map((n) => demoPortrait(n, 160, 208)));
    for (const [k, n] of chunk.entries()) writeFileSync(join(photos, `H${n}.jpg`), jpegs[k] as Buffer);
  }
  const demo = await writeDemoRoster({ holders: count, out: join(dir, 'demo'), photos: false });
  const event = testEvent();
  const station = event.station(7);
  const typeByName = new Map(catalog.types.map((type) => [type.name_zh, type]));
  const lines = [COLUMNS.join(',')];
  let n = 0;
  for await (const { row: line, cells } of readTable(sniffRoster(demo.roster, 'auto'))) {
    if (line === 1) continue;
    const cell = (header: string) => cells[column(header)] ?? '';
    const type = typeByName.get(cell('类别'));
    if (!type) throw new Error(`the demo roster's type "${cell('类别')}" is not in the catalogue`);
    // As the import resolves them: the roster's zones when it gives some, else the type's.
    const given = cell('区域').split(',').filter(Boolean);
    const codes = new Set(given.length > 0 ? given : type.default_zones);
    const zones = catalog.zones.filter((zone) => codes.has(zone.code)).map((zone) => zone.code);
    const payload = barcodeForm(exhibitorClaims(event.secret, { badgeId: n + 1 }), station.signer);
    const row = [
      cell('编号'),
      cell('姓名'),
      cell('英文名'),
      cell('单位'),
      type.code,
      type.name_zh,
      type.name_en,
      type.card_colour,
      zones.join(' '),
      `${type.letter}-007-${String(n + 1).padStart(7, '0')}-1`,
      payload,
      join(photos, `H${n}.jpg`),
    ];
    lines.push(row.map((text) => `"${text.replaceAll('"', '""')}"`).join(','));
    n += 1;
  }
  if (n !== count) throw new Error(`the demo roster has ${n} holders, not ${count}`);
  writeFileSync(join(dir, 'roster.csv'), `${lines.join('\n')}\n`);
}
