export { type OpenDatabaseOptions, type Row, StationDatabase, translateSqliteError } from './database.ts';
export type { Migration } from './migrate.ts';
