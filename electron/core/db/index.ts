export { StationDatabase, translateSqliteError, type OpenDatabaseOptions, type Row } from './database.ts';
export type { Migration } from './migrate.ts';
