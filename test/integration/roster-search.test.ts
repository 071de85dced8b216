import { describe, expect, it } from 'vitest';
import { createBadges } from '../../electron/core/badges/index.ts';
import { loadCatalog } from '../../electron/core/catalog/index.ts';
import { importRoster, MAX_RESULTS, searchHolders } from '../../electron/core/roster/index.ts';
import type { Station } from '../../electron/core/station/index.ts';
import { HEADER_ZH, writeCsv } from '../support/roster.ts';
import { cli, newStation } from '../support/station.ts';

const row = (id: string, name: string, latin: string, organisation: string, type = '观展证') => [
  id,
  name,
  latin,
  organisation,
  '',
  '',
  '',
  type,
  '',
];

async function desk(): Promise<Station> {
  const station = newStation();
  const rows = [
    HEADER_ZH,
    row('H-0001', '欧阳娜娜', 'OUYANG NANA', '上海进出口有限公司', '参展证'),
    row('H-0002', '单田芳', '', '鞍山曲艺团'),
    row('H-0003', '曾国藩', '', '湖南商会'),
    row('H-0004', '阿卜杜拉·买买提', 'ABDULLAH MAMAT', '喀什贸易公司'),
    row('H-0005', 'José Müller', 'JOSE MULLER', 'Rhine Automotive Parts GmbH'),
    row('H-0006', 'محمد عبد الله', 'MOHAMMED ABDULLAH', 'Sahara Dates LLC'),
    row('H-1', '王伟', '', '北京食品有限公司'),
    ...Array.from({ length: 80 }, (_, i) => row(`W-${i}`, `王${'伟芳娜敏静丽强磊'[i % 8]}${i}`, '', '北京食品有限公司')),
  ];
  await importRoster(station, writeCsv(rows), { actor: 'system:test' });
  return station;
}

const ids = (station: Station, query: string) => searchHolders(station.db, query).map((hit) => hit.id);

describe('finding a holder as you type', () => {
  it('finds 欧阳娜娜 by name, by pinyin in full and by initials, prefix as you type', async () => {
    const station = await desk();
    for (const query of ['欧阳', '欧阳娜娜', 'ouyang', 'ouyangnana', 'ou yang na', 'oynn', 'oy', 'OUYANG']) {
      expect(ids(station, query)).toContain('H-0001');
    }
    expect(searchHolders(station.db, 'oynn')[0]).toMatchObject({ id: 'H-0001', match: 'initials', type: 'exhibitor' });
    station.close();
  });

  it('reads polyphonic surnames as surnames: 单 is shan, 曾 is zeng', async () => {
    const station = await desk();
    expect(ids(station, 'shantianfang')).toEqual(['H-0002']);
    expect(ids(station, 'stf')).toEqual(['H-0002']);
    expect(ids(station, 'zengguofan')).toEqual(['H-0003']);
    expect(ids(station, 'dantianfang')).toEqual([]);
    station.close();
  });

  it('finds Latin names without accents, later words of names, names after a middle dot, and organisations', async () => {
    const station = await desk();
    expect(ids(station, 'jose mul')).toEqual(['H-0005']);
    expect(ids(station, 'müller')).toEqual(['H-0005']);
    expect(ids(station, 'mohammed')).toEqual(['H-0006']);
    expect(ids(station, 'محمد')).toEqual(['H-0006']);
    expect(ids(station, '买买提')).toEqual(['H-0004']);
    expect(ids(station, 'abdullah')).toEqual(['H-0004', 'H-0006']);
    expect(ids(station, '鞍山曲艺')).toEqual(['H-0002']);
    expect(ids(station, 'rhine auto')).toEqual(['H-0005']);
    expect(ids(station, 'automotive')).toEqual(['H-0005']);
    station.close();
  });

  it('finds holders a re-import added or changed by their new names and later words', async () => {
    const station = await desk();
    const report = await importRoster(
      station,
      writeCsv([
        HEADER_ZH,
        row('H-0005', 'José Müller', 'JOSE MULLER', 'Danube Marine Engines AG'),
        row('H-0007', '司马光', 'SIMA GUANG', 'Yangtze River Shipping'),
      ]),
      { actor: 'system:test' },
    );
    expect(report).toMatchObject({ added: 1, changed: 1 });
    expect(ids(station, 'marine')).toEqual(['H-0005']);
    expect(ids(station, 'automotive')).toEqual([]);
    expect(ids(station, 'smg')).toEqual(['H-0007']);
    expect(ids(station, 'river')).toEqual(['H-0007']);
    station.close();
  });

  it('puts an exact id or badge serial first, and answers at most 50', async () => {
    const station = await desk();
    expect(ids(station, 'H-1')[0]).toBe('H-1');
    const [badge] = createBadges(station, loadCatalog(), { holder: 'H-0003', actor: 'system:test' });
    expect(searchHolders(station.db, badge?.serial ?? '')[0]).toMatchObject({
      id: 'H-0003',
      match: 'serial',
      serial: badge?.serial,
    });
    expect(searchHolders(station.db, 'v-007-')[0]).toMatchObject({ id: 'H-0003' });
    expect(searchHolders(station.db, '王')).toHaveLength(MAX_RESULTS);
    expect(searchHolders(station.db, '王伟')[0]).toMatchObject({ name: '王伟', match: 'name' });
    expect(searchHolders(station.db, '   ')).toEqual([]);
    station.close();
  });

  it('badge-station search answers people in lines and scripts in JSON', async () => {
    const station = await desk();
    station.close();
    const plain = cli(['--data', station.dataDir, 'search', 'oynn']);
    expect(plain).toMatchObject({
      status: 0,
      stdout: 'H-0001  欧阳娜娜  OUYANG NANA  上海进出口有限公司  exhibitor  (no badge)\n',
    });
    const json = cli(['--data', station.dataDir, '--json', 'search', 'zzzz']).json();
    expect(json).toEqual({ ok: true, result: { query: 'zzzz', hits: [] } });
  });
});
