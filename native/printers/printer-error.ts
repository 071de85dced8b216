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
  | 'JOB_HELD'
  | 'TIMEOUT';

export class PrinterError extends Error {
  readonly code: PrinterErrorCode;
  /** The spooler's job, when one exists: the caller decides to cancel or resume it. */
  readonly jobId: number | undefined;
  /**
   * The printer had begun printing this card when it failed: the card may be half
   * printed, so it is not simply printed again elsewhere.
   */
  readonly cardStarted: boolean;
  /**
   * Only from sending a card: the spooler was never reached (its computer refused the
   * connection, or was not there), so it did not get the card.
   */
  readonly notReceived: boolean;

  constructor(
    code: PrinterErrorCode,
    message: string,
    jobId?: number,
    options: { cardStarted?: boolean; notReceived?: boolean; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PrinterError';
    this.code = code;
    this.jobId = jobId;
    this.cardStarted = options.cardStarted ?? false;
    this.notReceived = options.notReceived ?? false;
  }
}
