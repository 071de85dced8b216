/**
 * Backups and restores of a station (backup.ts, restore.ts): what keeps a dead laptop from
 * losing an issuance record.
 */
export {
  BACKUP_FORMAT,
  type BackupManifest,
  type BackupOptions,
  type BackupResult,
  backupStation,
  DEFAULT_KEEP,
  type ListedBackup,
  listBackups,
  readManifest,
  stationBackups,
} from './backup.ts';
export { type RestoreResult, restoreStation } from './restore.ts';
export {
  type BackupPlan,
  type BackupState,
  backUpNow,
  backupState,
  DEFAULT_EVERY_MINUTES,
  nextBackupAt,
  planBackups,
} from './schedule.ts';
