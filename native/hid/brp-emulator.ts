/**
 * BALTECH desktop readers emulated under node-hid's API: a bus that lists them
 * (`devicesAsync`), opens them (`HIDAsync.open`) and moves whole reports both ways, the
 * reader behind each speaking BRP over HID with a virtual NTAG (native/chips/virtual-ntag.ts)
 * in its field. It stands where the USB device would, so the driver above it
 * (brp-encoder.ts) is the code that runs against hardware; tests and the demo station's HID
 * desk encoder use it.
 *
 * Written from the same public documents as the driver (see brp.ts: BRP frames, the USB
 * HID transfer layer, Sys.GetInfo, Iso14a.Request, Iso14a.TransparentCmd; ISO/IEC 14443-3 for
 * the card's anticollision and CRC_A), but separately: it shares no code with the driver
 * (its own frame reader and writer, its own table-driven CRC), so the two cannot agree on a
 * private mistake; both are held to the documents' example frames by the tests.
 *
 * Reports go both ways with their id first, as hidapi (under node-hid) passes them on Linux,
 * macOS and Windows alike for a device with numbered reports; BRP uses no feature reports.
 * Like the device: reports must be of their id's full size (Windows refuses a shorter write); a frame with a bad CRC is
 * answered with ErrChecksum (0x84), an unknown command with ErrInvalidCmd (0x41); answers use
 * the checksum the command used. Beyond the device, for tests: a reader can go mute (it
 * takes reports and answers none, as a hung one does), damage its next answer, or run
 * keyboard-emulation firmware (it answers BRP with keyboard reports).
 */
import type { VirtualNtag } from '../chips/virtual-ntag.ts';
import type { HidApi, HidDevice, HidDeviceInfo } from './hid-api.ts';

const VENDOR_BALTECH = 0x13ad;
const REPORT_SIZES = new Map([
  [1, 12],
  [2, 60],
  [3, 252],
  [4, 1020],
]);

const STATUS_NO_TAG = 0x01;
const STATUS_FRAME_ERROR = 0x07;
const STATUS_CRC_ERROR = 0x08;
const STATUS_INVALID_CMD = 0x41;
const STATUS_BAD_FRAME = 0x82;
const STATUS_BAD_CHECKSUM = 0x84;

/** CRC-16 with generator 0x1021, start 0xFFFF, by table (the driver computes it bit by bit). */
const CRC_TABLE = Array.from({ length: 256 }, (_, index) => {
  let value = index << 8;
  for (let bit = 0; bit < 8; bit += 1) value = value & 0x8000 ? (value << 1) ^ 0x1021 : value << 1;
  return value & 0xffff;
});
function crc16(bytes: Uint8Array): number {
  let crc = 0xffff;
  for (const byte of bytes) crc = ((crc << 8) ^ (CRC_TABLE[((crc >> 8) ^ byte) & 0xff] as number)) & 0xffff;
  return crc;
}

/** ISO/IEC 14443-3 annex B: CRC_A, start 0x6363, sent low byte first. */
function crcA(bytes: Uint8Array): Buffer {
  let crc = 0x6363;
  for (const byte of bytes) {
    let b = (byte ^ crc) & 0xff;
    b = (b ^ (b << 4)) & 0xff;
    crc = ((crc >> 8) ^ (b << 8) ^ (b << 3) ^ (b >> 4)) & 0xffff;
  }
  return Buffer.from([crc & 0xff, crc >> 8]);
}

export type AnswerDamage = 'crc' | 'truncated' | 'length';

export interface EmulatedReaderOptions {
  serialNumber?: string;
  product?: string;
  productId?: number;
  /** What Sys.GetInfo answers. */
  firmware?: string;
  /** 'keyboard': BALTECH's vendor id, but firmware that emulates a keyboard and ignores BRP. */
  firmwareKind?: 'brp' | 'keyboard';
}

type FieldState = 'idle' | 'ready' | 'active' | 'halt';

export class EmulatedBaltechReader {
  readonly serialNumber: string;
  readonly product: string;
  readonly productId: number;
  readonly firmware: string;
  readonly firmwareKind: 'brp' | 'keyboard';
  /** Takes reports and answers none (a hung reader). */
  mute = false;
  /** The system refuses to open it (on Linux: no udev rule giving the desk's user access). */
  openRefused = false;
  /** The next answer goes out damaged this way. */
  damageNext: AnswerDamage | undefined;
  /** Commands it answered. */
  commands = 0;
  #card: VirtualNtag | undefined;
  #state: FieldState = 'idle';
  #level = 0;

