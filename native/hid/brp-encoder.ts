/**
 * A BALTECH desktop reader-writer on USB HID (BRP over HID) as a `ChipEncoder`: the same
 * NTAG rules (`NtagSession`) as the PC/SC encoders, with the card reached through the
 * reader's ISO 14443-A commands:
 * - Iso14a.Request with ReqAll (WUPA): is a card in the field;
 * - Iso14a.TransparentCmd for everything said to the card: the anticollision and SELECT of
 *   each cascade level (ISO/IEC 14443-3, 6.5.3; NTAG213/215/216 datasheet 9.2-9.3), then the
 *   NTAG's own READ, WRITE, GET_VERSION, PWD_AUTH, READ_SIG and HLTA (datasheet section 10).
 *   NTAG commands go with EnMifBwProt, so the card's 4-bit ACK and NAK come back as one
 *   byte behind a type byte (0x01) and data behind 0x00, as Iso14a.TransparentCmd's page
 *   describes; the reader adds and checks the CRC_A (EnCRCTX, EnCRCRX).
 *
 * Sources: docs.baltech.de (see brp.ts for the frame documents; Iso14a.Request 0x1307 and
 * Iso14a.TransparentCmd 0x1320 pages for the parameters), NXP's NTAG213/215/216 datasheet
 * rev. 3.2, ISO/IEC 14443-3. The encoder is found by BALTECH's USB vendor id (0x13AD) and
 * named by its USB serial number; Sys.GetInfo gives its firmware.
 *
 * A reader that does not answer a command in time is asked once more (Sys.GetInfo, short):
 * silent again, it is READER_GONE (pulled out, or hung: the job pauses and waits for it);
 * answering, the command is TIMEOUT. A pulled reader is found again by its serial number,
 * whatever path the system gives it when it comes back.
 */
import type { CallOptions, ChipEncoder, ChipSession, EncoderInfo, TagTransport } from '../chips/encoder.ts';
import { ChipError, isChipError } from '../chips/errors.ts';
import { NtagSession } from '../chips/ntag-session.ts';
import { checkAborted, sleep } from '../chips/waiting.ts';
import { BRP_COMMAND, BRP_STATUS, type BrpResponse, brpStatusText } from './brp.ts';
import { BrpChannel, BrpLineError } from './brp-channel.ts';
import { type HidApi, type HidDeviceInfo, nodeHid } from './hid-api.ts';

/** BALTECH AG's USB vendor id. */
export const BALTECH_VENDOR_ID = 0x13ad;

export interface BrpHidEncoderOptions {
  /** node-hid, or the emulator; node-hid when absent. */
  hid?: HidApi;
  /** Which encoder: its USB serial number or its HID path; the first BALTECH reader when absent. */
  device?: string;
  /** What the station calls it (default: its product name and serial number). */
  name?: string;
  /** How often to look for a card while waiting (default 50 ms). */
  pollMs?: number;
  /** Per command (default 1 s: the reader's own card timeouts are 100 ms). */
  commandTimeoutMs?: number;
  /** Waiting for a card, or for the reader to come back (default 30 s). */
  waitTimeoutMs?: number;
}

/** TransparentCmd's mode byte (Iso14a.TransparentCmd page). */
const MODE = { PARITY: 0x01, ODD_PARITY: 0x02, CRC_TX: 0x04, CRC_RX: 0x08, MIFARE_BW: 0x80 } as const;
const ANTICOLLISION = MODE.PARITY | MODE.ODD_PARITY;
const WITH_CRC = ANTICOLLISION | MODE.CRC_TX | MODE.CRC_RX;
const NTAG_MODE = WITH_CRC | MODE.MIFARE_BW;
/** The card's own answer time the reader waits for (ms), as the command pages' examples use. */
const CARD_TIMEOUT_MS = 20;
const SEL = [0x93, 0x95, 0x97] as const;
const CASCADE_TAG = 0x88;
/** SAK bit 3: the UID is not complete, select the next cascade level (ISO/IEC 14443-3, 6.5.3.4). */
const SAK_CASCADE = 0x04;
const NTAG_ACK = 0x0a;

/** What the card said to one transparent frame. */
type CardAnswer = { kind: 'data'; data: Buffer } | { kind: 'nibble'; value: number } | { kind: 'silence' };

