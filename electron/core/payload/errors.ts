/**
 * The gate's verdicts. A payload is `valid` or fails with exactly one of these codes,
 * never with a stack trace: a gate device shows the code and lets the holder through or not.
 */
export type VerdictCode =
  | 'MALFORMED'
  | 'UNKNOWN_KID'
  | 'BAD_SIGNATURE'
  | 'NOT_YET_VALID'
  | 'EXPIRED'
  | 'REVOKED'
  | 'OUTSIDE_POLICY'
  | 'WRONG_CHIP'
  | 'STALE_REVOCATIONS';

export class PayloadError extends Error {
  readonly code: VerdictCode;

  constructor(code: VerdictCode, message: string) {
    super(message);
    this.name = 'PayloadError';
    this.code = code;
  }
}

export function malformed(message: string): PayloadError {
  return new PayloadError('MALFORMED', message);
}
