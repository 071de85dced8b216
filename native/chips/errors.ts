/**
 * What can go wrong with a chip, as codes the station can act on: each says what state
 * the card is in, so a job knows whether to retry the card, reject it, or pause.
 */
export type ChipErrorCode =
  /** No card came to the reader in time. */
  | 'NO_CARD'
  /** The card left the reader during the operation; `details.pagesWritten` says how far a write got. */
  | 'CARD_REMOVED'
  /** The chip refused a write (locked page, write error); the card may be partly written. */
  | 'WRITE_FAILED'
  /** The chip refused a read (a read-protected page, a read error); a read writes nothing, but an earlier write may have. */
  | 'READ_FAILED'
  /** What was read back is not what was written. */
  | 'VERIFY_MISMATCH'
  /** The chip is too small for the payload; nothing was written. */
  | 'CAPACITY'
  /** The chip is password-protected with a password we do not have; nothing was written. */
  | 'PROTECTED'
  /** The reader (or the PC/SC service) went away: not the card's fault. */
  | 'READER_GONE'
  /** The reader did not answer in time. */
  | 'TIMEOUT'
  /** The caller cancelled (AbortSignal). */
  | 'CANCELLED'
  /** Not an NTAG213/215/216, or a reader that cannot talk to it. */
  | 'UNSUPPORTED';

export class ChipError extends Error {
  readonly code: ChipErrorCode;
  /** Facts about the card's state (pages written, the page that failed); never secrets. */
  readonly details: Readonly<Record<string, number | string | boolean>>;

  constructor(code: ChipErrorCode, message: string, details: Record<string, number | string | boolean> = {}) {
    super(message);
    this.name = 'ChipError';
    this.code = code;
    this.details = details;
  }
}

export function isChipError(error: unknown): error is ChipError {
  return error instanceof ChipError;
}
