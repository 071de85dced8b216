/**
 * One roster row checked and turned into a holder, or the precise reasons it cannot be.
 *
 * A bad row is not an exception: each problem names the row, the column (letter and
 * header, as the spreadsheet shows them), the value and what is wrong with it.
 */
import type { Catalog } from '../catalog/index.ts';
import { type ColumnMap, columnLetter, ROSTER_FIELDS, type RosterField } from './fields.ts';
import { detached } from './search-keys.ts';

export interface RowProblem {
  row: number;
  /** Column letter, e.g. "C"; empty for a problem with the row as a whole. */
  column: string;
  /** The header of that column as the file has it. */
  header: string;
  value: string;
  reason: string;
}

/** A checked row; the reader adds its search keys (parse-worker.ts). */
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

/** The values of one checked holder in a batch, in this order. */
export const BATCH_COLUMNS = ['row', ...ROSTER_FIELDS, 'name_key', 'pinyin', 'initials', 'latin_key', 'org_key'] as const;
export const BATCH_WIDTH = BATCH_COLUMNS.length;

/**
 * A batch of checked holders crosses to the writing thread as two strings: one string is
 * copied in one go, where an array of 100,000 strings is cloned string by string (that
 * cloning was the reader's third-largest cost).
 */
export interface HolderBatch {
  /** BATCH_WIDTH values per holder, in BATCH_COLUMNS order, joined by SEPARATOR. */
  holders: string;
  count: number;
  /** The later words of the batch's names and organisations: row, word, row, word ... joined by SEPARATOR. */
  words: string;
  problems: RowProblem[];
}

/** NUL: a checked value never holds one (control characters are refused; keys and codes have none). */
export const SEPARATOR = '\u0000';

/** The values of a batch, one array; refuses a batch that does not split into whole holders. */
export function batchValues(batch: HolderBatch): { holders: string[]; words: string[] } {
  const holders = batch.count > 0 ? batch.holders.split(SEPARATOR) : [];
  const words = batch.words ? batch.words.split(SEPARATOR) : [];
  if (holders.length !== batch.count * BATCH_WIDTH || words.length % 2 !== 0) {
    throw new Error('a batch of roster rows arrived garbled (a separator inside a value?)');
  }
  return { holders, words };
}

const MAX_ID = 64;
const MAX_TEXT = 300;
const CONTROL = /\p{Cc}/u;
const NOT_IN_ID = /[\s,\p{Cc}]/u;
/** Latin-1, Latin Extended and CJK text is already NFC; only other scripts pay for normalising. */
const MAY_NEED_NFC = /[^ -\u02ff\u3000-\u9fff]/;

/** The part of the event's catalogue a row is checked against; plain data, so it can cross to the reader. */
export type CatalogData = Pick<Catalog, 'types' | 'zones'>;

