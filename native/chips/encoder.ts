/**
 * `ChipEncoder`: what every encoder offers the station, whatever carries the bytes
 * (PC/SC readers inside card printers, HID encoders). A backend supplies a
 * `TagTransport` per card; the NTAG logic above it (`NtagSession`) is shared.
 *
 * Every call takes a timeout and an AbortSignal; every failure is a `ChipError`.
 */
import type { ChipPassword } from './password.ts';

export interface CallOptions {
  signal?: AbortSignal;
  /** Per call; backends default to a few seconds per command, longer for waiting for a card. */
  timeoutMs?: number;
}

/** One card on one reader, as a backend talks to it. */
export interface TagTransport {
  /** READ of 16 bytes (4 pages) from `page`. */
  read(page: number, options?: CallOptions): Promise<Buffer>;
  /** WRITE of one 4-byte page. */
  write(page: number, data: Buffer, options?: CallOptions): Promise<void>;
  /** A native command through the reader's pass-through; false when the reader has none. */
  readonly canPassThrough: boolean;
  /** The chip's answer to a native frame; a 1-byte answer below 0x10 is a NAK. */
  native(frame: Buffer, options?: CallOptions): Promise<Buffer>;
  /** Commands sent to the card so far. */
  readonly commands: number;
  /** Ends the connection; `reset` powers the card down (losing its authentication). */
  release(reset?: boolean): Promise<void>;
}

export interface ChipIdentity {
  uid: Buffer;
  model: string;
  /** User memory in bytes (NDEF space). */
  capacity: number;
  /** The GET_VERSION answer, hex; absent when the reader cannot pass it through. */
  version?: string;
  /** AUTH0: first protected page, 255 when none. */
  auth0: number;
  protected: boolean;
  /** Whether reads are protected too (ACCESS.PROT). */
  readProtected: boolean;
  /** Whether this reader can password-protect the chip (it passes PWD_AUTH through). */
  protectable: boolean;
}

export interface ChipSession {
  readonly uid: Buffer;
  readonly reader: string;
  /** Commands sent to this card so far. */
  readonly commands: number;
  identify(options?: CallOptions): Promise<ChipIdentity>;
  /** The NDEF TLV area as stored (TLV, record, terminator); empty when the chip holds none. */
  readNdef(options?: CallOptions): Promise<Buffer>;
  /** Checks capacity first (CAPACITY, nothing written), then writes page by page. */
  writeNdef(ndef: Uint8Array, options?: CallOptions): Promise<{ pages: number }>;
  /** Reads back what writeNdef wrote; VERIFY_MISMATCH unless identical. Returns the bytes read. */
  verify(ndef: Uint8Array, options?: CallOptions): Promise<Buffer>;
  /** PWD_AUTH; PROTECTED when the chip refuses the password. */
  authenticate(password: ChipPassword, options?: CallOptions): Promise<void>;
  /** Sets PWD, PACK and AUTH0 (write protection from page 4; reads stay open). Never lock bits. */
  protect(password: ChipPassword, options?: CallOptions): Promise<void>;
  /** Removes password protection (after authenticate): AUTH0 off, PWD back to the factory value. */
  unprotect(options?: CallOptions): Promise<void>;
  /** The NXP originality signature (READ_SIG), 32 bytes; undefined without pass-through. */
  readSignature(options?: CallOptions): Promise<Buffer | undefined>;
  release(): Promise<void>;
}

export interface EncoderInfo {
  name: string;
  kind: 'pcsc' | 'hid';
  state: 'card' | 'empty' | 'unavailable';
  /** Model and firmware as far as the reader tells them. */
  model?: string;
  firmware?: string;
  /** The device's own serial number (USB readers), which tells two of one model apart. */
  serial?: string;
  atr?: string;
}

export interface ChipEncoder {
  readonly name: string;
  /** Waits until a card is on the reader (NO_CARD after the timeout), then holds it. */
  waitForCard(options?: CallOptions): Promise<ChipSession>;
  /** Waits until the reader is empty (the card was taken away). */
  waitForRemoval(options?: CallOptions): Promise<void>;
  info(): EncoderInfo;
  close(): Promise<void>;
}
