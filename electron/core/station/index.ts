export { DATABASE_FILE, initStation, openStation, parseStationNumber, type Station } from './station.ts';
export { lastUpstreamTime, recordUpstreamTime, type UpstreamTime } from './upstream-time.ts';