/** Builds the checker for one file: its header and the event's catalogue. */
export function rowChecker(headers: readonly string[], columns: ColumnMap, catalog: CatalogData, ragged: 'short-is-bad' | 'pad') {
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
  const zoneNames = [...zoneBit.keys()].join(' ');
  /** The zones of a type and a zones cell, or why they are wrong; a roster repeats a few of these. */
  const zonesOf = memoised((key: string): { zones: string; problem?: string } => {
    const [type, text] = key.split('\u0000') as [string, string];
    const codes = text
      ? text
          .normalize('NFKC')
          .toUpperCase()
          .split(/[\s,;，；、|/]+/)
          .filter(Boolean)
      : null;
    let problem: string | undefined;
    if (codes) {
      const unknown = codes.filter((code) => !zoneBit.has(code));
      if (unknown.length > 0) {
        problem = `${unknown.map((code) => `"${code}"`).join(', ')} ${unknown.length > 1 ? 'are not zones' : 'is not a zone'}; zones are ${zoneNames}`;
      }
    }
    const chosen = codes ?? catalog.types.find((candidate) => candidate.code === type)?.default_zones ?? [];
    const zones = [...new Set(chosen)].sort((a, b) => (zoneBit.get(a) ?? 0) - (zoneBit.get(b) ?? 0)).join(' ');
    return { zones, problem };
  });
  const at = columns;

  function problem(problems: RowProblem[], row: number, field: RosterField | null, value: string, reason: string): void {
    const index = field ? columns[field] : -1;
    problems.push({
      row,
      column: index >= 0 ? columnLetter(index) : '',
      header: index >= 0 ? (headers[index] ?? '') : '',
      value,
      reason,
    });
  }

  /** Length and control characters of a text field; a name is looked at by every row, so no allocation here. */
  function checkText(problems: RowProblem[], row: number, field: RosterField, value: string): void {
    if (value.length > MAX_TEXT)
      problem(problems, row, field, `${value.slice(0, 40)}...`, `is longer than ${MAX_TEXT} characters`);
    else if (CONTROL.test(value)) {
      // A line break typed into an organisation's cell (Alt+Enter) is text; in a name it is a mistake.
      if (field !== 'organisation' || CONTROL.test(value.replace(/\r?\n/g, '')))
        problem(problems, row, field, value, 'holds a line break or control character');
    }
  }

  return function check(row: number, cells: readonly string[]): { holder?: HolderRow; problems: RowProblem[] } {
    const problems: RowProblem[] = [];
    if (cells.length > width && cells.slice(width).some((cell) => cell.trim() !== '')) {
      problem(
        problems,
        row,
        null,
        cells.slice(width).join(','),
        `has ${cells.length} cells but the header has ${width}: a comma or line break inside an unquoted cell?`,
      );
      return { problems };
    }
    if (cells.length < width && ragged === 'short-is-bad') {
      problem(
        problems,
        row,
        null,
        cells.join(','),
        `has ${cells.length} cells but the header has ${width}: a cell is missing or a line break split the row`,
      );
      return { problems };
    }
    const id = cellAt(cells, at.id);
    const name = cellAt(cells, at.name);
    const latinName = cellAt(cells, at.latin_name);
    const organisation = cellAt(cells, at.organisation);
    const country = cellAt(cells, at.country);
    const docType = cellAt(cells, at.doc_type);
    const docNumber = cellAt(cells, at.doc_number);
    const typeText = cellAt(cells, at.type);
    const zonesText = cellAt(cells, at.zones);

    if (!id) problem(problems, row, 'id', '', 'is empty: every holder needs the id from the registration system');
    else if (id.length > MAX_ID || NOT_IN_ID.test(id)) {
      problem(problems, row, 'id', id, `is not an id: at most ${MAX_ID} characters, without spaces or commas`);
    }
    if (!name && !latinName)
      problem(problems, row, columns.name >= 0 ? 'name' : 'latin_name', '', 'is empty: a holder needs a name');
    checkText(problems, row, 'name', name);
    checkText(problems, row, 'latin_name', latinName);
    checkText(problems, row, 'organisation', organisation);
    checkText(problems, row, 'country', country);
    checkText(problems, row, 'doc_type', docType);
    checkText(problems, row, 'doc_number', docNumber);
    const type = typeOf(typeText);
    if (!typeText) problem(problems, row, 'type', '', `is empty: give the badge type, one of ${typeNames}`);
    else if (!type) problem(problems, row, 'type', typeText, `is not a badge type; known types are ${typeNames}`);

    let zones = '';
    if (type) {
      const chosen = zonesOf(`${type}\u0000${zonesText}`);
      if (chosen.problem) problem(problems, row, 'zones', zonesText, chosen.problem);
      zones = chosen.zones;
    }
    if (problems.length > 0 || !type) return { problems };
    return {
      problems,
      holder: { row, id, name: name || latinName, latinName, organisation, country, docType, docNumber, type, zones },
    };
  };
}

/** A cell as checked: trimmed, and in NFC (the form keys and searches compare). */
function cellAt(cells: readonly string[], index: number): string {
  if (index < 0) return '';
  const text = (cells[index] ?? '').trim();
  return MAY_NEED_NFC.test(text) ? text.normalize('NFC') : text;
}

function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

function memoised<T>(compute: (text: string) => T): (text: string) => T {
  const cache = new Map<string, T>();
  return (text) => {
    if (cache.has(text)) return cache.get(text) as T;
    const key = detached(text);
    const value = compute(key);
    if (cache.size < 10_000) cache.set(key, value);
    return value;
  };
}
