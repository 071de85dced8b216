/** Handover: what goes with a printed card to its holder (the fold-in venue map first). */
export {
  type BatchFacts,
  batchFacts,
  type HandoverBatch,
  type HandoverCard,
  type HandoverOrder,
  handoverBatch,
  inHandoverOrder,
} from './batch.ts';
export {
  addRepresentatives,
  badgeForHandover,
  type Collected,
  type CollectRequest,
  collectBadge,
  type HandoverBadge,
  type NewRepresentative,
  type Recipient,
  representatives,
  representativesFromCsv,
} from './collect.ts';
export { FOLDS, foldInMap, INSERT, type MapHolder } from './fold-in-map.ts';
export { MAPS_PER_SHEET, mapSheet, SHEET } from './map-sheet.ts';
export { type MapSheetsReport, writeMapSheets } from './map-sheets.ts';
export { type HandoverPack, PACK_FILES, writeHandoverPack } from './pack.ts';
export { batchSummary, pickList, separatorSheets } from './sheets.ts';
export { loadVenueMap, type VenueMap } from './venue-map.ts';
