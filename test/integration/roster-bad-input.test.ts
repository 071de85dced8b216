import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdirSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { verifyLedger } from '../../electron/core/ledger/index.ts';
import { type ImportReport, importRoster, readMapping, writeDemoRoster } from '../../electron/core/roster/index.ts';
import { openStation, type Station } from '../../electron/core/station/index.ts';
import { testKek } from '../support/passphrase.ts';
import { csvText, HEADER_ZH, holders, jpeg, snapshot, writeCsv, writeXlsx, writeZip } from '../support/roster.ts';
import { newStation, repoRoot, tempDir } from '../support/station.ts';

const actor = 'system:test';
const good = (id: string, name = '王伟') => [id, name, '', '上海进出口有限公司', '中国', '身份证', '1', '观展证', ''];

/** A station with a roster already in it, so "nothing changed" means something. */
async function stationWithRoster(): Promise<Station> {
  const station = newStation();
  await importRoster(station, writeCsv([HEADER_ZH, good('H-1', '李娜'), good('H-2', '张敏')]), { actor });
  return station;
}

/** The file is refused with this code and message, and the station is exactly as before. */
async function expectRefused(
  path: string,
  code: string,
  message: RegExp,
  options: Parameters<typeof importRoster>[2] = { actor },
) {
  const station = await stationWithRoster();
  const before = snapshot(station);
  await expect(importRoster(station, path, options)).rejects.toMatchObject({ code, message: expect.stringMatching(message) });
  expect(snapshot(station)).toEqual(before);
  station.close();
}

/** The good rows import; the bad ones are reported with row, column, value and reason. */
async function importWithProblems(rows: string[][]): Promise<ImportReport> {
  const station = newStation();
  const report = await importRoster(station, writeCsv(rows), { actor });
  station.close();
  return report;
}

describe('a roster file that cannot be read is refused whole, with a message that says what to do', () => {
  it('an unbalanced quote names the row it opens in (rows counted as a spreadsheet does)', async () => {
    const text =
      csvText([HEADER_ZH, good('H-3'), ['H-4', '多行\n单元格', '', '', '', '', '', '观展证', '']]) +
      'H-5,"王伟,,,,,,观展证,\r\nH-6,李娜,,,,,,观展证,\r\n';
    const path = join(tempDir(), 'roster.csv');
    writeFileSync(path, text);
    await expectRefused(path, 'ROSTER_UNREADABLE', /quote that is never closed, opened in row 4/);
  });

  it('a file separated by semicolons is named as such', async () => {
    const path = join(tempDir(), 'roster.csv');
    writeFileSync(path, `${HEADER_ZH.join(';')}\n${good('H-3').join(';')}\n`);
    await expectRefused(path, 'ROSTER_UNREADABLE', /separates its columns with semicolons/);
  });

  it('an empty file', async () => {
    const path = join(tempDir(), 'roster.csv');
    writeFileSync(path, '');
    await expectRefused(path, 'ROSTER_UNREADABLE', /is empty/);
  });

  it('a binary file', async () => {
    const path = join(tempDir(), 'roster.csv');
    writeFileSync(path, Buffer.concat([Buffer.from([0, 1, 2, 3]), randomBytes(4096)]));
    await expectRefused(path, 'ROSTER_UNREADABLE', /binary data, not text/);
  });

  it.each([
    ['with its byte-order mark, as Excel saves "Unicode text"', true, false],
    ['without a byte-order mark', false, false],
    ['big-endian, without a byte-order mark', false, true],
  ])('a UTF-16 file %s is told to be saved as "CSV UTF-8"', async (_, mark, bigEndian) => {
    const text = `${mark ? '\uFEFF' : ''}${[HEADER_ZH, good('H-3', '欧阳娜娜')].map((row) => row.join('\t')).join('\r\n')}\r\n`;
    const bytes = Buffer.from(text, 'utf16le');
    const path = join(tempDir(), 'roster.txt');
    writeFileSync(path, bigEndian ? bytes.swap16() : bytes);
    await expectRefused(
      path,
      'ROSTER_ENCODING',
      /^roster\.txt is saved as UTF-16 \("Unicode text"\)\. Save it from Excel as "CSV UTF-8" instead\.$/,
    );
  });

  it('a roster, mapping or photo folder that is not there is named plainly, without the system’s error text', async () => {
    const missing = join(tempDir(), 'roster.csv');
    await expectRefused(missing, 'ROSTER_UNREADABLE', new RegExp(`^No file ${missing}: check the path\\.$`));
    const roster = writeCsv([HEADER_ZH, good('H-3')]);
    const mapping = join(tempDir(), 'mapping.json');
    expect(() => readMapping(mapping)).toThrow(new RegExp(`^No file ${mapping}: check the path\\.$`));
    const photos = join(tempDir(), 'photos');
    await expectRefused(roster, 'PHOTOS_UNREADABLE', new RegExp(`^No folder or zip ${photos}: check the path\\.$`), {
      actor,
      photos,
    });
  });

  it('a GBK file read as UTF-8 by mistake is detected, not imported as mojibake', async () => {
    const path = join(tempDir(), 'roster.csv');
    writeFileSync(path, iconv.encode(csvText([HEADER_ZH, good('H-3', '欧阳娜娜')]), 'gbk'));
    await expectRefused(path, 'ROSTER_ENCODING', /not valid UTF-8 near line 1.*--encoding gb18030/, { actor, encoding: 'utf8' });
  });

  it('a file over the size limit is refused before it is read', async () => {
    await expectRefused(writeCsv([HEADER_ZH, good('H-3')]), 'ROSTER_TOO_LARGE', /over the 100 bytes limit/, {
      actor,
      maxBytes: 100,
    });
  });

  it('a header row without the columns a roster needs', async () => {
    await expectRefused(
      writeCsv([
        ['姓名', '单位'],
        ['王伟', '某公司'],
      ]),
      'ROSTER_HEADERS',
      /no id, type column/,
    );
  });

  it('an XLSX with merged cells', async () => {
    const path = await writeXlsx({ 名单: [HEADER_ZH, good('H-3'), good('H-4')] }, 'D2:D3');
    await expectRefused(path, 'ROSTER_UNREADABLE', /merged cells \(D2:D3\).*Unmerge them/);
  });

  it('an XLSX with several sheets, unless --sheet says which', async () => {
    const path = await writeXlsx({ 展商: [HEADER_ZH, good('H-3')], 观众: [HEADER_ZH, good('H-4')] });
    await expectRefused(path, 'ROSTER_UNREADABLE', /2 sheets with data \("展商", "观众"\).*--sheet NAME/);
    const station = newStation();
    expect(await importRoster(station, path, { actor, sheet: '观众' })).toMatchObject({ added: 1 });
    expect(holders(station).map((h) => h.id)).toEqual(['H-4']);
    station.close();
  });
});

