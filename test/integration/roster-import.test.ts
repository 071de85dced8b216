import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  demoHolderId,
  demoPhoto,
  type ImportProgress,
  importRoster,
  searchHolders,
  writeDemoRoster,
} from '../../electron/core/roster/index.ts';
import { openStation } from '../../electron/core/station/index.ts';
import { testKek } from '../support/passphrase.ts';
import { HEADER_EN, HEADER_ZH, holders, jpeg, writeCsv, writeXlsx, writeZip } from '../support/roster.ts';
import { cli, newStation, tempDir } from '../support/station.ts';

const actor = 'system:test';

describe('importing a roster', () => {
  it('reads "CSV UTF-8" from Excel (BOM, Chinese headers, a cell on two lines) and records the import in the ledger', async () => {
    const station = newStation();
    const file = writeCsv([
      HEADER_ZH,
      ['H-001', '欧阳娜娜', 'OUYANG NANA', '上海进出口有限公司', '中国', '身份证', '310101199001011234', '参展证', ''],
      [
        'H-002',
        '阿卜杜拉·买买提',
        'ABDULLAH MAMAT',
        '喀什贸易公司\n第二分公司',
        '中国',
        '身份证',
        '653101198502021111',
        'media',
        'PL PC',
      ],
      ['H-003', 'محمد عبد الله', 'MOHAMMED ABDULLAH', 'Sahara Dates LLC', 'Egypt', '护照', 'A1234567', 'Trade Visitor', ''],
    ]);
    const report = await importRoster(station, file, { actor });
    expect(report).toMatchObject({ format: 'csv', encoding: 'utf8', rows: 3, added: 3, changed: 0, unchanged: 0, rejected: 0 });
    expect(holders(station)).toEqual([
      expect.objectContaining({ id: 'H-001', name: '欧阳娜娜', type: 'exhibitor', zones: 'H1 H2 H3 H4 H5 H6 H7 H8 XS' }),
      expect.objectContaining({ id: 'H-002', organisation: '喀什贸易公司\n第二分公司', type: 'media', zones: 'PL PC' }),
      expect.objectContaining({ id: 'H-003', name: 'محمد عبد الله', latin_name: 'MOHAMMED ABDULLAH', type: 'visitor' }),
    ]);
    const event = [...station.ledger.events()].at(-1);
    expect(event).toMatchObject({ type: 'ROSTER_IMPORTED', actor });
    expect(JSON.parse(event?.data ?? '{}')).toMatchObject({ rows: 3, added: 3, rejected: 0, encoding: 'utf8' });
    // A first import writes under a rollback journal; the station is back in WAL after it.
    expect(station.db.pragma('journal_mode')).toBe('wal');
    station.close();
  });

  it('detects GB18030 as Chinese Excel saves plain "CSV", with English headers and types by code, letter or name', async () => {
    const station = newStation();
    const file = writeCsv(
      [
        HEADER_EN,
        ['H-010', '曾国藩', '', '湖南商会', '中国', '身份证', '1', 'guest', ''],
        ['H-011', '单田芳', '', '鞍山曲艺团', '中国', '身份证', '2', '工作人员证', ''],
        ['H-012', '解放', '', '解放日报', '中国', '身份证', '3', 'P', ''],
      ],
      { encoding: 'gb18030' },
    );
    const report = await importRoster(station, file, { actor });
    expect(report).toMatchObject({ encoding: 'gb18030', added: 3, rejected: 0 });
    expect(holders(station).map((h) => [h.name, h.organisation, h.type])).toEqual([
      ['曾国藩', '湖南商会', 'guest'],
      ['单田芳', '鞍山曲艺团', 'staff'],
      ['解放', '解放日报', 'security'],
    ]);
    station.close();
  });

  it('reads an XLSX workbook, numbering rows as Excel does', async () => {
    const station = newStation();
    const file = await writeXlsx({
      名单: [
        HEADER_ZH,
        ['H-020', '王伟', '', '北京食品有限公司', '中国', '身份证', '1', '观展证', ''],
        ['H-021', '李娜', '', '', '', '', '', '访客', ''],
      ],
    });
    const report = await importRoster(station, file, { actor });
    expect(report).toMatchObject({ format: 'xlsx', rows: 2, added: 1, rejected: 1 });
    expect(report.problems).toEqual([
      expect.objectContaining({
        row: 3,
        column: 'H',
        header: '类别',
        value: '访客',
        reason: expect.stringContaining('is not a badge type'),
      }),
    ]);
    station.close();
  });

  it('upserts on re-import by holder id and says what was added, changed and unchanged', async () => {
    const station = newStation();
    const row = (id: string, name: string, type: string) => [id, name, '', '上海进出口有限公司', '中国', '身份证', '1', type, ''];
    await importRoster(station, writeCsv([HEADER_ZH, row('H-1', '王伟', '观展证'), row('H-2', '李娜', '观展证')]), { actor });
    const again = await importRoster(
      station,
      writeCsv([HEADER_ZH, row('H-1', '王伟', '观展证'), row('H-2', '李娜', '参展证'), row('H-3', '张敏', '媒体证')]),
      { actor },
    );
    expect(again).toMatchObject({ added: 1, changed: 1, unchanged: 1 });
    expect(holders(station).map((h) => [h.id, h.type])).toEqual([
      ['H-1', 'visitor'],
      ['H-2', 'exhibitor'],
      ['H-3', 'media'],
    ]);
    station.close();
  });

  it('follows a --mapping file for headers it could not guess', async () => {
    const station = newStation();
    const file = writeCsv([
      ['Reg. No.', 'Participant', 'Pass'],
      ['R-1', 'Anna Müller', 'exhibitor'],
    ]);
    const mapping = join(tempDir(), 'mapping.json');
    writeFileSync(mapping, JSON.stringify({ id: 'Reg. No.', name: 'Participant', type: 'Pass' }));
    station.close();
    const result = cli(['--data', station.dataDir, '--json', 'import', file, '--mapping', mapping]);
    expect(result.json()).toMatchObject({ ok: true, result: { added: 1 } });
  });

  it('matches photos by holder id from a folder or a zip, and stores each image once by its content hash', async () => {
    const station = newStation();
    const rows = [HEADER_ZH, ...[1, 2, 3].map((n) => [`H-${n}`, `王${n}`, '', '', '', '', '', '观展证', ''])];
    const dir = tempDir('photos-');
    const same = await jpeg(1);
    writeFileSync(join(dir, 'H-1.jpg'), same);
    writeFileSync(join(dir, 'H-2.jpeg'), same);
    writeFileSync(
      join(dir, 'H-3.png'),
      await (await import('sharp'))
        .default(await jpeg(3))
        .png()
        .toBuffer(),
    );
    writeFileSync(join(dir, 'H-99.jpg'), await jpeg(99));
    const report = await importRoster(station, writeCsv(rows), { actor, photos: dir });
    expect(report).toMatchObject({ added: 3, rejected: 0, photos: { checked: 3, stored: 2, unmatched: 1 } });
    const stored = holders(station).map((h) => h.photo);
    expect(stored[0]).toBe(stored[1]);
    expect(stored[2]).not.toBe(stored[0]);
    expect(readdirSync(join(station.dataDir, 'photos'), { recursive: true }).filter((f) => String(f).includes('.'))).toHaveLength(
      2,
    );

    const zip = writeZip(join(tempDir(), 'photos.zip'), {
      'photos/H-1.jpg': await jpeg(5),
      'photos/H-2.jpg': same,
      'photos/H-3.jpg': same,
    });
    const again = await importRoster(station, writeCsv(rows), { actor, photos: zip });
    expect(again).toMatchObject({ changed: 2, unchanged: 1, photos: { checked: 3, stored: 1 } });
    station.close();
  });
});

