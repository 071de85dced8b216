export { DATABASE_FILE, initStation, openStation, parseStationNumber, type Station } from './station.ts';
