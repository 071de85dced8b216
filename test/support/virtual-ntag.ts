/**
 * A virtual NTAG213/215/216, written from NXP's datasheet (NTAG213/215/216, rev. 3.2) and
 * independent of the driver in native/chips, so the driver is tested against the chip's
 * rules rather than against itself.
 *
 * `VirtualNtag` is the chip: memory, native commands (READ, WRITE, GET_VERSION, READ_SIG,
 * PWD_AUTH) and the protected-page rules. `plugIntoVpcd` puts it in vpcd's virtual
 * reader as a PC/SC storage card (FF CA, FF B0, FF D6) with an ACR122U-style
 * pass-through (FF 00 00 00 Lc D4 42 ...) for the native commands.
 */
import { createHash, randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

export type NtagModel = 'NTAG212' | 'NTAG213' | 'NTAG215' | 'NTAG216';

/**
 * NTAG213/215/216 datasheet section 8.5 (tables 4-6), 8.5.6 (CC), 10.1 (GET_VERSION), and the
 * NTAG210/212 datasheet for the NTAG212 (17 pF, subtype 01): pages, CFG0 page, CC size, storage byte.
 */
const MODELS: Record<NtagModel, { pages: number; cfg0: number; ccSize: number; storage: number; subtype?: number }> = {
  NTAG212: { pages: 0x29, cfg0: 0x25, ccSize: 0x10, storage: 0x0e, subtype: 0x01 },
  NTAG213: { pages: 0x2d, cfg0: 0x29, ccSize: 0x12, storage: 0x0f },
  NTAG215: { pages: 0x87, cfg0: 0x83, ccSize: 0x3e, storage: 0x11 },
  NTAG216: { pages: 0xe7, cfg0: 0xe3, ccSize: 0x6d, storage: 0x13 },
};

const ACK = 0x0a;
const NAK_INVALID = 0x00;
const NAK_AUTH = 0x04;

export interface VirtualNtagOptions {
  model?: NtagModel;
  uid?: Buffer;
  /** The card leaves the field after this many successful page writes (tearing). */
  dropAfterWrites?: number;
}

export class VirtualNtag {
  readonly model: NtagModel;
  readonly uid: Buffer;
  readonly memory: Buffer;
  readonly signature: Buffer;
  authenticated = false;
  /** After a NAK the tag falls back to IDLE and answers nothing until it is selected again. */
  halted = false;
  writes = 0;
  commands = 0;
  dropAfterWrites: number | undefined;
  /** Called when the tag "leaves the field" (dropAfterWrites reached). */
  onDrop: (() => void) | undefined;
  /** Called after each page write, with the count so far (for tests that act mid-write). */
  onWrite: ((writes: number) => void) | undefined;

  constructor(options: VirtualNtagOptions = {}) {
    this.model = options.model ?? 'NTAG213';
    const spec = MODELS[this.model];
    this.uid = options.uid ?? Buffer.concat([Buffer.from([0x04]), randomBytes(6)]);
    this.dropAfterWrites = options.dropAfterWrites;
    this.memory = Buffer.alloc(spec.pages * 4);
    const u = this.uid;
    // Page 0-2: UID0-2, BCC0 (CT 0x88 xor UID0-2), UID3-6, BCC1, internal 0x48, static lock bytes.
    this.memory.set([u[0], u[1], u[2], 0x88 ^ (u[0] as number) ^ (u[1] as number) ^ (u[2] as number)] as number[], 0);
    this.memory.set(
      [u[3], u[4], u[5], u[6], (u[3] as number) ^ (u[4] as number) ^ (u[5] as number) ^ (u[6] as number)] as number[],
      4,
    );
    this.memory.set([0x48, 0x00, 0x00], 9);
    // Page 3: the capability container, written at the factory (NDEF formatted).
    this.memory.set([0xe1, 0x10, spec.ccSize, 0x00], 12);
    // Page 4: an empty NDEF message, as NXP ships them.
    this.memory.set([0x03, 0x00, 0xfe, 0x00], 16);
    // Dynamic lock bytes, CFG0 (MIRROR, RFUI, MIRROR_PAGE, AUTH0), CFG1 (ACCESS ...), PWD, PACK.
    this.memory.set([0x00, 0x00, 0x00, 0xbd], (spec.cfg0 - 1) * 4);
    this.memory.set([0x04, 0x00, 0x00, 0xff], spec.cfg0 * 4);
    this.memory.set([0x00, 0x05, 0x00, 0x00], (spec.cfg0 + 1) * 4);
    this.memory.set([0xff, 0xff, 0xff, 0xff], (spec.cfg0 + 2) * 4);
    this.memory.set([0x00, 0x00, 0x00, 0x00], (spec.cfg0 + 3) * 4);
    // The originality signature is NXP's ECC over the UID; any fixed 32 bytes stand in for it.
    this.signature = createHash('sha256').update('originality').update(this.uid).digest();
  }

  get pages(): number {
    return MODELS[this.model].pages;
  }

  get cfg0(): number {
    return MODELS[this.model].cfg0;
  }

  get auth0(): number {
    return this.memory[this.cfg0 * 4 + 3] as number;
  }

  get readProtected(): boolean {
    return ((this.memory[(this.cfg0 + 1) * 4] as number) & 0x80) !== 0;
  }

  page(page: number): Buffer {
    return Buffer.from(this.memory.subarray(page * 4, page * 4 + 4));
  }

  /** Power cycle or a fresh selection: authentication is lost, the tag answers again. */
  reset(): void {
    this.authenticated = false;
    this.halted = false;
  }

  /** One native command (ISO 14443-3 frame without CRC); the answer, or a 4-bit NAK as one byte. */
  command(frame: Buffer): Buffer {
    this.commands += 1;
    if (this.halted) return Buffer.alloc(0);
    const code = frame[0];
    const nak = (value: number) => {
      this.halted = true;
      this.authenticated = false;
      return Buffer.from([value]);
    };
    switch (code) {
      case 0x60: // GET_VERSION: fixed header, vendor NXP, type NTAG, subtype 50 pF, major 1, minor 0, storage, ISO 14443-3
        if (frame.length !== 1) return nak(NAK_INVALID);
        return Buffer.from([0x00, 0x04, 0x04, MODELS[this.model].subtype ?? 0x02, 0x01, 0x00, MODELS[this.model].storage, 0x03]);
      case 0x3c: // READ_SIG with address 00
        if (frame.length !== 2 || frame[1] !== 0x00) return nak(NAK_INVALID);
        return Buffer.from(this.signature);
      case 0x1b: {
        // PWD_AUTH: the right password answers PACK; a wrong one NAKs.
        if (frame.length !== 5) return nak(NAK_INVALID);
        const pwd = this.memory.subarray((this.cfg0 + 2) * 4, (this.cfg0 + 3) * 4);
        if (!pwd.equals(frame.subarray(1, 5))) return nak(NAK_AUTH);
        this.authenticated = true;
        return Buffer.from(this.memory.subarray((this.cfg0 + 3) * 4, (this.cfg0 + 3) * 4 + 2));
      }
      case 0x30: {
        const address = frame[1] as number;
        if (frame.length !== 2 || address >= this.pages) return nak(NAK_INVALID);
        if (this.readProtected && !this.authenticated && address >= this.auth0) return nak(NAK_AUTH);
        const out = Buffer.alloc(16);
        for (let i = 0; i < 4; i += 1) {
          const page = (address + i) % this.pages; // READ rolls over to page 0 at the end of memory
          out.set(this.readablePage(page), i * 4);
        }
        return out;
      }
      case 0xa2: {
        const address = frame[1] as number;
        if (frame.length !== 6) return nak(NAK_INVALID);
        return this.write(address, frame.subarray(2, 6)) ? Buffer.from([ACK]) : nak(NAK_INVALID);
      }
      default:
        return nak(NAK_INVALID);
    }
  }

  /** What READ returns for a page: PWD and PACK always read as zeroes; protected pages too when read-protected. */
  readablePage(page: number): Buffer {
    if (page === this.cfg0 + 2 || page === this.cfg0 + 3) return Buffer.alloc(4);
    if (this.readProtected && !this.authenticated && page >= this.auth0) return Buffer.alloc(4);
    return this.page(page);
  }

  write(address: number, data: Buffer): boolean {
    if (address < 2 || address >= this.pages) return false;
    if (!this.authenticated && address >= this.auth0) {
      this.halted = true;
      return false;
    }
    if (address === 2) {
      // Only the lock bytes of page 2 are writable, and their bits OR in (they can only be set).
      this.memory[10] = (this.memory[10] as number) | (data[2] as number);
      this.memory[11] = (this.memory[11] as number) | (data[3] as number);
    } else if (address === 3) {
      // The CC is one-time programmable: bits OR in.
      for (let i = 0; i < 4; i += 1) this.memory[12 + i] = (this.memory[12 + i] as number) | (data[i] as number);
    } else {
      if (this.isLocked(address)) return false;
      this.memory.set(data, address * 4);
    }
    this.writes += 1;
    this.onWrite?.(this.writes);
    if (this.dropAfterWrites !== undefined && this.writes >= this.dropAfterWrites) {
      this.dropAfterWrites = undefined;
      this.onDrop?.();
    }
    return true;
  }

  /** Static lock bits (page 2 bytes 2-3) cover pages 3-15; dynamic lock bits are not modelled beyond refusing. */
  isLocked(page: number): boolean {
    if (page >= 3 && page <= 15) {
      const locks = (this.memory[10] as number) | ((this.memory[11] as number) << 8);
      return ((locks >> page) & 1) === 1;
    }
    return false;
  }

  /** Sets a password as another event's station would (for tests of refusal). */
  protectWith(pwd: Buffer, pack: Buffer, auth0 = 4): void {
    this.memory.set(pwd, (this.cfg0 + 2) * 4);
    this.memory.set(pack, (this.cfg0 + 3) * 4);
    this.memory[this.cfg0 * 4 + 3] = auth0;
  }
}

/** ATR of a PC/SC part 3 storage card, NXP NTAG/Ultralight standard (PC/SC part 3, 3.1.3.2.3.2). */
export const NTAG_ATR = Buffer.from('3b8f8001804f0ca0000003060300030000000068', 'hex');

/** What the virtual reader says it runs, answering the ACR122U firmware pseudo-APDU. */
export const VIRTUAL_READER_FIRMWARE = 'ACR122U215';

const SW_OK = Buffer.from([0x90, 0x00]);
const SW_FAILED = Buffer.from([0x63, 0x00]);
const SW_WRONG_LENGTH = Buffer.from([0x67, 0x00]);
const SW_NOT_SUPPORTED = Buffer.from([0x6a, 0x81]);
const SW_OUT_OF_RANGE = Buffer.from([0x6a, 0x82]);

/** The reader firmware's side: storage-card APDUs and the pass-through, mapped to native commands. */
export function answerApdu(tag: VirtualNtag, apdu: Buffer, reader: { passThrough?: boolean } = {}): Buffer {
  if (apdu.length < 4 || apdu[0] !== 0xff) return Buffer.from([0x6e, 0x00]);
  const [, ins, p1, p2] = apdu as unknown as [number, number, number, number];
  if (ins === 0x00 && p1 === 0x48 && p2 === 0x00) {
    // The reader's own firmware version, ASCII and no status word, as an ACR122U answers it.
    return Buffer.from(VIRTUAL_READER_FIRMWARE, 'ascii');
  }
  if (ins === 0xca && p1 === 0x00) {
    if (tag.halted) return SW_FAILED;
    return Buffer.concat([tag.uid, SW_OK]);
  }
  if (ins === 0xb0) {
    const length = apdu[4] ?? 0;
    const page = (p1 << 8) | p2;
    if (page >= tag.pages) return SW_OUT_OF_RANGE;
    if (length === 0 || length > 16) return SW_WRONG_LENGTH;
    const answer = tag.command(Buffer.from([0x30, page]));
    if (answer.length !== 16) return SW_FAILED;
    return Buffer.concat([answer.subarray(0, length), SW_OK]);
  }
  if (ins === 0xd6) {
    const page = (p1 << 8) | p2;
    if (apdu[4] !== 4 || apdu.length !== 9) return SW_WRONG_LENGTH;
    if (page >= tag.pages) return SW_OUT_OF_RANGE;
    const answer = tag.command(Buffer.concat([Buffer.from([0xa2, page]), apdu.subarray(5, 9)]));
    return answer.length === 1 && answer[0] === ACK ? SW_OK : SW_FAILED;
  }
  if (ins === 0x00 && p1 === 0x00 && p2 === 0x00 && apdu[5] === 0xd4 && apdu[6] === 0x42 && reader.passThrough !== false) {
    // ACR122U direct transmit of PN533 InCommunicateThru: answer D5 43 status data 90 00.
    const frame = apdu.subarray(7, 5 + (apdu[4] as number));
    const answer = tag.command(Buffer.from(frame));
    if (answer.length === 0) return Buffer.concat([Buffer.from([0xd5, 0x43, 0x01]), SW_OK]); // timeout: no answer
    return Buffer.concat([Buffer.from([0xd5, 0x43, 0x00]), answer, SW_OK]);
  }
  return SW_NOT_SUPPORTED;
}

export interface PluggedCard {
  tag: VirtualNtag;
  /** Takes the card off the reader (closes its connection to vpcd). */
  remove(): Promise<void>;
  /** APDUs answered so far. */
  readonly apdus: number;
  /** From now on the card takes APDUs and never answers (a card at the edge of the field). */
  stall(): void;
}

export interface PlugOptions {
  port: number;
  /** Where vpcd listens; 127.0.0.2 takes the quick-ACK route of the latency fix (see pcscd harness). */
  host?: string;
  localAddress?: string;
  /** false: a reader with storage-card APDUs only, no ACR122U pass-through. */
  passThrough?: boolean;
}

/**
 * Connects a tag to vpcd's virtual reader: 2-byte big-endian length + payload; a 1-byte
 * payload is power off (0), on (1), reset (2) or get-ATR (4); anything longer is an APDU.
 */
export async function plugIntoVpcd(tag: VirtualNtag, options: PlugOptions): Promise<PluggedCard> {
  const socket: Socket = await new Promise((resolve, reject) => {
    const s = connect({ port: options.port, host: options.host ?? '127.0.0.1', localAddress: options.localAddress }, () =>
      resolve(s),
    );
    s.once('error', reject);
  });
  socket.setNoDelay(true);
  let apdus = 0;
  let stalled = false;
  let pending = Buffer.alloc(0);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => {});
  tag.onDrop = () => {
    // Leave the field right after the write's answer went out.
    setImmediate(() => socket.destroy());
  };
  socket.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 2) {
      const length = pending.readUInt16BE(0);
      if (pending.length < 2 + length) break;
      const message = pending.subarray(2, 2 + length);
      pending = pending.subarray(2 + length);
      if (length === 1) {
        const control = message[0];
        if (control === 0x04) send(socket, NTAG_ATR);
        else tag.reset();
        continue;
      }
      if (stalled) continue;
      apdus += 1;
      send(socket, answerApdu(tag, Buffer.from(message), { passThrough: options.passThrough !== false }));
    }
  });
  return {
    tag,
    get apdus() {
      return apdus;
    },
    async remove() {
      socket.destroy();
      await closed;
    },
    stall() {
      stalled = true;
    },
  };
}

function send(socket: Socket, payload: Buffer): void {
  if (socket.destroyed) return;
  const frame = Buffer.alloc(2 + payload.length);
  frame.writeUInt16BE(payload.length, 0);
  payload.copy(frame, 2);
  socket.write(frame);
}
