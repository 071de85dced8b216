export { type Clearance, holderClearance } from './clearance.ts';
export { CsvScanner } from './csv-scan.ts';
export { DEMO_HEADERS, type DemoOptions, type DemoResult, demoHolderId, demoPhoto, mulberry32, writeDemoRoster } from './demo.ts';
export {
  columnLetter,
  type Mapping,
  mapColumns,
  normaliseHeader,
  ROSTER_FIELDS,
  type RosterField,
  readMapping,
} from './fields.ts';
export { type HolderFile, holderFile, MAX_PHOTO_SENT_BYTES } from './holder-file.ts';
export { type ImportOptions, type ImportProgress, type ImportReport, type ImportStage, importRoster } from './import.ts';
export { type BadgeStatus, type RosterFilters, type RosterPage, type RosterRow, rosterPage, rosterRows } from './listing.ts';
export { PhotoStore } from './photo-store.ts';
export type { RowProblem } from './rows.ts';
export { type HolderHit, MAX_RESULTS, type MatchKind, searchHolders } from './search.ts';
export { latinKey, pinyinOf, searchKey } from './search-keys.ts';
export { DEFAULT_MAX_BYTES, type EncodingChoice, type RosterEncoding, sniffRoster } from './sniff.ts';
