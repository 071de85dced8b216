/** Roster files as registration systems and Excel write them, made inside each test. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import sharp from 'sharp';
import type { Station } from '../../electron/core/station/index.ts';
import { tempDir } from './station.ts';

export type Cells = readonly string[];

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function csvText(rows: readonly Cells[]): string {
  return `${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** A CSV file: UTF-8 with BOM as "CSV UTF-8" saves it, or GB18030 as Chinese Excel's plain "CSV". */
export function writeCsv(
  rows: readonly Cells[],
  options: { encoding?: 'utf8' | 'utf8-bom' | 'gb18030'; name?: string } = {},
): string {
  const path = join(tempDir('roster-'), options.name ?? 'roster.csv');
  const text = csvText(rows);
  const encoding = options.encoding ?? 'utf8-bom';
  writeFileSync(
    path,
    encoding === 'gb18030' ? iconv.encode(text, 'gb18030') : `${encoding === 'utf8-bom' ? '\uFEFF' : ''}${text}`,
  );
  return path;
}

export async function writeXlsx(sheets: Record<string, readonly Cells[]>, merge?: string): Promise<string> {
  const path = join(tempDir('roster-'), 'roster.xlsx');
  const workbook = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const sheet = workbook.addWorksheet(name);
    for (const row of rows) sheet.addRow([...row]);
    if (merge) sheet.mergeCells(merge);
  }
  await workbook.xlsx.writeFile(path);
  return path;
}

/** A small JPEG, different for each seed. */
export async function jpeg(seed: number): Promise<Buffer> {
  return sharp({ create: { width: 30, height: 40, channels: 3, background: { r: seed % 256, g: (seed * 7) % 256, b: 90 } } })
    .jpeg()
    .toBuffer();
}

/** A zip entry with a Unix file mode, as zip on Linux or macOS stores a link (0o120777) or a folder. */
export interface ZipEntryWithMode {
  data: Buffer;
  unixMode: number;
}

/** A zip with the files stored (not compressed): enough for photo tests, no zip library needed. */
export function writeZip(path: string, files: Record<string, Buffer | ZipEntryWithMode>): string {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, file] of Object.entries(files)) {
    const data = Buffer.isBuffer(file) ? file : file.data;
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    // Made by: 3 (Unix) in the high byte when the entry has a Unix mode, in the attributes' high half.
    central.writeUInt16LE(Buffer.isBuffer(file) ? 20 : (3 << 8) | 20, 4);
    if (!Buffer.isBuffer(file)) central.writeUInt32LE((file.unixMode << 16) >>> 0, 38);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  writeFileSync(path, Buffer.concat([...locals, directory, end]));
  return path;
}

export interface HolderRecord {
  id: string;
  name: string;
  latin_name: string;
  organisation: string;
  type: string;
  zones: string;
  photo: string | null;
}

export function holders(station: Station): HolderRecord[] {
  return station.db
    .statement('SELECT id, name, latin_name, organisation, type, zones, photo FROM holders ORDER BY id')
    .all() as HolderRecord[];
}

/** Everything a failed import must leave as it was: the roster and the ledger head. */
export function snapshot(station: Station): { holders: HolderRecord[]; ledgerHead: number } {
  return { holders: holders(station), ledgerHead: station.ledger.head()?.seq ?? 0 };
}

export const HEADER_ZH = ['编号', '姓名', '英文名', '单位', '国家/地区', '证件类型', '证件号', '类别', '区域'];
export const HEADER_EN = [
  'Holder ID',
  'Name',
  'Latin name',
  'Organisation',
  'Country',
  'Document type',
  'Document number',
  'Type',
  'Zones',
];
