/**
 * A virtual NTAG213/215/216, written from NXP's datasheet (NTAG213/215/216, rev. 3.2) and
 * independent of the driver (`NtagSession`, `ntag.ts`): it imports nothing of theirs and
 * keeps its own memory map, so the driver is tested against the chip's rules rather than
 * against itself, and the demo printer's encoder hands out chips that behave like NXP's.
 *
 * `VirtualNtag` is the chip: memory, native commands (READ, WRITE, GET_VERSION, READ_SIG,
 * PWD_AUTH, HLTA) and the protected-page rules. How its frames reach it (vpcd in tests, a demo
 * encoder in process) is someone else's business.
 */
import { createHash, randomBytes } from 'node:crypto';

export type VirtualNtagModel = 'NTAG212' | 'NTAG213' | 'NTAG215' | 'NTAG216';

/**
 * NTAG213/215/216 datasheet section 8.5 (tables 4-6), 8.5.6 (CC), 10.1 (GET_VERSION), and the
 * NTAG210/212 datasheet for the NTAG212 (17 pF, subtype 01): pages, CFG0 page, CC size, storage byte.
 */
const MODELS: Record<VirtualNtagModel, { pages: number; cfg0: number; ccSize: number; storage: number; subtype?: number }> = {
  NTAG212: { pages: 0x29, cfg0: 0x25, ccSize: 0x10, storage: 0x0e, subtype: 0x01 },
  NTAG213: { pages: 0x2d, cfg0: 0x29, ccSize: 0x12, storage: 0x0f },
  NTAG215: { pages: 0x87, cfg0: 0x83, ccSize: 0x3e, storage: 0x11 },
  NTAG216: { pages: 0xe7, cfg0: 0xe3, ccSize: 0x6d, storage: 0x13 },
};

const ACK = 0x0a;
const NAK_INVALID = 0x00;
const NAK_AUTH = 0x04;

export interface VirtualNtagOptions {
  model?: VirtualNtagModel;
  uid?: Buffer;
  /** The card leaves the field after this many successful page writes (tearing). */
  dropAfterWrites?: number;
  /**
   * A bad chip: after this many successful page writes its EEPROM stops programming and
   * every further WRITE is NAKed, as a chip from a bad batch does in the field.
   */
  failWritesAfter?: number;
}

export class VirtualNtag {
  readonly model: VirtualNtagModel;
  readonly uid: Buffer;
  readonly memory: Buffer;
  readonly signature: Buffer;
  authenticated = false;
  /** After a NAK the tag falls back to IDLE and answers nothing until it is selected again. */
  halted = false;
  writes = 0;
  commands = 0;
  dropAfterWrites: number | undefined;
  failWritesAfter: number | undefined;
  /** Called when the tag "leaves the field" (dropAfterWrites reached). */
  onDrop: (() => void) | undefined;
  /** Called after each page write, with the count so far (for tests that act mid-write). */
  onWrite: ((writes: number) => void) | undefined;

  constructor(options: VirtualNtagOptions = {}) {
    this.model = options.model ?? 'NTAG213';
    const spec = MODELS[this.model];
    this.uid = options.uid ?? Buffer.concat([Buffer.from([0x04]), randomBytes(6)]);
    this.dropAfterWrites = options.dropAfterWrites;
    this.failWritesAfter = options.failWritesAfter;
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

  /**
   * Power cycle or a fresh selection: authentication is lost, the tag answers again. Short
   * of this, only HLTA or a command it refuses ends the AUTHENTICATED state (datasheet
   * 8.4.5): a tag left powered in the field stays open to writes of its protected pages.
   */
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
      case 0x50: // HLTA (50 00): to HALT, authentication lost, silent until woken (a reset here)
        this.halted = true;
        this.authenticated = false;
        return Buffer.alloc(0);
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
    if (this.failWritesAfter !== undefined && this.writes >= this.failWritesAfter) return false;
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