describe('an import into an empty roster writes straight into it, and still leaves nothing when it fails', () => {
  it('a quote never closed after 12,000 good rows leaves the roster empty and the ledger as it was', async () => {
    const rows = [HEADER_ZH, ...Array.from({ length: 12_000 }, (_, i) => good(`H-${i + 1}`))];
    const path = join(tempDir(), 'roster.csv');
    writeFileSync(path, `${csvText(rows)}H-X,"王伟,,,,,,观展证,\r\n`);
    const station = newStation();
    const before = snapshot(station);
    await expect(importRoster(station, path, { actor })).rejects.toMatchObject({ code: 'ROSTER_UNREADABLE' });
    expect(snapshot(station)).toEqual(before);
    expect(holders(station)).toEqual([]);
    // The search indexes, dropped for the import, are back.
    const indexes = station.db
      .statement("SELECT count(*) AS n FROM sqlite_master WHERE type = 'index' AND name LIKE 'holder%'")
      .get();
    expect(indexes).toEqual({ n: 7 });
    // The import leaves WAL for a rollback journal while it writes; it is back.
    expect(station.db.pragma('journal_mode')).toBe('wal');
    expect(await importRoster(station, writeCsv([HEADER_ZH, good('H-1')]), { actor })).toMatchObject({ added: 1 });
    station.close();
  });
});