  constructor(options: EmulatedReaderOptions = {}) {
    this.serialNumber = options.serialNumber ?? '00000001';
    this.product = options.product ?? 'BALTECH ID-engine Z emulated';
    this.productId = options.productId ?? 0x9cab;
    this.firmware = options.firmware ?? '1100 EMU Z     1.00.00 12/07/26 00000001';
    this.firmwareKind = options.firmwareKind ?? 'brp';
  }

  get card(): VirtualNtag | undefined {
    return this.#card;
  }

  /** Puts a card in the field (it leaves by itself if its `dropAfterWrites` says so). */
  present(card: VirtualNtag): void {
    this.#card = card;
    this.#state = 'idle';
    card.reset();
    card.onDrop = () => this.takeAway();
  }

  takeAway(): void {
    this.#card = undefined;
    this.#state = 'idle';
  }

  /** One output report in, the input reports it causes out. */
  answer(report: Buffer): Buffer[] {
    if (this.mute) return [];
    if (this.firmwareKind === 'keyboard') return [Buffer.from([0x00, 0x00, 0x00, 0x27, 0x00, 0x00, 0x00, 0x00, 0x00])];
    const size = REPORT_SIZES.get(report[0] ?? -1);
    if (size === undefined || report.length !== 3 + size) return []; // not a report this device has
    const length = report.readUInt8(1) | (report.readUInt8(2) << 8);
    if (length > size) return [];
    const frame = report.subarray(3, 3 + length);
    this.commands += 1;
    return [this.#report(this.#frameAnswer(frame))];
  }

  #frameAnswer(frame: Buffer): Buffer {
    const flags = frame[0] ?? 0;
    const algorithm = (flags >> 4) & 0x03;
    const respond = (command: number, status: number, payload: Uint8Array = new Uint8Array(0)) =>
      this.#responseFrame(flags & 0x3c, algorithm, command, status, payload);
    if (frame.length < 5 || (flags & 0x0c) !== 0x0c || (algorithm !== 0 && algorithm !== 2)) return respond(0, STATUS_BAD_FRAME);
    const command = (frame.readUInt8(1) << 8) | frame.readUInt8(2);
    let body = frame;
    if (algorithm === 2) {
      body = frame.subarray(0, frame.length - 2);
      if (crc16(body) !== ((frame.readUInt8(frame.length - 2) << 8) | frame.readUInt8(frame.length - 1)))
        return respond(command, STATUS_BAD_CHECKSUM);
    }
    if (body.length < 5) return respond(command, STATUS_BAD_FRAME);
    const length = body.readUInt8(3) | (body.readUInt8(4) << 8);
    if (body.length !== 5 + length) return respond(command, STATUS_BAD_FRAME);
    const payload = body.subarray(5);
    const [status, out] = this.#run(command, payload);
    return respond(command, status, out);
  }

