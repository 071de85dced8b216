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
  | 'DB_MIGRATION_FAILED'
  | 'CATALOG_INVALID'
  | 'LEDGER_BROKEN'
  | 'LEDGER_EVENT_INVALID'
  | 'EXPORT_FAILED';

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
