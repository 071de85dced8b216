import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importRoster } from '../../electron/core/roster/index.ts';
import { openStation } from '../../electron/core/station/index.ts';
import { testKek } from '../support/passphrase.ts';
import { cli, tempDir } from '../support/station.ts';

describe('demo data', () => {
  it('is a roster the station imports whole: six types, names in several scripts, a distinct photo each', async () => {
    const out = join(tempDir(), 'demo');
    const made = cli(['demo-data', '--holders', '2000', '--out', out]);
    expect(made.status).toBe(0);
    expect(made.stdout).toMatch(/^Wrote 2000 demo holders to .*roster\.csv and their photos to .*photos in /);

    const dir = join(tempDir(), 'desk');
    expect(cli(['--data', dir, 'init', '--station', '7']).status).toBe(0);
    const station = openStation(dir, 'test', { kek: testKek() });
    const report = await importRoster(station, join(out, 'roster.csv'), { actor: 'system:test', photos: join(out, 'photos') });
    expect(report).toMatchObject({ rows: 2000, added: 2000, rejected: 0, photos: { checked: 2000, stored: 2000, unmatched: 0 } });

    const types = Object.fromEntries(
      (station.db.statement('SELECT type, count(*) AS n FROM holders GROUP BY type').all() as { type: string; n: number }[]).map(
        (t) => [t.type, t.n],
      ),
    );
    expect(Object.keys(types).sort()).toEqual(['exhibitor', 'guest', 'media', 'security', 'staff', 'visitor']);
    expect(types.visitor).toBeGreaterThan(types.exhibitor as number);
    expect(types.exhibitor).toBeGreaterThan(types.staff as number);
    const count = (where: string) =>
      (station.db.statement(`SELECT count(*) AS n FROM holders WHERE ${where}`).get() as { n: number }).n;
    expect(count(`name LIKE '%·%'`)).toBeGreaterThan(0);
    expect(count(`name GLOB '*[ء-ي]*' AND latin_name <> ''`)).toBeGreaterThan(0);
    expect(count('length(name) > 30')).toBeGreaterThan(0);
    expect(count(`organisation GLOB '*有限公司'`)).toBeGreaterThan(1000);
    station.close();
  });

  it('is the same for the same seed', () => {
    const a = join(tempDir(), 'a');
    const b = join(tempDir(), 'b');
    cli(['demo-data', '--holders', '50', '--out', a, '--no-photos']);
    cli(['demo-data', '--holders', '50', '--out', b, '--no-photos']);
    expect(cli(['demo-data', '--holders', 'many', '--out', a]).status).toBe(2);
    expect(readFileSync(join(a, 'roster.csv')).equals(readFileSync(join(b, 'roster.csv')))).toBe(true);
  });
});
