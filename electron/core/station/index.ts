export {
  createDataKey,
  DATA_KEY_FILES,
  forgetRememberedDataKey,
  hasDataKey,
  hasRememberedDataKey,
  openDataKey,
  sealDataKey,
} from './data-key.ts';
export {
  DATABASE_FILE,
  initStation,
  noStation,
  openStation,
  parseStationNumber,
  RESTORE_NOTE,
  type Station,
  type StationKey,
} from './station.ts';
export { lastUpstreamTime, recordUpstreamTime, type UpstreamTime } from './upstream-time.ts';
