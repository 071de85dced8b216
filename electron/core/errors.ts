/**
 * Errors as values with codes the UI and scripts can act on.
 *
 * A `StationError` is raised at the edge where the cause is known, carries a stable
 * `code` and a plain message that says what to do about it. Anything else that escapes
 * is a bug and surfaces as `INTERNAL`.
 */
export type ErrorCode =
  | 'USAGE'
  | 'INTERNAL'
  | 'STATION_NOT_INITIALISED'
  | 'STATION_EXISTS'
  | 'STATION_NUMBER_INVALID'
  | 'DATA_DIR_UNUSABLE'
  | 'DB_CORRUPT'
  | 'DB_TOO_NEW'
  | 'DB_IN_USE'
  | 'STATION_SEALED'
  | 'STATION_BUSY'
  | 'DB_MIGRATION_FAILED'
  | 'CATALOG_INVALID'
  | 'VENUE_MAP_INVALID'
  | 'LEDGER_BROKEN'
  | 'LEDGER_EVENT_INVALID'
  | 'EXPORT_FAILED'
  | 'REVOCATIONS_INVALID'
  | 'REVOCATIONS_ROLLBACK'
  | 'TRUST_INVALID'
  | 'KEY_FILE_CORRUPT'
  | 'KEY_PASSPHRASE_WRONG'
  | 'KEY_MISSING'
  | 'STATION_LOCKED'
  | 'KEY_EXISTS'
  | 'CLOCK_SKEW'
  | 'POLICY_REFUSED'
  | 'PAYLOAD_INVALID'
  | 'ROSTER_UNREADABLE'
  | 'ROW_INVALID'
  | 'ROSTER_TOO_LARGE'
  | 'ROSTER_ENCODING'
  | 'ROSTER_HEADERS'
  | 'ROSTER_MAPPING_INVALID'
  | 'PHOTOS_UNREADABLE'
  | 'PHOTO_MISSING'
  | 'PHOTO_DAMAGED'
  | 'HOLDER_NOT_FOUND'
  | 'BADGE_EXISTS'
  | 'BADGE_NOT_FOUND'
  | 'BADGE_VOID'
  | 'BADGE_NOT_ISSUED'
  | 'BADGE_OTHER_BATCH'
  | 'BADGE_COLLECTED'
  | 'IDENTITY_MISMATCH'
  | 'NOT_A_REPRESENTATIVE'
  | 'BADGE_TYPE_UNKNOWN'
  | 'BADGE_VERSIONS_EXHAUSTED'
  | 'CHIP_NO_CARD'
  | 'CHIP_CARD_REMOVED'
  | 'CHIP_WRITE_FAILED'
  | 'CHIP_READ_FAILED'
  | 'CHIP_VERIFY_MISMATCH'
  | 'CHIP_CAPACITY'
  | 'CHIP_PROTECTED'
  | 'CHIP_READER_GONE'
  | 'CHIP_TIMEOUT'
  | 'CHIP_CANCELLED'
  | 'CHIP_UNSUPPORTED'
  | 'CHIP_EXISTS'
  | 'CHIP_IN_USE'
  | 'CHIP_LIVE'
  | 'LAYOUT_INVALID'
  | 'LAYOUT_MISSING'
  | 'RENDER_FAILED'
  | 'CALIBRATION_INVALID'
  | 'BADGE_IN_JOB'
  | 'JOB_NOT_FOUND'
  | 'JOB_RUNNING'
  | 'PRINTER_UNKNOWN'
  | 'PRINTERS_UNAVAILABLE'
  | 'DISK_FULL'
  | 'BACKUP_INVALID'
  | 'BACKUP_FAILED'
  | 'RESTORE_INTERRUPTED'
  | 'UPLOAD_NOT_FOUND'
  | 'UPLOAD_INVALID'
  | 'SIGN_IN_FAILED'
  | 'USER_LOCKED'
  | 'USER_EXISTS'
  | 'USER_NOT_FOUND'
  | 'USERS_EXIST'
  | 'SECRET_TOO_WEAK'
  | 'NOT_SIGNED_IN'
  | 'SESSION_LOCKED'
  | 'SESSION_ENDED'
  | 'ROLE_REFUSED'
  | 'LAST_ADMIN'
  | 'BADGE_CONFLICT'
  | 'APPROVAL_NEEDED'
  | 'APPROVAL_REFUSED'
  | 'ADMIN_APPROVAL_NEEDED'
  | 'UPSTREAM_NOT_CONNECTED'
  | 'UPSTREAM_UNREACHABLE'
  | 'UPSTREAM_TLS'
  | 'UPSTREAM_AUTH'
  | 'UPSTREAM_NOT_INITIALISED'
  | 'UPSTREAM_TOO_NEW'
  | 'UPSTREAM_NOT_A_STATION'
  | 'UPSTREAM_REFUSED'
  | 'UPSTREAM_AHEAD';

export class StationError extends Error {
  readonly code: ErrorCode;
  /** Facts a script may want (paths, sequence numbers); never personal data. */
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'StationError';
    this.code = code;
    this.details = details;
  }
}

export function isStationError(error: unknown): error is StationError {
  return error instanceof StationError;
}