export class BrpHidEncoder implements ChipEncoder {
  readonly #options: BrpHidEncoderOptions;
  readonly #hid: () => HidApi;
  #channel: BrpChannel | undefined;
  #device: HidDeviceInfo | undefined;
  #firmware: string | undefined;
  #state: EncoderInfo['state'] = 'unavailable';

  constructor(options: BrpHidEncoderOptions = {}) {
    this.#options = options;
    this.#hid = () => options.hid ?? nodeHid();
  }

  get name(): string {
    if (this.#options.name) return this.#options.name;
    return this.#device ? encoderName(this.#device) : (this.#options.device ?? 'BALTECH HID encoder');
  }

  /** The USB serial number of the reader in use, once it was found. */
  get serial(): string | undefined {
    return this.#device?.serialNumber;
  }

  async waitForCard(options: CallOptions = {}): Promise<ChipSession> {
    const deadline = Date.now() + (options.timeoutMs ?? this.#options.waitTimeoutMs ?? 30_000);
    for (;;) {
      checkAborted(options.signal);
      const uid = await this.#cardInField(options);
      if (uid) {
        this.#state = 'card';
        return new NtagSession(new BrpTagTransport(this), uid, this.name);
      }
      if (Date.now() >= deadline) throw new ChipError('NO_CARD', `No card was put on ${this.name}.`);
      await sleep(this.#options.pollMs ?? 50, options.signal);
    }
  }

  async waitForRemoval(options: CallOptions = {}): Promise<void> {
    const deadline = Date.now() + (options.timeoutMs ?? this.#options.waitTimeoutMs ?? 30_000);
    for (;;) {
      checkAborted(options.signal);
      const request = await this.exec(BRP_COMMAND.ISO14A_REQUEST, Uint8Array.of(0x01), options);
      if (request.status === BRP_STATUS.ISO14A_NO_TAG) {
        this.#state = 'empty';
        return;
      }
      if (Date.now() >= deadline) throw new ChipError('TIMEOUT', `The card was not taken off ${this.name}.`);
      await sleep(this.#options.pollMs ?? 50, options.signal);
    }
  }

  /** Waits until the reader is plugged in again and answers (a job paused on READER_GONE resumes then). */
  async waitForReader(options: CallOptions = {}): Promise<void> {
    const deadline = Date.now() + (options.timeoutMs ?? this.#options.waitTimeoutMs ?? 30_000);
    for (;;) {
      checkAborted(options.signal);
      try {
        await this.#open(options);
        return;
      } catch (error) {
        if (!isChipError(error) || error.code !== 'READER_GONE') throw error;
      }
      if (Date.now() >= deadline) throw readerGone(this.name);
      await sleep(200, options.signal);
    }
  }

  info(): EncoderInfo {
    return {
      name: this.name,
      kind: 'hid',
      state: this.#state,
      ...(this.#device?.product ? { model: this.#device.product } : {}),
      ...(this.#firmware ? { firmware: this.#firmware } : {}),
      ...(this.#device?.serialNumber ? { serial: this.#device.serialNumber } : {}),
    };
  }

  async close(): Promise<void> {
    await this.#drop();
  }

  /** One BRP command; READER_GONE when the reader is pulled out or has stopped answering, TIMEOUT when only this command went unanswered. */
  async exec(command: number, payload: Uint8Array, options: CallOptions = {}): Promise<BrpResponse> {
    const channel = await this.#open(options);
    const timeoutMs = options.timeoutMs ?? this.#options.commandTimeoutMs ?? 1000;
    try {
      return await channel.exec(command, payload, Math.min(timeoutMs, this.#options.commandTimeoutMs ?? 1000), options.signal);
    } catch (error) {
      if (!(error instanceof BrpLineError)) throw error;
      if (error.failure === 'gone') {
        await this.#drop();
        throw readerGone(this.name);
      }
      if (error.failure === 'damaged')
        throw new ChipError('TIMEOUT', `${capitalised(error.message)}; the card's state for it is unknown.`);
      // Silent: is it the reader that died, or only this command that went unanswered?
      try {
        await channel.exec(BRP_COMMAND.SYS_GET_INFO, new Uint8Array(0), 300);
      } catch {
        await this.#drop();
        throw new ChipError(
          'READER_GONE',
          `${this.name} stopped answering: unplug it and plug it in again (the job waits for it).`,
        );
      }
      throw new ChipError('TIMEOUT', `${capitalised(error.message)}.`);
    }
  }

  /** A card's UID after WUPA and the anticollision of each cascade level; undefined when no card answers. */
  async #cardInField(options: CallOptions): Promise<Buffer | undefined> {
    const request = await this.exec(BRP_COMMAND.ISO14A_REQUEST, Uint8Array.of(0x01), options);
    if (request.status === BRP_STATUS.ISO14A_NO_TAG) {
      this.#state = 'empty';
      return undefined;
    }
    if (request.status === BRP_STATUS.ISO14A_COLLISION || (request.status === BRP_STATUS.OK && request.payload[2]))
      throw new ChipError('UNSUPPORTED', `More than one card is on ${this.name}: take all but one off.`);
    if (request.status !== BRP_STATUS.OK) throw refused(this.name, 'Iso14a.Request', request.status);
    const parts: Buffer[] = [];
    for (const sel of SEL) {
      const level = await this.transparent(Buffer.from([sel, 0x20]), ANTICOLLISION, options);
      if (level.kind !== 'data') return undefined; // the card left between the request and now
      const serial = level.data;
      if (
        serial.length !== 5 ||
        (serial.readUInt8(0) ^ serial.readUInt8(1) ^ serial.readUInt8(2) ^ serial.readUInt8(3)) !== serial[4]
      )
        throw new ChipError('UNSUPPORTED', `The card on ${this.name} gave a malformed UID (collision with another card?).`);
      const select = await this.transparent(Buffer.concat([Buffer.from([sel, 0x70]), serial]), WITH_CRC, options);
      if (select.kind !== 'data' || select.data.length !== 1) return undefined;
      // The SAK's cascade bit, not the first byte, says whether the UID goes on: a double-size
      // UID's second part may itself begin with 0x88 (one card in 256 with random UIDs).
      const cascade = ((select.data[0] as number) & SAK_CASCADE) !== 0;
      if (cascade && serial[0] !== CASCADE_TAG)
        throw new ChipError('UNSUPPORTED', `The card on ${this.name} announced more UID without the cascade tag.`);
      parts.push(serial.subarray(cascade ? 1 : 0, 4));
      if (!cascade) return Buffer.concat(parts);
    }
    throw new ChipError('UNSUPPORTED', `The card on ${this.name} has a UID longer than ISO 14443-3 allows.`);
  }

  /** One frame to the card through Iso14a.TransparentCmd. */
  async transparent(frame: Buffer, mode: number, options: CallOptions = {}): Promise<CardAnswer> {
    const payload = Buffer.alloc(6 + frame.length);
    payload[0] = mode;
    payload.writeUInt16BE(frame.length, 1);
    payload.writeUInt16BE(CARD_TIMEOUT_MS, 3);
    payload[5] = 0x00; // DSI/DRI: 106 kbit/s both ways
    frame.copy(payload, 6);
    const response = await this.exec(BRP_COMMAND.ISO14A_TRANSPARENT, payload, options);
    if (response.status === BRP_STATUS.ISO14A_NO_TAG) return { kind: 'silence' };
    if (response.status !== BRP_STATUS.OK) throw refused(this.name, 'Iso14a.TransparentCmd', response.status);
    const answer = response.payload;
    if (answer.length < 2 || answer.readUInt16BE(0) !== answer.length - 2)
      throw new ChipError(
        'TIMEOUT',
        `${this.name} answered the card's frame with a malformed payload; the card's state for it is unknown.`,
      );
    const data = answer.subarray(2);
    if (!(mode & MODE.MIFARE_BW)) return { kind: 'data', data: Buffer.from(data) };
    if (data[0] === 0x01 && data.length === 2) return { kind: 'nibble', value: data[1] as number };
    if (data[0] === 0x00) return { kind: 'data', data: Buffer.from(data.subarray(1)) };
    throw new ChipError(
      'TIMEOUT',
      `${this.name} marked the card's answer with an unknown type; the card's state for it is unknown.`,
    );
  }

  /** Opens the reader (finding it again by serial number after it was pulled out) and checks that it speaks BRP. */
  async #open(options: CallOptions): Promise<BrpChannel> {
    if (this.#channel) return this.#channel;
    checkAborted(options.signal);
    let devices: HidDeviceInfo[];
    try {
      devices = await this.#hid().devicesAsync();
    } catch (error) {
      throw new ChipError('READER_GONE', `USB HID devices cannot be listed here (${(error as Error).message}).`);
    }
    const wanted = this.#device?.serialNumber ?? this.#options.device;
    const device = devices
      .filter((each) => each.vendorId === BALTECH_VENDOR_ID && each.path)
      .find((each) => !wanted || each.serialNumber === wanted || each.path === wanted);
    if (!device?.path) {
      this.#state = 'unavailable';
      throw readerGone(this.name);
    }
    let channel: BrpChannel;
    try {
      channel = new BrpChannel(await this.#hid().HIDAsync.open(device.path));
    } catch (error) {
      throw new ChipError(
        'READER_GONE',
        `${encoderName(device)} cannot be opened (${(error as Error).message}): on Linux, install the udev rule the README gives.`,
        { problem: 'NO_ACCESS' },
      );
    }
    let info: BrpResponse;
    try {
      info = await channel.exec(BRP_COMMAND.SYS_GET_INFO, new Uint8Array(0), 500);
    } catch {
      await channel.close();
      this.#state = 'unavailable';
      throw new ChipError(
        'UNSUPPORTED',
        `${encoderName(device)} does not answer BALTECH's reader protocol on HID: set its firmware to "BRP over HID" (not keyboard emulation).`,
        { problem: 'NOT_BRP' },
      );
    }
    this.#device = device;
    this.#firmware = firmwareText(info.payload);
    this.#channel = channel;
    this.#state = 'empty';
    return channel;
  }

  async #drop(): Promise<void> {
    const channel = this.#channel;
    this.#channel = undefined;
    this.#state = 'unavailable';
    await channel?.close();
  }
}

/** The card on a BALTECH reader, as the NTAG session talks to it. */
class BrpTagTransport implements TagTransport {
  readonly canPassThrough = true;
  commands = 0;
  readonly #encoder: BrpHidEncoder;

  constructor(encoder: BrpHidEncoder) {
    this.#encoder = encoder;
  }

  async read(page: number, options?: CallOptions): Promise<Buffer> {
    const answer = await this.#send(Buffer.from([0x30, page]), options);
    if (answer.kind === 'silence') throw removed({ page });
    if (answer.kind === 'nibble' || answer.data.length !== 16)
      throw new ChipError('READ_FAILED', `The chip refused to read page ${page}.`, { page });
    return answer.data;
  }

  async write(page: number, data: Buffer, options?: CallOptions): Promise<void> {
    const answer = await this.#send(Buffer.concat([Buffer.from([0xa2, page]), data]), options);
    if (answer.kind === 'silence') throw removed({ page });
    if (answer.kind !== 'nibble' || answer.value !== NTAG_ACK)
      throw new ChipError('WRITE_FAILED', `The chip refused to write page ${page}.`, { page });
  }

  async native(frame: Buffer, options?: CallOptions): Promise<Buffer> {
    const answer = await this.#send(frame, options);
    if (answer.kind === 'silence') return Buffer.alloc(0);
    if (answer.kind === 'nibble') return Buffer.from([answer.value]);
    return answer.data;
  }

  /**
   * With `reset`, HLTA (50 00): the NTAG leaves its AUTHENTICATED state (datasheet 8.4) and
   * stays silent until woken, so a chip the station opened does not stay writable in the field.
   */
  async release(reset = false): Promise<void> {
    if (!reset) return;
    try {
      await this.#send(Buffer.from([0x50, 0x00]), { timeoutMs: 300 });
    } catch {
      // pulled out or gone: the card lost its power, and its authentication with it
    }
  }

  async #send(frame: Buffer, options?: CallOptions): Promise<CardAnswer> {
    this.commands += 1;
    return this.#encoder.transparent(frame, NTAG_MODE, options);
  }
}

/** A BALTECH reader seen on the USB bus, as `devices list` and the Devices screen show it. */
export interface HidEncoderListing extends EncoderInfo {
  path: string;
  vendorId: number;
  productId: number;
  /**
   * Why a BALTECH device on the bus cannot be used: NOT_BRP (it answers no BRP: keyboard-emulation
   * firmware, say), NO_ACCESS (the system will not open it: no udev rule), NOT_ANSWERING; with the
   * driver's message, the fix in it.
   */
  problem?: { code: 'NOT_BRP' | 'NO_ACCESS' | 'NOT_ANSWERING'; message: string };
}

/**
 * Every BALTECH reader on the bus, each opened for a moment: its firmware (Sys.GetInfo)
 * and whether a card is on it. Two of the same model are two rows, told apart by serial number.
 */
export async function listHidEncoders(hid: HidApi = nodeHid()): Promise<HidEncoderListing[]> {
  let devices: HidDeviceInfo[];
  try {
    devices = await hid.devicesAsync();
  } catch {
    return [];
  }
  const listed: HidEncoderListing[] = [];
  for (const device of devices) {
    if (device.vendorId !== BALTECH_VENDOR_ID || !device.path) continue;
    const encoder = new BrpHidEncoder({ hid, device: device.path, commandTimeoutMs: 500 });
    const row = { path: device.path, vendorId: device.vendorId, productId: device.productId };
    try {
      const request = await encoder.exec(BRP_COMMAND.ISO14A_REQUEST, Uint8Array.of(0x01));
      listed.push({ ...encoder.info(), ...row, state: request.status === BRP_STATUS.OK ? 'card' : 'empty' });
    } catch (error) {
      listed.push({
        ...encoder.info(),
        name: encoderName(device),
        ...(device.product ? { model: device.product } : {}),
        ...(device.serialNumber ? { serial: device.serialNumber } : {}),
        ...row,
        state: 'unavailable',
        problem: { code: problemOf(error), message: (error as Error).message },
      });
    } finally {
      await encoder.close();
    }
  }
  return listed;
}

function problemOf(error: unknown): NonNullable<HidEncoderListing['problem']>['code'] {
  const problem = isChipError(error) ? error.details.problem : undefined;
  return problem === 'NOT_BRP' || problem === 'NO_ACCESS' ? problem : 'NOT_ANSWERING';
}

export interface HidPlugEvent {
  type: 'attached' | 'detached';
  device: HidDeviceInfo;
}

/**
 * BALTECH readers plugged in and pulled out, by looking at the bus once a second (a
 * device list is a cheap call, made on node-hid's thread): no busy loop and no extra
 * native package. Returns the function that stops watching.
 */
export function watchHidEncoders(
  listener: (event: HidPlugEvent) => void,
  options: { hid?: HidApi; intervalMs?: number } = {},
): () => void {
  const hid = options.hid ?? nodeHid();
  let known: Map<string, HidDeviceInfo> | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const look = async () => {
    let devices: HidDeviceInfo[] = [];
    try {
      devices = await hid.devicesAsync();
    } catch {
      // the bus cannot be read just now: look again next time
    }
    if (stopped) return;
    const now = new Map(
      devices.filter((each) => each.vendorId === BALTECH_VENDOR_ID && each.path).map((each) => [each.path as string, each]),
    );
    if (known) {
      for (const [path, device] of now) if (!known.has(path)) listener({ type: 'attached', device });
      for (const [path, device] of known) if (!now.has(path)) listener({ type: 'detached', device });
    }
    known = now;
    timer = setTimeout(look, options.intervalMs ?? 1000);
  };
  void look();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}

export function encoderName(device: HidDeviceInfo): string {
  const model = device.product?.trim() || 'BALTECH reader';
  return device.serialNumber ? `${model} ${device.serialNumber}` : model;
}

/** Sys.GetInfo's answer: printable ASCII, NUL-terminated, runs of spaces kept short. */
function firmwareText(payload: Buffer): string | undefined {
  const end = payload.indexOf(0);
  const text = payload
    .subarray(0, end < 0 ? payload.length : end)
    .toString('latin1')
    .replace(/\s+/g, ' ')
    .trim();
  return /^[\x20-\x7e]{1,80}$/.test(text) ? text : undefined;
}

function readerGone(name: string): ChipError {
  return new ChipError('READER_GONE', `${name} is not plugged in (or was pulled out): plug it in again; the job waits for it.`);
}

function removed(details: Record<string, number>): ChipError {
  return new ChipError('CARD_REMOVED', 'The card was taken off the reader.', details);
}

function refused(name: string, command: string, status: number): ChipError {
  if (status === BRP_STATUS.INVALID_CMD || status === BRP_STATUS.ACCESS_DENIED)
    return new ChipError('UNSUPPORTED', `${name} refused ${command}: ${brpStatusText(status)}.`);
  return new ChipError('TIMEOUT', `${name} could not complete ${command}: ${brpStatusText(status)}.`);
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