  #run(command: number, payload: Buffer): [number, Uint8Array?] {
    switch (command) {
      case 0x0004: // Sys.GetInfo
        return [0, Buffer.concat([Buffer.from(this.firmware, 'latin1'), Buffer.of(0)])];
      case 0x1307: // Iso14a.Request
        return payload.length === 1 ? this.#request((payload.readUInt8(0) & 0x01) === 1) : [STATUS_INVALID_CMD];
      case 0x1320: {
        // Iso14a.TransparentCmd: mode, SendDataLen, Timeout, DSI/DRI, SendData
        if (payload.length < 6) return [STATUS_INVALID_CMD];
        const sendLength = (payload.readUInt8(1) << 8) | payload.readUInt8(2);
        const data = payload.subarray(6);
        if (data.length !== sendLength || (payload.readUInt8(0) & 0x10) !== 0) return [STATUS_INVALID_CMD];
        return this.#transparent(payload.readUInt8(0), Buffer.from(data));
      }
      default:
        return [STATUS_INVALID_CMD];
    }
  }

  #request(all: boolean): [number, Uint8Array?] {
    const card = this.#card;
    if (!card) return [STATUS_NO_TAG];
    if (this.#state === 'halt' && !all) return [STATUS_NO_TAG];
    card.reset();
    this.#state = 'ready';
    this.#level = 0;
    return [0, Uint8Array.of(0x44, 0x00, 0x00)]; // ATQA of a double-size UID NTAG, no collision
  }

  #transparent(mode: number, frame: Buffer): [number, Uint8Array?] {
    const card = this.#card;
    if (!card) return [STATUS_NO_TAG];
    const crcTx = (mode & 0x04) !== 0;
    const crcRx = (mode & 0x08) !== 0;
    const bw = (mode & 0x80) !== 0;
    // The card's reply (as it goes over the air: data with CRC_A, or a 4-bit code), or none.
    let reply: { bits4?: number; bytes?: Buffer } | undefined;
    if (this.#state === 'ready') reply = this.#anticollision(card, frame, crcTx);
    else if (this.#state === 'active') {
      if (card.halted) this.#state = 'idle';
      else if (crcTx) {
        const answer = card.command(frame);
        if (frame[0] === 0x50) this.#state = 'halt';
        if (answer.length === 1 && (answer[0] as number) < 0x10) {
          reply = { bits4: answer[0] as number };
          if (answer[0] !== 0x0a) this.#state = 'idle'; // a NAK sends the NTAG back to IDLE
        } else if (answer.length > 0) reply = { bytes: Buffer.concat([answer, crcA(answer)]) };
        else if (card.halted && frame[0] !== 0x50) this.#state = 'idle';
      }
    }
    if (!reply) return [STATUS_NO_TAG];
    let data: Buffer;
    if (reply.bits4 !== undefined) {
      if (!bw) return [STATUS_FRAME_ERROR]; // four bits are no byte without the Mifare protocol
      data = Buffer.from([0x01, reply.bits4]);
    } else {
      let bytes = reply.bytes as Buffer;
      if (crcRx) {
        const body = bytes.subarray(0, -2);
        if (bytes.length < 3 || !crcA(body).equals(bytes.subarray(-2))) return [STATUS_CRC_ERROR];
        bytes = body;
      }
      data = bw ? Buffer.concat([Buffer.of(0x00), bytes]) : bytes;
    }
    const out = Buffer.alloc(2 + data.length);
    out.writeUInt16BE(data.length, 0);
    data.copy(out, 2);
    return [0, out];
  }

  /** ANTICOLLISION (SEL 20) and SELECT (SEL 70 ...) of the cascade level the card is at. */
  #anticollision(card: VirtualNtag, frame: Buffer, crcTx: boolean): { bytes: Buffer } | undefined {
    const sel = [0x93, 0x95][this.#level];
    const uid = card.uid;
    const part =
      this.#level === 0
        ? Buffer.from([0x88, uid.readUInt8(0), uid.readUInt8(1), uid.readUInt8(2)])
        : Buffer.from(uid.subarray(3, 7));
    const serial = Buffer.concat([
      part,
      Buffer.of(part.readUInt8(0) ^ part.readUInt8(1) ^ part.readUInt8(2) ^ part.readUInt8(3)),
    ]);
    if (frame[0] !== sel) return undefined;
    if (frame[1] === 0x20 && frame.length === 2 && !crcTx) return { bytes: serial };
    if (frame[1] === 0x70 && frame.length === 7 && crcTx && frame.subarray(2).equals(serial)) {
      const sak = Buffer.of(this.#level === 0 ? 0x04 : 0x00);
      this.#level += 1;
      if (this.#level === 2) this.#state = 'active';
      return { bytes: Buffer.concat([sak, crcA(sak)]) };
    }
    this.#state = 'idle';
    return undefined;
  }

  #responseFrame(flags: number, algorithm: number, command: number, status: number, payload: Uint8Array): Buffer {
    const head =
      status === 0
        ? [flags, command >> 8, command & 0xff, payload.length & 0xff, payload.length >> 8]
        : [flags | 0x80, command >> 8, command & 0xff, status];
    let frame = Buffer.concat([Buffer.from(head), status === 0 ? payload : new Uint8Array(0)]);
    if (this.damageNext === 'length' && status === 0) frame[3] = (frame.readUInt8(3) + 1) & 0xff;
    if (algorithm === 2) {
      const crc = crc16(frame);
      frame = Buffer.concat([frame, Buffer.from([crc >> 8, crc & 0xff])]);
    }
    if (this.damageNext === 'crc') frame[frame.length - 3] = frame.readUInt8(frame.length - 3) ^ 0x01;
    return frame;
  }

  /** The smallest report that holds the frame, zero-padded, its id first as hidapi reads it. */
  #report(frame: Buffer): Buffer {
    const [id, size] = [...REPORT_SIZES].find(([, capacity]) => capacity >= frame.length) ?? [4, 1020];
    const report = Buffer.alloc(3 + size);
    report[0] = id;
    report[1] = frame.length & 0xff;
    report[2] = frame.length >> 8;
    frame.copy(report, 3);
    const damage = this.damageNext;
    this.damageNext = undefined;
    return damage === 'truncated' ? report.subarray(0, 3 + Math.max(0, frame.length - 4)) : report;
  }
}

