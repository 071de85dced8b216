/**
 * A batch's handover pack, written into a folder: the map sheets, the lanyard pick list
 * (PDF, and CSV for a spreadsheet), the organisations' separator sheets and the batch
 * summary, all in the batch's handover order.
 */
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Catalog } from '../catalog/index.ts';
import { csvLine } from '../csv.ts';
import { type FontSet, PdfCards } from '../render/index.ts';
import type { BatchFacts } from './batch.ts';
import { type MapSheetsReport, writeMapSheets } from './map-sheets.ts';
import { batchSummary, pickList, separatorSheets } from './sheets.ts';
import type { VenueMap } from './venue-map.ts';

export const PACK_FILES = {
  maps: 'maps.pdf',
  pickList: 'pick-list.pdf',
  pickListCsv: 'pick-list.csv',
  separators: 'separators.pdf',
  summary: 'summary.pdf',
} as const;

export interface HandoverPack {
  folder: string;
  files: Record<keyof typeof PACK_FILES, string>;
  maps: MapSheetsReport;
  organisations: number;
}

export async function writeHandoverPack(
  batch: BatchFacts,
  venue: VenueMap,
  catalog: Catalog,
  fonts: FontSet,
  folder: string,
  options: { timeZone?: string } = {},
): Promise<HandoverPack> {
  mkdirSync(folder, { recursive: true });
  const files = Object.fromEntries(
    Object.entries(PACK_FILES).map(([key, name]) => [key, join(folder, name)]),
  ) as HandoverPack['files'];
  const { report: maps } = await writeMapSheets(
    batch.cards,
    venue,
    catalog,
    fonts,
    createWriteStream(files.maps),
    `Venue maps: ${batch.name}`,
  );
  const pdf = async (file: string, title: string, pages: ReturnType<typeof pickList>) => {
    const out = new PdfCards(fonts, { title }, createWriteStream(file));
    for (const page of pages) {
      out.addSide(page);
      await out.settle();
    }
    await out.end();
  };
  await pdf(files.pickList, `Pick list: ${batch.name}`, pickList(batch, fonts));
  // With a BOM: Excel reads the Chinese names right.
  writeFileSync(
    files.pickListCsv,
    `\uFEFF${csvLine(['n', 'serial', 'name', 'latin_name', 'organisation', 'type', 'lanyard', 'lanyard_colour'])}${batch.cards
      .map((card, index) =>
        csvLine([
          String(index + 1),
          card.serial,
          card.name,
          card.latinName,
          card.organisation,
          card.type.code,
          card.type.lanyard.name_en,
          card.type.lanyard.colour,
        ]),
      )
      .join('')}`,
  );
  const separators = separatorSheets(batch, fonts);
  await pdf(files.separators, `Separators: ${batch.name}`, separators);
  await pdf(files.summary, `Summary: ${batch.name}`, [batchSummary(batch, catalog, fonts, options.timeZone)]);
  return { folder, files, maps, organisations: separators.length };
}
