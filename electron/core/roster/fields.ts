/**
 * The roster's columns and the many ways registration systems and Chinese Excel name them.
 *
 * Headers are matched after normalising (case, width, spaces, underscores, punctuation),
 * so "Holder ID", "holder_id" and "ＨＯＬＤＥＲ　ＩＤ" are one header. A `--mapping` file
 * names the header for a field explicitly and wins over the synonyms.
 */
import { readFileSync } from 'node:fs';
import { StationError } from '../errors.ts';
import { unreadable } from './unreadable.ts';

export const ROSTER_FIELDS = [
  'id',
  'name',
  'latin_name',
  'organisation',
  'country',
  'doc_type',
  'doc_number',
  'type',
  'zones',
] as const;
export type RosterField = (typeof ROSTER_FIELDS)[number];

/** Synonyms per field; "证件类型" is the document's type (passport ...), not the badge's. */
const SYNONYMS: Record<RosterField, readonly string[]> = {
  id: [
    'id',
    'holder id',
    'holderid',
    'registration id',
    'registration no',
    'registration number',
    'reg no',
    'attendee id',
    '编号',
    '人员编号',
    '登记编号',
    '报名编号',
    '注册编号',
    '注册号',
  ],
  name: ['name', 'full name', 'chinese name', 'name zh', 'name cn', '姓名', '中文姓名', '中文名', '名字'],
  latin_name: [
    'latin name',
    'english name',
    'name en',
    'passport name',
    'name latin',
    'name in latin',
    '英文名',
    '英文姓名',
    '护照姓名',
    '外文姓名',
    '拼音姓名',
  ],
  organisation: [
    'organisation',
    'organization',
    'company',
    'org',
    'employer',
    '单位',
    '公司',
    '工作单位',
    '所属单位',
    '单位名称',
    '机构',
    '公司名称',
  ],
  country: ['country', 'country region', 'country or region', 'nationality', '国家 地区', '国家或地区', '国家', '地区', '国籍'],
  doc_type: ['document type', 'doc type', 'id type', 'identity document type', '证件类型'],
  doc_number: [
    'document number',
    'document no',
    'doc number',
    'doc no',
    'id number',
    'passport number',
    'passport no',
    '证件号',
    '证件号码',
    '身份证号',
    '身份证号码',
    '护照号',
  ],
  type: [
    'type',
    'badge type',
    'credential type',
    'credential',
    'category',
    '证件类别',
    '证件种类',
    '类别',
    '证类',
    '人员类别',
    '参会类别',
  ],
  zones: ['zones', 'zone', 'areas', 'access', 'access zones', '区域', '通行区域', '权限区域', '权限'],
};

export const REQUIRED_FIELDS: readonly RosterField[] = ['id', 'type'];

/** Folds the ways people write the same header into one key. */
export function normaliseHeader(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/^\uFEFF/, '')
    .toLowerCase()
    .replace(/[\s_\-/.:()（）：、，,]+/g, ' ')
    .trim();
}

const bySynonym = new Map<string, RosterField>();
for (const field of ROSTER_FIELDS) for (const synonym of SYNONYMS[field]) bySynonym.set(normaliseHeader(synonym), field);

export type Mapping = Partial<Record<RosterField, string>>;

/** Reads a `--mapping` file: `{"id": "Reg. No.", "name": "参会人"}`, field to header. */
export function readMapping(path: string): Mapping {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw unreadable('ROSTER_MAPPING_INVALID', path, error);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new StationError(
      'ROSTER_MAPPING_INVALID',
      `The mapping file ${path} is not readable JSON: ${(error as Error).message}.`,
    );
  }
  const known = new Set<string>(ROSTER_FIELDS);
  const fine =
    typeof json === 'object' &&
    json !== null &&
    !Array.isArray(json) &&
    Object.entries(json).every(([field, header]) => known.has(field) && typeof header === 'string' && header.length > 0);
  if (!fine) {
    throw new StationError(
      'ROSTER_MAPPING_INVALID',
      `The mapping file ${path} must map fields (${ROSTER_FIELDS.join(', ')}) to header texts, like {"id": "Reg. No."}.`,
    );
  }
  return json as Mapping;
}

/** Where each field sits in the file; -1 when the file has no such column. */
export type ColumnMap = Record<RosterField, number>;

/** Matches the header row to fields, or says exactly which headers are missing or doubled. */
export function mapColumns(headers: readonly string[], mapping: Mapping = {}): ColumnMap {
  const columns = Object.fromEntries(ROSTER_FIELDS.map((field) => [field, -1])) as ColumnMap;
  const normalised = headers.map(normaliseHeader);
  for (const field of ROSTER_FIELDS) {
    const wanted = mapping[field];
    if (wanted === undefined) continue;
    const index = normalised.indexOf(normaliseHeader(wanted));
    if (index < 0) {
      throw new StationError(
        'ROSTER_HEADERS',
        `The mapping says field ${field} is the column "${wanted}", but the header row has no such column (it has: ${headers.join(', ')}).`,
      );
    }
    columns[field] = index;
  }
  normalised.forEach((header, index) => {
    const field = bySynonym.get(header);
    if (!field || mapping[field] !== undefined) return;
    if (columns[field] >= 0) {
      throw new StationError(
        'ROSTER_HEADERS',
        `Columns ${columnLetter(columns[field])} ("${headers[columns[field]]}") and ${columnLetter(index)} ("${headers[index]}") both look like the ${field} column. Rename one, or say which with --mapping.`,
      );
    }
    columns[field] = index;
  });
  const missing = REQUIRED_FIELDS.filter((field) => columns[field] < 0);
  if (columns.name < 0 && columns.latin_name < 0) missing.push('name');
  if (missing.length > 0) {
    throw new StationError(
      'ROSTER_HEADERS',
      `The header row has no ${missing.join(', ')} column (it has: ${headers.join(', ') || 'nothing'}). Use headers such as ${missing.map((field) => `"${SYNONYMS[field][0]}"/"${SYNONYMS[field].find((s) => /\p{Script=Han}/u.test(s))}"`).join(', ')}, or map them with --mapping FILE.`,
    );
  }
  return columns;
}

/** Spreadsheet column letters: 0 is A, 26 is AA. */
export function columnLetter(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}
