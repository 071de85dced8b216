/**
 * What the core needs from a card on an encoder. The drivers in native/ provide it
 * (`ChipSession`); the core sees only this shape, so it never imports a driver and tests
 * can hand it any card.
 */
export interface CardCall {
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface CardPassword {
  pwd: Buffer;
  pack: Buffer;
}

export interface CardIdentity {
  uid: Buffer;
  model: string;
  capacity: number;
  version?: string;
  auth0: number;
  protected: boolean;
  readProtected: boolean;
  protectable: boolean;
}

export interface ChipCard {
  readonly uid: Buffer;
  readonly reader: string;
  readonly commands: number;
  identify(options?: CardCall): Promise<CardIdentity>;
  readNdef(options?: CardCall): Promise<Buffer>;
  writeNdef(ndef: Uint8Array, options?: CardCall): Promise<{ pages: number }>;
  verify(ndef: Uint8Array, options?: CardCall): Promise<Buffer>;
  authenticate(password: CardPassword, options?: CardCall): Promise<void>;
  protect(password: CardPassword, options?: CardCall): Promise<void>;
  unprotect(options?: CardCall): Promise<void>;
  readSignature(options?: CardCall): Promise<Buffer | undefined>;
  release(): Promise<void>;
}

/** A driver's coded failure (`ChipError` in native/chips), recognised by shape. */
export interface CardFailure {
  code: string;
  message: string;
  details?: Readonly<Record<string, number | string | boolean>>;
}

export function cardFailure(error: unknown): CardFailure | undefined {
  if (error instanceof Error && error.name === 'ChipError' && typeof (error as { code?: unknown }).code === 'string') {
    return error as unknown as CardFailure;
  }
  return undefined;
}

/**
 * Failures that are not the card's fault: the job pauses or stops, no card is rejected.
 * Every other code rejects the card. READ_FAILED does too, like WRITE_FAILED: the reader
 * answered, and it was the chip that refused (a read-protected chip, a failing EEPROM),
 * so another blank is the cure, not a pause; a reader that had gone would be READER_GONE.
 */
export const NOT_THE_CARD = new Set(['READER_GONE', 'CANCELLED']);
