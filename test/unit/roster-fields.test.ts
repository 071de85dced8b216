import { describe, expect, it } from 'vitest';
import { formatSerial, parseSerial } from '../../electron/core/badges/index.ts';
import { columnLetter, mapColumns, pinyinOf, searchKey } from '../../electron/core/roster/index.ts';

describe('roster headers', () => {
  it('are recognised in English and Chinese, whatever the case, width or spacing', () => {
    const columns = mapColumns([
      '序号',
      'ＨＯＬＤＥＲ　ＩＤ',
      '姓名',
      'Company',
      '国家/地区',
      '证件类型',
      '证件号码',
      'Badge_Type',
      'zones',
    ]);
    expect(columns).toMatchObject({
      id: 1,
      name: 2,
      organisation: 3,
      country: 4,
      doc_type: 5,
      doc_number: 6,
      type: 7,
      zones: 8,
      latin_name: -1,
    });
  });

  it('say which required column is missing, and which two columns claim the same field', () => {
    expect(() => mapColumns(['姓名', '单位'])).toThrow(
      expect.objectContaining({ code: 'ROSTER_HEADERS', message: expect.stringContaining('no id, type column') }),
    );
    expect(() => mapColumns(['编号', 'ID', '姓名', '类别'])).toThrow(
      expect.objectContaining({
        message: expect.stringContaining('Columns A ("编号") and B ("ID") both look like the id column'),
      }),
    );
  });

  it('name columns as a spreadsheet does', () => {
    expect([0, 7, 25, 26, 27, 701, 702].map(columnLetter)).toEqual(['A', 'H', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
  });
});

describe('search keys', () => {
  it('fold width, case and punctuation', () => {
    expect(searchKey('ＯＵＹＡＮＧ Nana')).toBe('ouyangnana');
    expect(searchKey('阿卜杜拉·买买提')).toBe('阿卜杜拉买买提');
  });

  it('read compound and polyphonic surnames as surnames', () => {
    expect(pinyinOf('欧阳娜娜')).toEqual(['ouyangnana', 'oynn']);
    expect(pinyinOf('单田芳')).toEqual(['shantianfang', 'stf']);
    expect(pinyinOf('曾国藩')).toEqual(['zengguofan', 'zgf']);
    expect(pinyinOf('解放')[0]).toBe('xiefang');
    expect(pinyinOf('Anna')).toEqual(['', '']);
  });
});

describe('badge serials', () => {
  it('round-trip and refuse anything else', () => {
    const serial = { letter: 'E', station: '007', counter: 12345, version: 2 };
    expect(formatSerial(serial)).toBe('E-007-0012345-2');
    expect(parseSerial('E-007-0012345-2')).toEqual(serial);
    for (const bad of ['E-07-0012345-2', 'E-007-12345-2', 'EE-007-0012345-2', 'E-007-0012345-10', ''])
      expect(parseSerial(bad)).toBeNull();
  });
});
