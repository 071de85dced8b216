/**
 * One roster row checked and turned into a holder, or the precise reasons it cannot be.
 *
 * A bad row is not an exception: each problem names the row, the column (letter and
 * header, as the spreadsheet shows them), the value and what is wrong with it.
 */
import type { Catalog } from '../catalog/index.ts';
import { type ColumnMap, columnLetter, ROSTER_FIELDS, type RosterField } from './fields.ts';

export interface RowProblem {
  row: number;
  /** Column letter, e.g. "C"; empty for a problem with the row as a whole. */
  column: string;
  /** The header of that column as the file has it. */
  header: string;
  value: string;
  reason: string;
}

/** A checked row; its search keys are worked out where it is staged (see staging.ts). */
export interface HolderRow {
  row: number;
  id: string;
  name: string;
  latinName: string;
  organisation: string;
  country: string;
  docType: string;
  docNumber: string;
  type: string;
  zones: string;
}

const MAX_ID = 64;
const MAX_TEXT = 300;
const CONTROL = /\p{Cc}/u;
/** Latin-1, Latin Extended and CJK text is already NFC; only other scripts pay for normalising. */
const MAY_NEED_NFC = /[^ -\u02ff\u3000-\u9fff]/;

/** Builds the checker for one file: its header and the event's catalogue. */
export function rowChecker(headers: readonly string[], columns: ColumnMap, catalog: Catalog, ragged: 'short-is-bad' | 'pad') {
  const typeByName = new Map<string, string>();
  for (const type of catalog.types) {
    for (const name of [type.code, type.name_en, type.name_zh, type.letter]) typeByName.set(fold(name), type.code);
    // "参展" finds 参展证, "Exhibitor badge" finds Exhibitor.
    typeByName.set(fold(type.name_zh.replace(/证$/, '')), type.code);
    typeByName.set(fold(`${type.name_en} badge`), type.code);
  }
  const zoneBit = new Map(catalog.zones.map((zone) => [zone.code, zone.bit]));
  const typeNames = catalog.types.map((type) => `${type.code} (${type.name_zh})`).join(', ');
  const width = headers.length;
  const typeOf = memoised((text) => typeByName.get(fold(text)));

  return function check(row: number, cells: readonly string[]): { holder?: HolderRow; problems: RowProblem[] } {
    const problems: RowProblem[] = [];
    const problem = (field: RosterField | null, value: string, reason: string) => {
      const index = field ? columns[field] : -1;
      problems.push({
        row,
        column: index >= 0 ? columnLetter(index) : '',
        header: index >= 0 ? (headers[index] ?? '') : '',
        value,
        reason,
      });
    };
    if (cells.length > width && cells.slice(width).some((cell) => cell.trim() !== '')) {
      problem(
        null,
        cells.slice(width).join(','),
        `has ${cells.length} cells but the header has ${width}: a comma or line break inside an unquoted cell?`,
      );
      return { problems };
    }
    if (cells.length < width && ragged === 'short-is-bad') {
      problem(
        null,
        cells.join(','),
        `has ${cells.length} cells but the header has ${width}: a cell is missing or a line break split the row`,
      );
      return { problems };
    }
    const fields = {} as Record<RosterField, string>;
    for (const field of ROSTER_FIELDS) {
      const index = columns[field];
      const text = index < 0 ? '' : (cells[index] ?? '').trim();
      fields[field] = MAY_NEED_NFC.test(text) ? text.normalize('NFC') : text;
    }

    if (!fields.id) problem('id', '', 'is empty: every holder needs the id from the registration system');
    else if (fields.id.length > MAX_ID || /\s|,/.test(fields.id) || CONTROL.test(fields.id)) {
      problem('id', fields.id, `is not an id: at most ${MAX_ID} characters, without spaces or commas`);
    }
    if (!fields.name && !fields.latin_name)
      problem(columns.name >= 0 ? 'name' : 'latin_name', '', 'is empty: a holder needs a name');
    for (const field of ['name', 'latin_name', 'organisation', 'country', 'doc_type', 'doc_number'] as const) {
      // A line break typed into an organisation's cell (Alt+Enter) is text; in a name it is a mistake.
      const text = field === 'organisation' ? fields[field].replace(/\r?\n/g, '') : fields[field];
      if (fields[field].length > MAX_TEXT)
        problem(field, `${fields[field].slice(0, 40)}...`, `is longer than ${MAX_TEXT} characters`);
      else if (CONTROL.test(text)) problem(field, fields[field], 'holds a line break or control character');
    }
    const type = typeOf(fields.type);
    if (!fields.type) problem('type', '', `is empty: give the badge type, one of ${typeNames}`);
    else if (!type) problem('type', fields.type, `is not a badge type; known types are ${typeNames}`);

    let zones = '';
    if (type) {
      const codes = fields.zones
        ? fields.zones
            .normalize('NFKC')
            .toUpperCase()
            .split(/[\s,;，；、|/]+/)
            .filter(Boolean)
        : null;
      if (codes) {
        const unknown = codes.filter((code) => !zoneBit.has(code));
        if (unknown.length > 0) {
          problem(
            'zones',
            fields.zones,
            `${unknown.map((code) => `"${code}"`).join(', ')} ${unknown.length > 1 ? 'are not zones' : 'is not a zone'}; zones are ${[...zoneBit.keys()].join(' ')}`,
          );
        }
      }
      const chosen = codes ?? catalog.type(type)?.default_zones ?? [];
      zones = [...new Set(chosen)].sort((a, b) => (zoneBit.get(a) ?? 0) - (zoneBit.get(b) ?? 0)).join(' ');
    }
    if (problems.length > 0 || !type) return { problems };
    return {
      problems,
      holder: {
        row,
        id: fields.id,
        name: fields.name || fields.latin_name,
        latinName: fields.latin_name,
        organisation: fields.organisation,
        country: fields.country,
        docType: fields.doc_type,
        docNumber: fields.doc_number,
        type,
        zones,
      },
    };
  };
}

function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

function memoised<T>(compute: (text: string) => T): (text: string) => T {
  const cache = new Map<string, T>();
  return (text) => {
    if (cache.has(text)) return cache.get(text) as T;
    const value = compute(text);
    if (cache.size < 10_000) cache.set(text, value);
    return value;
  };
}