describe('progress while importing', () => {
  it('tells how far the reading and the photo checks are, ending at the whole file and every photo', async () => {
    const station = newStation();
    const demo = await writeDemoRoster({ holders: 30_000, out: tempDir('progress-'), photos: false });
    const photos = tempDir('progress-photos-');
    // Photos for the first 300 holders only would reject the rest: give this roster its first 300 rows.
    const lines = readFileSync(demo.roster, 'utf8').split('\n');
    const roster = join(photos, 'roster.csv');
    writeFileSync(roster, lines.slice(0, 301).join('\n'));
    for (let n = 1; n <= 300; n += 1) writeFileSync(join(photos, `${demoHolderId(n)}.png`), demoPhoto(n));

    const seen: ImportProgress[] = [];
    await importRoster(station, demo.roster, { actor, onProgress: (progress) => seen.push(progress) });
    const reading = seen.filter((p) => p.stage === 'reading');
    // Several reports, not one at the end; fractions of the file only grow, and end at all of it.
    expect(reading.length).toBeGreaterThan(1);
    const fractions = reading.map((p) => p.fraction as number);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(fractions[0]).toBeGreaterThan(0);
    expect(reading.at(-1)).toEqual({ stage: 'reading', done: 30_000, fraction: 1 });

    seen.length = 0;
    const report = await importRoster(station, roster, { actor, photos, onProgress: (progress) => seen.push(progress) });
    expect(report.photos).toMatchObject({ checked: 300 });
    expect(seen.filter((p) => p.stage === 'photos').at(-1)).toEqual({ stage: 'photos', done: 300, fraction: 1 });
    station.close();
  });

  it('prints nothing about progress for a roster read in under a second', () => {
    const station = newStation();
    const file = writeCsv([HEADER_ZH, ['H-1', '王一', '', '', '', '', '', '观展证', '']]);
    station.close();
    const run = cli(['--data', station.dataDir, 'import', file]);
    expect(run.stderr).not.toMatch(/Reading|photos/);
    expect(run.stdout).toMatch(/1 added/);
  });
});

