/**
 * XLSX rosters, streamed: a workbook of 500,000 rows must not need gigabytes.
 *
 * An XLSX file is a zip of XML parts. yauzl gives random access to the parts; the sheet
 * is inflated and scanned as a stream, a row at a time, so memory holds the shared
 * strings (the workbook's distinct texts) and one chunk of the sheet, never the sheet.
 * A first pass over each sheet finds which hold data and which cells are merged, so a
 * refused workbook is refused before any row is read.
 *
 * Decision: our own reader over yauzl rather than exceljs. exceljs's stream reader crashed
 * on workbooks whose workbook part comes after the sheets in the zip, and its full reader
 * needs the whole workbook in memory; exceljs still writes the XLSX fixtures in tests.
 */
import { basename } from 'node:path';
import yauzl from 'yauzl';
import { StationError } from '../errors.ts';
import type { TableRow } from './read-table.ts';

interface SheetFacts {
  name: string;
  part: string;
  hasData: boolean;
  merges: string[];
}

/** The chosen sheet's rows, a run of them (those in one chunk of the sheet) at a time. */
export async function* readWorkbook(path: string, wanted: string | undefined): AsyncGenerator<TableRow[]> {
  let zip: yauzl.ZipFile;
  let parts: Map<string, yauzl.Entry>;
  let sheets: SheetFacts[];
  try {
    zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false });
    parts = await listParts(zip);
    sheets = await sheetsOf(zip, parts);
  } catch (error) {
    throw new StationError(
      'ROSTER_UNREADABLE',
      `${basename(path)} is not a readable XLSX workbook: ${(error as Error).message}.`,
    );
  }
  try {
    const sheet = chooseSheet(path, sheets, wanted);
    const strings = parts.has('xl/sharedStrings.xml')
      ? await sharedStrings(zip, parts.get('xl/sharedStrings.xml') as yauzl.Entry)
      : [];
    yield* sheetRows(zip, parts.get(sheet.part) as yauzl.Entry, strings);
  } finally {
    zip.close();
  }
}

function chooseSheet(path: string, sheets: SheetFacts[], wanted: string | undefined): SheetFacts {
  const withData = sheets.filter((sheet) => sheet.hasData);
  let sheet = withData[0];
  if (wanted !== undefined) {
    sheet = sheets.find((candidate) => candidate.name === wanted);
    if (!sheet) {
      throw new StationError(
        'ROSTER_UNREADABLE',
        `${basename(path)} has no sheet "${wanted}"; its sheets are ${sheets.map((s) => `"${s.name}"`).join(', ')}.`,
      );
    }
  } else if (withData.length > 1) {
    throw new StationError(
      'ROSTER_UNREADABLE',
      `${basename(path)} has ${withData.length} sheets with data (${withData.map((s) => `"${s.name}"`).join(', ')}); nothing was imported. Say which one is the roster with --sheet NAME.`,
    );
  }
  if (!sheet) throw new StationError('ROSTER_UNREADABLE', `${basename(path)} has no rows: export the roster again.`);
  if (sheet.merges.length > 0) {
    const shown = sheet.merges.slice(0, 5).join(', ');
    throw new StationError(
      'ROSTER_UNREADABLE',
      `Sheet "${sheet.name}" of ${basename(path)} has merged cells (${shown}${sheet.merges.length > 5 ? ', ...' : ''}); nothing was imported. Unmerge them so that every row holds its own values, then import again.`,
    );
  }
  return sheet;
}

async function listParts(zip: yauzl.ZipFile): Promise<Map<string, yauzl.Entry>> {
  const parts = new Map<string, yauzl.Entry>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      parts.set(entry.fileName.replace(/^\//, ''), entry);
      zip.readEntry();
    });
    zip.on('end', resolve);
    zip.on('error', reject);
    zip.readEntry();
  });
  return parts;
}

/** Sheet names in workbook order, with the facts a first pass over each finds. */
async function sheetsOf(zip: yauzl.ZipFile, parts: Map<string, yauzl.Entry>): Promise<SheetFacts[]> {
  const workbookEntry = parts.get('xl/workbook.xml');
  if (!workbookEntry) throw new Error('it has no workbook part');
  const workbook = await partText(zip, workbookEntry);
  const relsEntry = parts.get('xl/_rels/workbook.xml.rels');
  const rels = relsEntry ? await partText(zip, relsEntry) : '';
  const targets = new Map<string, string>();
  for (const [tag] of rels.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = attribute(tag, 'Id');
    const target = attribute(tag, 'Target');
    if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  const sheets: SheetFacts[] = [];
  for (const [tag] of workbook.matchAll(/<sheet\b[^>]*>/g)) {
    const part = targets.get(attribute(tag, 'r:id') ?? '') ?? '';
    const entry = parts.get(part);
    if (!entry) continue;
    sheets.push({ name: unescapeXml(attribute(tag, 'name') ?? ''), part, ...(await scanSheet(zip, entry)) });
  }
  return sheets;
}

/** One streaming pass: does a value appear, and which ranges are merged. */
async function scanSheet(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<{ hasData: boolean; merges: string[] }> {
  let hasData = false;
  const merges = new Set<string>();
  let tail = '';
  for await (const chunk of await zip.openReadStreamPromise(entry)) {
    const text = tail + (chunk as Buffer).toString('latin1');
    if (!hasData && /<v>|<is>/.test(text)) hasData = true;
    for (const match of text.matchAll(/<mergeCell\b[^>]*\bref="([^"]+)"/g)) merges.add(match[1] as string);
    tail = text.slice(-256); // a tag may straddle two chunks
  }
  return { hasData, merges: [...merges] };
}

async function* partChunks(zip: yauzl.ZipFile, entry: yauzl.Entry): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of await zip.openReadStreamPromise(entry)) yield decoder.decode(chunk as Buffer, { stream: true });
  yield decoder.decode();
}