describe('bad rows are reported with row, column, value and reason; the good rows import', () => {
  it('ragged rows', async () => {
    const report = await importWithProblems([HEADER_ZH, good('H-1'), ['H-2', '李娜', '观展证'], [...good('H-3'), 'extra']]);
    expect(report).toMatchObject({ added: 1, rejected: 2 });
    expect(report.problems).toEqual([
      expect.objectContaining({ row: 3, column: '', reason: expect.stringContaining('has 3 cells but the header has 9') }),
      expect.objectContaining({ row: 4, value: 'extra', reason: expect.stringContaining('has 10 cells') }),
    ]);
  });

  it('an unknown type and unknown zones', async () => {
    const report = await importWithProblems([
      HEADER_ZH,
      good('H-1'),
      ['H-2', '李娜', '', '', '', '', '', '贵宾证', ''],
      ['H-3', '张敏', '', '', '', '', '', '参展证', 'H1, H9, XX'],
    ]);
    expect(report).toMatchObject({ added: 1, rejected: 2 });
    expect(report.problems).toEqual([
      {
        row: 3,
        column: 'H',
        header: '类别',
        value: '贵宾证',
        reason: expect.stringMatching(/^is not a badge type; known types are guest \(特邀嘉宾证\)/),
      },
      {
        row: 4,
        column: 'I',
        header: '区域',
        value: 'H1, H9, XX',
        reason: expect.stringMatching(/^"H9", "XX" are not zones; zones are H1 H2/),
      },
    ]);
  });

  it('duplicate ids: every row with that id is rejected, each naming the others', async () => {
    const report = await importWithProblems([HEADER_ZH, good('H-1'), good('H-2'), good('H-1', '李娜'), good('H-1', '张敏')]);
    expect(report).toMatchObject({ added: 1, rejected: 3 });
    const reason = 'appears in rows 2, 4, 5: ids must be unique in the file, so none of these rows was imported';
    expect(report.problems.map((p) => [p.row, p.column, p.value, p.reason])).toEqual([
      [2, 'A', 'H-1', reason],
      [4, 'A', 'H-1', reason],
      [5, 'A', 'H-1', reason],
    ]);
  });

  it('duplicate ids in a re-import (the rows are staged before they reach the roster) are rejected the same way', async () => {
    const station = await stationWithRoster();
    const report = await importRoster(
      station,
      writeCsv([HEADER_ZH, good('H-1', 'Anna Smith'), good('H-9', '李娜'), good('H-1', '李娜'), good('H-1', '张敏')]),
      { actor },
    );
    expect(report).toMatchObject({ added: 1, changed: 0, unchanged: 0, rejected: 3 });
    expect(report.problems.map((p) => p.row)).toEqual([2, 4, 5]);
    expect(holders(station).map((h) => [h.id, h.name])).toEqual([
      ['H-1', '李娜'],
      ['H-2', '张敏'],
      ['H-9', '李娜'],
    ]);
    station.close();
  });

  it('a missing, a truncated or a not-an-image photo rejects its row', async () => {
    const station = newStation();
    const photos = tempDir('photos-');
    writeFileSync(join(photos, 'H-1.jpg'), await jpeg(1));
    writeFileSync(join(photos, 'H-2.jpg'), (await jpeg(2)).subarray(0, 150));
    writeFileSync(join(photos, 'H-4.png'), 'this is a text file, not a photo');
    const rows = [HEADER_ZH, good('H-1'), good('H-2'), good('H-3'), good('H-4')];
    const report = await importRoster(station, writeCsv(rows), { actor, photos });
    expect(report).toMatchObject({ added: 1, rejected: 3 });
    expect(report.problems).toEqual([
      expect.objectContaining({
        row: 3,
        header: 'photo',
        value: 'H-2.jpg',
        reason: expect.stringMatching(/^photo: H-2.jpg cannot be read as an image/),
      }),
      expect.objectContaining({
        row: 4,
        header: 'photo',
        value: 'H-3',
        reason: expect.stringMatching(/^photo: no photo named H-3.jpg/),
      }),
      expect.objectContaining({ row: 5, value: 'H-4.png', reason: 'photo: H-4.png is not a JPEG or PNG image' }),
    ]);
    expect(holders(station).map((h) => h.id)).toEqual(['H-1']);
    station.close();
  });
});