/** A USB bus of emulated readers, offering node-hid's asynchronous API. */
export class EmulatedHidBus implements HidApi {
  readonly #plugged = new Map<string, EmulatedBaltechReader>();
  readonly #open = new Set<EmulatedHandle>();
  #plugs = 0;
  readonly HIDAsync = { open: (path: string) => this.#openPath(path) };

  /** Plugs a reader in; each plug gets a new path, as the system gives a new hidraw node. */
  plug(reader: EmulatedBaltechReader): string {
    this.#plugs += 1;
    const path = `/dev/hidraw-emulated-${this.#plugs}`;
    this.#plugged.set(path, reader);
    return path;
  }

  /** Pulls a reader out: its open handles fail from now on, as node-hid's do. */
  unplug(reader: EmulatedBaltechReader): void {
    for (const [path, each] of this.#plugged) if (each === reader) this.#plugged.delete(path);
    for (const handle of this.#open) if (handle.reader === reader) handle.pulled();
  }

  async devicesAsync(): Promise<HidDeviceInfo[]> {
    return [...this.#plugged].map(([path, reader]) => ({
      vendorId: VENDOR_BALTECH,
      productId: reader.productId,
      path,
      serialNumber: reader.serialNumber,
      manufacturer: 'BALTECH AG',
      product: reader.product,
      release: 0x0100,
      interface: 0,
      usagePage: 0xff00,
      usage: 0x01,
    }));
  }

  async #openPath(path: string): Promise<HidDevice> {
    const reader = this.#plugged.get(path);
    if (!reader || reader.openRefused) throw new Error(`cannot open device with path ${path}`);
    const handle = new EmulatedHandle(reader, () => this.#open.delete(handle));
    this.#open.add(handle);
    return handle;
  }
}

/** An open device: output reports to the reader, its input reports queued for `read`. */
class EmulatedHandle implements HidDevice {
  readonly reader: EmulatedBaltechReader;
  readonly #closed: () => void;
  readonly #inbox: Buffer[] = [];
  #waiting: ((report: Buffer | undefined) => void) | undefined;
  #gone = false;
  #shut = false;

  constructor(reader: EmulatedBaltechReader, closed: () => void) {
    this.reader = reader;
    this.#closed = closed;
  }

  pulled(): void {
    this.#gone = true;
    this.#waiting?.(undefined);
  }

  async write(values: number[] | Buffer): Promise<number> {
    if (this.#gone || this.#shut) throw new Error('Cannot write to hid device');
    const report = Buffer.from(values);
    // The reader answers a moment later, on its own time.
    setImmediate(() => {
      if (this.#gone || this.#shut) return;
      for (const answer of this.reader.answer(report)) this.#deliver(answer);
    });
    return report.length;
  }

  async read(timeoutMs = 0): Promise<Buffer | undefined> {
    if (this.#gone || this.#shut) throw new Error('could not read from HID device');
    const ready = this.#inbox.shift();
    if (ready) return ready;
    if (timeoutMs <= 0) return undefined;
    const report = await new Promise<Buffer | undefined>((resolve) => {
      const timer = setTimeout(() => {
        this.#waiting = undefined;
        resolve(undefined);
      }, timeoutMs);
      this.#waiting = (value) => {
        clearTimeout(timer);
        this.#waiting = undefined;
        resolve(value);
      };
    });
    if (this.#gone) throw new Error('could not read from HID device');
    return report;
  }

  async close(): Promise<void> {
    this.#shut = true;
    this.#waiting?.(undefined);
    this.#closed();
  }

  #deliver(report: Buffer): void {
    if (this.#waiting) this.#waiting(report);
    else this.#inbox.push(report);
  }
}