async function partText(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<string> {
  let text = '';
  for await (const chunk of partChunks(zip, entry)) text += chunk;
  return text;
}

/**
 * Complete elements `<name ...>...</name>` as they stream by, those of one chunk together:
 * an await per element (1.5 million shared strings and 500,000 rows in a large roster)
 * would cost more than reading them.
 */
async function* elements(zip: yauzl.ZipFile, entry: yauzl.Entry, name: string): AsyncGenerator<string[]> {
  const close = `</${name}>`;
  const open = new RegExp(`<${name}[\\s>/]`, 'g');
  let pending = '';
  for await (const chunk of partChunks(zip, entry)) {
    pending += chunk;
    const found: string[] = [];
    let start = 0;
    for (;;) {
      open.lastIndex = start;
      const at = open.exec(pending)?.index;
      if (at === undefined) break;
      const tagEnd = pending.indexOf('>', at);
      if (tagEnd < 0) break;
      if (pending.charCodeAt(tagEnd - 1) === SLASH) {
        found.push(pending.slice(at, tagEnd + 1));
        start = tagEnd + 1;
        continue;
      }
      const end = pending.indexOf(close, tagEnd);
      if (end < 0) break;
      found.push(pending.slice(at, end + close.length));
      start = end + close.length;
    }
    pending = pending.slice(start);
    if (found.length > 0) yield found;
  }
}

const SLASH = 0x2f;

/** The workbook's shared strings; phonetic guides (<rPh>, furigana) are not part of the text. */
async function sharedStrings(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<string[]> {
  const strings: string[] = [];
  for await (const items of elements(zip, entry, 'si')) {
    for (const item of items) strings.push(textOf(item.includes('<rPh') ? item.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '') : item));
  }
  return strings;
}

function textOf(xml: string): string {
  let text = '';
  for (const match of xml.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)) text += match[1];
  return unescapeXml(text);
}

async function* sheetRows(zip: yauzl.ZipFile, entry: yauzl.Entry, strings: readonly string[]): AsyncGenerator<TableRow[]> {
  let previous = 0;
  for await (const rows of elements(zip, entry, 'row')) {
    yield rows.map((row) => {
      const number = Number(attribute(row.slice(0, row.indexOf('>')), 'r') ?? previous + 1);
      previous = number;
      const cells: string[] = [];
      let next = 0;
      for (const match of row.matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
        const attributes = match[1] ?? '';
        const reference = attribute(attributes, 'r');
        const column = reference ? columnIndex(reference) : next;
        next = column + 1;
        while (cells.length < column) cells.push('');
        cells.push(cellValue(attribute(attributes, 't'), match[2] ?? '', strings));
      }
      while (cells.length > 1 && cells.at(-1) === '') cells.pop();
      return { row: number, cells };
    });
  }
}

function cellValue(type: string | undefined, inner: string, strings: readonly string[]): string {
  if (type === 'inlineStr') return textOf(inner);
  const value = /<v>([\s\S]*?)<\/v>/.exec(inner)?.[1];
  if (value === undefined) return '';
  if (type === 's') return strings[Number(value)] ?? '';
  if (type === 'b') return value === '1' ? 'TRUE' : 'FALSE';
  return unescapeXml(value);
}

function columnIndex(reference: string): number {
  let index = 0;
  for (const char of reference) {
    const code = char.charCodeAt(0);
    if (code < 65 || code > 90) break;
    index = index * 26 + (code - 64);
  }
  return index - 1;
}

/** One pattern per attribute name, made once: a row's cells ask for `r` and `t` millions of times. */
const attributePatterns = new Map<string, RegExp>();

function attribute(tag: string, name: string): string | undefined {
  let pattern = attributePatterns.get(name);
  if (!pattern) {
    pattern = new RegExp(`\\s${name}="([^"]*)"`);
    attributePatterns.set(name, pattern);
  }
  return pattern.exec(tag)?.[1];
}

function unescapeXml(text: string): string {
  if (!text.includes('&')) return text;
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_, code: string) => String.fromCodePoint(Number.parseInt(code, 16)))
    .replace(/&amp;/g, '&');
}
