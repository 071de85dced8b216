import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvScanner } from '../../electron/core/roster/csv-scan.ts';
import { readTable } from '../../electron/core/roster/read-table.ts';
import { sniffRoster } from '../../electron/core/roster/sniff.ts';
import { tempDir } from '../support/station.ts';

function scanInChunks(text: string, size: number): string[][] {
  const scanner = new CsvScanner('roster.csv');
  const records: string[][] = [];
  for (let at = 0; at < text.length; at += size) records.push(...scanner.push(text.slice(at, at + size)));
  records.push(...scanner.end());
  return records;
}

const quoted = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);

describe('the CSV scanner', () => {
  it('reads any well-formed CSV exactly as csv-parse does, however the text is cut into chunks', () => {
    const cell = fc.oneof(fc.string(), fc.constantFrom('', 'a,b', 'x"y', '"', '\n', '\r\n', '王伟', ' padded '));
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 9 }),
        fc.boolean(),
        (rows, chunk, finalBreak) => {
          const text = rows.map((row) => row.map(quoted).join(',')).join('\r\n') + (finalBreak ? '\r\n' : '');
          expect(scanInChunks(text, chunk)).toEqual(parse(text, { relax_column_count: true, skip_empty_lines: false }));
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it('names the row of a stray or unclosed quote, counting a multi-line cell as one row', () => {
    expect(() => scanInChunks('id,name\r\n1,"two\nlines"\r\n2,a"b\r\n', 4)).toThrow(/stray quote inside a cell in row 3/);
    expect(() => scanInChunks('id,name\r\n1,"ok"x\r\n', 4)).toThrow(/stray quote inside a cell in row 2/);
    expect(() => scanInChunks('id,name\r\n1,ok\r\n2,"never\r\n3,closed\r\n', 5)).toThrow(/never closed, opened in row 3/);
  });
});

describe('an XLSX roster', () => {
  it('gives back every cell as Excel shows it: shared and inline text, escapes, numbers, gaps', async () => {
    const path = join(tempDir(), 'roster.xlsx');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('名单 & <list>');
    sheet.addRow(['编号', '姓名', '单位', '人数']);
    sheet.addRow(['H-1', '欧阳娜娜', 'A & B <"Ltd">', 12]);
    sheet.getCell('B3').value = { richText: [{ text: '阿卜杜拉' }, { text: '·买买提', font: { bold: true } }] };
    sheet.getCell('A3').value = 'H-2';
    sheet.getCell('D3').value = true;
    sheet.getCell('A5').value = 'H-3';
    await workbook.xlsx.writeFile(path);
    const rows = [];
    for await (const row of readTable(sniffRoster(path))) rows.push(row);
    expect(rows).toEqual([
      { row: 1, cells: ['编号', '姓名', '单位', '人数'] },
      { row: 2, cells: ['H-1', '欧阳娜娜', 'A & B <"Ltd">', '12'] },
      { row: 3, cells: ['H-2', '阿卜杜拉·买买提', '', 'TRUE'] },
      { row: 5, cells: ['H-3'] },
    ]);
  });

  it('that is not a workbook inside is refused plainly', async () => {
    const path = join(tempDir(), 'roster.xlsx');
    writeFileSync(path, Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(200)]));
    const read = async () => {
      for await (const _ of readTable(sniffRoster(path))) {
        // reading is what fails
      }
    };
    await expect(read()).rejects.toMatchObject({
      code: 'ROSTER_UNREADABLE',
      message: expect.stringContaining('not a readable XLSX workbook'),
    });
  });
});