describe('the station while a roster imports', () => {
  /** The code other work is refused with, if it is. */
  const refusal = (work: () => unknown): string => {
    try {
      work();
    } catch (error) {
      return (error as { code?: string }).code ?? String(error);
    }
    return 'not refused';
  };

  it('tells other work the station is busy rather than let it into the half-done import, then serves it', async () => {
    const station = newStation();
    const demo = await writeDemoRoster({ holders: 20_000, out: tempDir('busy-'), photos: false });
    let readSome: () => void = () => {};
    const someRead = new Promise<void>((resolve) => (readSome = resolve));
    const importing = importRoster(station, demo.roster, { actor, onProgress: () => readSome() });
    await someRead;

    // The import's transaction is open, with its first holders written.
    expect(refusal(() => searchHolders(station.db, demoHolderId(1)))).toBe('STATION_BUSY');
    expect(refusal(() => station.ledger.head())).toBe('STATION_BUSY');
    await expect(importRoster(station, demo.roster, { actor })).rejects.toMatchObject({
      code: 'STATION_BUSY',
      message: 'The station is importing a roster; try again when that has finished.',
    });

    expect((await importing).added).toBe(20_000);
    expect(searchHolders(station.db, demoHolderId(20_000))[0]).toMatchObject({ id: demoHolderId(20_000) });
    // A refused file gives the station back too.
    await expect(importRoster(station, writeCsv([HEADER_ZH]), { actor })).rejects.toMatchObject({ code: 'ROSTER_UNREADABLE' });
    expect(searchHolders(station.db, demoHolderId(1))).toHaveLength(1);
    station.close();
  });
});

describe('personal data stays out of the ledger and the logs', () => {
  it('after an import from the command line, no name, organisation or document number is in logs/ or the ledger', () => {
    const dir = join(tempDir(), 'desk');
    expect(cli(['--data', dir, 'init', '--station', '7']).status).toBe(0);
    const file = writeCsv([
      HEADER_ZH,
      ['H-100', '欧阳娜娜', 'OUYANG NANA', '绝密贸易有限公司', '中国', '身份证', '310101199001011234', '参展证', ''],
      ['H-101', '司马光', 'SIMA GUANG', '砸缸研究所', '中国', '身份证', '110101108901019999', '不存在的证', ''],
    ]);
    const imported = cli(['--data', dir, 'import', file]);
    expect(imported.status).toBe(1);
    expect(imported.stderr).toContain('1 rows were not imported');
    expect(imported.stdout).toContain('row 3, column H (类别): "不存在的证" is not a badge type');
    cli(['--data', dir, 'search', '欧阳']);
    const logs = readdirSync(join(dir, 'logs'))
      .map((file) => readFileSync(join(dir, 'logs', file), 'utf8'))
      .join('');
    const ledger = cli(['--data', dir, 'ledger', 'export']).stdout;
    expect(logs).toContain('roster imported');
    expect(ledger).toContain('ROSTER_IMPORTED');
    for (const personal of ['欧阳', 'OUYANG', '绝密', '310101199001011234', '司马光', '砸缸', '不存在的证']) {
      expect(logs).not.toContain(personal);
      expect(ledger).not.toContain(personal);
    }
    const station = openStation(dir, 'test', { kek: testKek() });
    expect(holders(station)).toHaveLength(1);
    station.close();
  });
});