describe('photos are taken only from photo files of their own, of a sensible size', () => {
  const rows = (...ids: string[]) => [HEADER_ZH, ...ids.map((id) => good(id))];
  const photoProblems = (report: ImportReport) => report.problems.map((p) => [p.row, p.value, p.reason]);

  it('two photos of one name in two folders of a zip are reported for their holder, as a folder reports H-1.jpg beside H-1.png', async () => {
    const station = newStation();
    const zip = writeZip(join(tempDir(), 'photos.zip'), {
      'desk-a/H-1.jpg': await jpeg(1),
      'desk-b/H-1.jpg': await jpeg(2),
      'desk-a/H-2.jpg': await jpeg(3),
    });
    const folder = join(tempDir(), 'photos');
    mkdirSync(folder);
    writeFileSync(join(folder, 'H-1.jpg'), await jpeg(1));
    writeFileSync(join(folder, 'H-1.png'), await jpeg(2));
    writeFileSync(join(folder, 'H-2.jpg'), await jpeg(3));
    for (const [photos, where, both] of [
      [zip, 'photos.zip', /\(desk-a\/H-1\.jpg, desk-b\/H-1\.jpg\)/],
      [folder, 'photos', /\((H-1\.jpg, H-1\.png|H-1\.png, H-1\.jpg)\)/],
    ] as const) {
      const report = await importRoster(station, writeCsv(rows('H-1', 'H-2')), { actor, photos });
      expect(report.rejected).toBe(1);
      expect(photoProblems(report)).toEqual([
        [2, 'H-1', expect.stringMatching(new RegExp(`^photo: several photos for this id in ${where} ${both.source}; keep one$`))],
      ]);
    }
    expect(holders(station).map((h) => [h.id, h.photo !== null])).toEqual([['H-2', true]]);
    station.close();
  });

  it('a photo over 10 MB is refused by its size, before it is read, from a folder or a zip', async () => {
    const station = newStation();
    const folder = tempDir('photos-');
    // Sparse: 3 GB on paper, nothing on disk. Read whole, it would stop the import.
    writeFileSync(join(folder, 'H-1.jpg'), await jpeg(1));
    truncateSync(join(folder, 'H-1.jpg'), 3 * 1024 ** 3);
    writeFileSync(join(folder, 'H-2.jpg'), await jpeg(2));
    const zip = writeZip(join(tempDir(), 'photos.zip'), {
      'H-1.jpg': Buffer.concat([await jpeg(1), Buffer.alloc(11 * 1024 * 1024)]),
      'H-2.jpg': await jpeg(2),
    });
    for (const [photos, size] of [
      [folder, '3.0 GB'],
      [zip, '11.0 MB'],
    ] as const) {
      const report = await importRoster(station, writeCsv(rows('H-1', 'H-2')), { actor, photos });
      expect(photoProblems(report)).toEqual([
        [2, 'H-1.jpg', `photo: H-1.jpg is ${size}, over the 10.0 MB limit for a photo: save it smaller`],
      ]);
    }
    expect(holders(station).map((h) => h.id)).toEqual(['H-2']);
    station.close();
  });

  it('a link, a folder or a pipe named like a photo is refused, not followed or read', async () => {
    const station = newStation();
    const elsewhere = join(tempDir('elsewhere-'), 'someone-else.jpg');
    writeFileSync(elsewhere, await jpeg(9));
    const folder = tempDir('photos-');
    symlinkSync(elsewhere, join(folder, 'H-1.jpg'));
    mkdirSync(join(folder, 'H-2.jpg'));
    // A pipe never ends: read, it would hang the import.
    expect(spawnSync('mkfifo', [join(folder, 'H-3.jpg')]).status).toBe(0);
    writeFileSync(join(folder, 'H-4.jpg'), await jpeg(4));
    const report = await importRoster(station, writeCsv(rows('H-1', 'H-2', 'H-3', 'H-4')), { actor, photos: folder });
    const refused = (row: number, id: string, what: string) => [
      row,
      `${id}.jpg`,
      `photo: ${id}.jpg is ${what}, not a photo file: put the photo itself there`,
    ];
    expect(photoProblems(report)).toEqual([
      refused(2, 'H-1', 'a symbolic link'),
      refused(3, 'H-2', 'a folder'),
      refused(4, 'H-3', 'not a regular file'),
    ]);

    const zip = writeZip(join(tempDir(), 'photos.zip'), {
      // As zip -y stores a link: its target's path as the entry's content.
      'H-1.jpg': { data: Buffer.from(elsewhere), unixMode: 0o120777 },
      'H-2.jpg/': { data: Buffer.alloc(0), unixMode: 0o040755 },
      'H-3.jpg': { data: await jpeg(3), unixMode: 0o100644 },
      'H-4.jpg': await jpeg(4),
    });
    const fromZip = await importRoster(station, writeCsv(rows('H-1', 'H-2', 'H-3', 'H-4')), { actor, photos: zip });
    expect(photoProblems(fromZip)).toEqual([refused(2, 'H-1', 'a symbolic link'), refused(3, 'H-2', 'a folder')]);
    expect(holders(station).map((h) => h.id)).toEqual(['H-3', 'H-4']);
    station.close();
  });
});

describe('a crash in the middle of an import', () => {
  it.each([
    ['a roster with holders', stationWithRoster],
    ['an empty roster (rows written straight into it)', async () => newStation()],
  ])('(SIGKILL while the import commits into %s) leaves the database at its previous state, ledger intact', async (_, make) => {
    const station = await make();
    const before = snapshot(station);
    const dir = station.dataDir;
    station.close();
    const { roster } = await writeDemoRoster({ holders: 30_000, out: tempDir('demo-'), photos: false });

    const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'test/support/import-roster.ts'), dir, roster], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let said = '';
    child.stdout.on('data', (chunk: Buffer) => {
      said += chunk.toString();
      if (said.includes('committing')) child.kill('SIGKILL');
    });
    const [, signal] = await once(child, 'exit');
    expect(signal).toBe('SIGKILL');
    expect(said).toBe('committing\n');

    const reopened = openStation(dir, 'test', { kek: testKek() });
    expect(reopened.db.pragma('journal_mode')).toBe('wal');
    expect(snapshot(reopened)).toEqual(before);
    expect(reopened.db.pragma('integrity_check')).toBe('ok');
    expect(verifyLedger(reopened.db, reopened.ledger).intact).toBe(true);
    reopened.close();
  });
});
