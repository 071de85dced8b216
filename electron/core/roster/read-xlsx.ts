/**
 * XLSX rosters, streamed: a workbook of 500,000 rows must not need gigabytes.
 *
 * exceljs's streaming reader gives the rows, but it skips merged cells and cannot say in
 * advance which sheets hold data, so a first pass over the zip (yauzl, one inflate of
 * each sheet, nothing kept but a few facts) finds both before any row is read.
 */
import { basename } from 'node:path';
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import { StationError } from '../errors.ts';
import type { TableRow } from './read-table.ts';

interface SheetFacts {
  name: string;
  hasData: boolean;
  merges: string[];
}

export async function* readWorkbook(path: string, wanted: string | undefined): AsyncGenerator<TableRow> {
  let facts: SheetFacts[];
  try {
    facts = await scanWorkbook(path);
  } catch (error) {
    throw new StationError(
      'ROSTER_UNREADABLE',
      `${basename(path)} is not a readable XLSX workbook: ${(error as Error).message}.`,
    );
  }
  const withData = facts.filter((sheet) => sheet.hasData);
  let sheet = withData[0];
  if (wanted !== undefined) {
    sheet = facts.find((candidate) => candidate.name === wanted);
    if (!sheet) {
      throw new StationError(
        'ROSTER_UNREADABLE',
        `${basename(path)} has no sheet "${wanted}"; its sheets are ${facts.map((s) => `"${s.name}"`).join(', ')}.`,
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

  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    entries: 'ignore',
  });
  for await (const worksheet of reader) {
    const isRoster = (worksheet as unknown as { name: string }).name === sheet.name;
    for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
      if (!isRoster) continue; // the other sheets still have to be read past
      const cells: string[] = [];
      for (let column = 1; column <= row.cellCount; column += 1) cells.push(cellText(row.getCell(column)));
      while (cells.length > 1 && cells.at(-1) === '') cells.pop();
      yield { row: row.number, cells };
    }
  }
}

function cellText(cell: ExcelJS.Cell): string {
  try {
    return cell.text ?? '';
  } catch {
    return String(cell.value ?? '');
  }
}

/** Sheet names in workbook order, whether each holds any value, and its merged ranges. */
async function scanWorkbook(path: string): Promise<SheetFacts[]> {
  const zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false });
  try {
    const texts = new Map<string, string>();
    const sheetFacts = new Map<string, { hasData: boolean; merges: string[] }>();
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', async (entry: yauzl.Entry) => {
        try {
          const name = entry.fileName;
          if (name === 'xl/workbook.xml' || name === 'xl/_rels/workbook.xml.rels') {
            texts.set(name, await entryText(zip, entry));
          } else if (/^xl\/worksheets\/[^/]+\.xml$/.test(name)) {
            sheetFacts.set(name.slice('xl/'.length), await scanSheet(zip, entry));
          }
          zip.readEntry();
        } catch (error) {
          reject(error);
        }
      });
      zip.on('end', resolve);
      zip.on('error', reject);
      zip.readEntry();
    });
    const workbook = texts.get('xl/workbook.xml');
    const rels = texts.get('xl/_rels/workbook.xml.rels') ?? '';
    if (!workbook) throw new Error('it has no workbook part');
    const targets = new Map<string, string>();
    for (const match of rels.matchAll(/<Relationship\b[^>]*>/g)) {
      const id = /\bId="([^"]+)"/.exec(match[0])?.[1];
      const target = /\bTarget="([^"]+)"/.exec(match[0])?.[1];
      if (id && target) targets.set(id, target.replace(/^\/?xl\//, ''));
    }
    const sheets: SheetFacts[] = [];
    for (const match of workbook.matchAll(/<sheet\b[^>]*>/g)) {
      const name = unescapeXml(/\bname="([^"]*)"/.exec(match[0])?.[1] ?? '');
      const id = /\br:id="([^"]+)"/.exec(match[0])?.[1] ?? '';
      const facts = sheetFacts.get(targets.get(id) ?? '') ?? { hasData: false, merges: [] };
      sheets.push({ name, ...facts });
    }
    return sheets;
  } finally {
    zip.close();
  }
}

async function entryText(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Streams a sheet's XML once, keeping only whether a value appears and the merged ranges. */
async function scanSheet(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<{ hasData: boolean; merges: string[] }> {
  let hasData = false;
  const merges: string[] = [];
  let tail = '';
  for await (const chunk of await zip.openReadStreamPromise(entry)) {
    const text = tail + (chunk as Buffer).toString('latin1');
    if (!hasData && /<v>|<is>/.test(text)) hasData = true;
    for (const match of text.matchAll(/<mergeCell\b[^>]*\bref="([^"]+)"/g)) merges.push(match[1] as string);
    // Keep the end of the chunk: a tag may straddle two chunks (merges are deduplicated below).
    tail = text.slice(-256);
  }
  return { hasData, merges: [...new Set(merges)] };
}

function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_, code: string) => String.fromCodePoint(Number.parseInt(code, 16)))
    .replace(/&amp;/g, '&');
}
