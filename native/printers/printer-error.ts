/**
 * Printer errors as codes that say what state the card and the job are in, so the
 * pipeline can resume exactly: nothing here is a stack trace for the operator.
 */
export type PrinterErrorCode =
  | 'SPOOLER_UNREACHABLE'
  | 'PRINTER_NOT_FOUND'
  | 'PRINTER_OFFLINE'
  | 'JOB_REFUSED'
  | 'MEDIA_EMPTY'
  | 'RIBBON_EMPTY'
  | 'PRINTER_JAMMED'
  | 'DOOR_OPEN'
  | 'JOB_ABORTED'
  | 'JOB_CANCELED'
  | 'TIMEOUT';

export class PrinterError extends Error {
  readonly code: PrinterErrorCode;
  /** The spooler's job, when one exists: the caller decides to cancel or resume it. */
  readonly jobId: number | undefined;

  constructor(code: PrinterErrorCode, message: string, jobId?: number) {
    super(message);
    this.name = 'PrinterError';
    this.code = code;
    this.jobId = jobId;
  }
}
