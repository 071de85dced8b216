/** A batch's fold-in maps as one PDF of A4 sheets, four maps a sheet, in the order given. */
import type { Writable } from 'node:stream';
import type { Catalog } from '../catalog/index.ts';
import { type FontSet, PdfCards } from '../render/index.ts';
import { foldInMap, type MapHolder } from './fold-in-map.ts';
import { MAPS_PER_SHEET, mapSheet } from './map-sheet.ts';
import type { VenueMap } from './venue-map.ts';

export interface MapSheetsReport {
  maps: number;
  sheets: number;
  /** The mapped badges, in the sheets' order (reading order on each sheet). */
  serials: string[];
  /** Holders whose map was not made, and why (a badge with no zones: its data needs correcting). */
  leftOut: { serial: string; reason: string }[];
  /** Text cut to fit (a very long name): which map and what. */
  warnings: string[];
}

/**
 * Writes the sheets to `out` (a file's stream) or, without one, returns the PDF's bytes.
 * Settles between sheets so a 2,000-holder batch streams to disk in flat memory.
 */
export async function writeMapSheets(
  holders: readonly MapHolder[],
  venue: VenueMap,
  catalog: Catalog,
  fonts: FontSet,
  out?: Writable,
  title = 'Venue maps',
): Promise<{ report: MapSheetsReport; pdf: Buffer }> {
  const pdf = new PdfCards(fonts, { title }, out);
  const warnings: string[] = [];
  // Decision: a badge that opens no zone is a data error (its holder could pass no gate), not
  // a map to print: it is left out and named, the others print in their order.
  const leftOut = holders
    .filter((holder) => holder.zones.length === 0)
    .map((holder) => ({
      serial: holder.serial,
      reason: `${holder.serial} (${holder.name}) has no zones, so no map was made: correct the badge's zones (a reprint for a data error), then make its map.`,
    }));
  const mapped = holders.filter((holder) => holder.zones.length > 0);
  for (let first = 0; first < mapped.length; first += MAPS_PER_SHEET) {
    const group = mapped.slice(first, first + MAPS_PER_SHEET);
    const maps = group.map((holder) => foldInMap(holder, venue, catalog, fonts));
    maps.forEach((map, index) => {
      for (const warning of map.warnings) warnings.push(`${group[index]?.serial}: ${warning.message}`);
    });
    pdf.addSide(mapSheet(maps));
    await pdf.settle();
  }
  const bytes = await pdf.end();
  return {
    report: { maps: mapped.length, sheets: pdf.pageCount, serials: mapped.map((holder) => holder.serial), leftOut, warnings },
    pdf: bytes,
  };
}
