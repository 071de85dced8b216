/**
 * A PC/SC reader as a `ChipEncoder`: the readers inside card printers and desktop NFC
 * encoders, through pcscd (or WinSCard) and the `smartcard` binding.
 *
 * Pages go through the storage-card APDUs (FF B0 / FF D6); native NTAG commands
 * (GET_VERSION, READ_SIG, PWD_AUTH) through the ACR122U direct transmit when the reader
 * offers it. Failures are classified by asking PC/SC what became of the reader and the
 * card, so a card taken away is CARD_REMOVED and a dead pcscd is READER_GONE.
 *
 * Every call into the binding goes through the PC/SC thread (pcsc-link.ts): the binding's
 * reader list and disconnect are synchronous and wait on pcscd, so here they are only ever
 * awaited, each with a deadline, and a hung pcscd is READER_GONE rather than a frozen station.
 */
import type { CallOptions, ChipEncoder, ChipSession, EncoderInfo, TagTransport } from '../chips/encoder.ts';
import { ChipError, isChipError } from '../chips/errors.ts';
import { NtagSession } from '../chips/ntag-session.ts';
import { checkAborted, settlesWithin, sleep, withDeadline } from '../chips/waiting.ts';
import { GET_FIRMWARE, GET_UID, passThrough, passThroughAnswer, readBinary, SW_OK, splitResponse, updateBinary } from './apdu.ts';
import { pcscLink, type ReaderSnapshot } from './pcsc-link.ts';

export interface PcscEncoderOptions {
  /** The reader's name, or a part of it; the first reader when absent. */
  reader?: string;
  /** How often to look for a card while waiting. */
  pollMs?: number;
  /** Per APDU (default 2 s). */
  commandTimeoutMs?: number;
  /** Waiting for a card (default 30 s). */
  waitTimeoutMs?: number;
}

/** How long a look at the readers may take before pcscd counts as gone (it answers in milliseconds). */
const LOOK_MS = 3000;

type ReaderCondition = 'gone' | 'empty' | 'card';

export class PcscEncoder implements ChipEncoder {
  readonly #options: PcscEncoderOptions;
  #context: Promise<number> | undefined;
  #readerName: string | undefined;
  /** What the last look saw, for `info()`, which must answer at once. */
  #seen: ReaderSnapshot | undefined;
  #passThrough = true;

  constructor(options: PcscEncoderOptions = {}) {
    this.#options = options;
  }

  get name(): string {
    return this.#readerName ?? this.#options.reader ?? 'PC/SC reader';
  }

  async waitForCard(options: CallOptions = {}): Promise<ChipSession> {
    const deadline = Date.now() + (options.timeoutMs ?? this.#options.waitTimeoutMs ?? 30_000);
    for (;;) {
      checkAborted(options.signal);
      const reader = await this.#reader();
      if (!reader) throw readerGone(this.#options.reader);
      if (condition(reader) === 'card') {
        const session = await this.#connect(reader, options);
        if (session) return session;
      }
      if (Date.now() >= deadline) throw new ChipError('NO_CARD', `No card was put on ${reader.name}.`);
      await sleep(this.#options.pollMs ?? 25, options.signal);
    }
  }

  async waitForRemoval(options: CallOptions = {}): Promise<void> {
    const deadline = Date.now() + (options.timeoutMs ?? this.#options.waitTimeoutMs ?? 30_000);
    for (;;) {
      checkAborted(options.signal);
      const reader = await this.#reader();
      if (!reader || condition(reader) !== 'card') return;
      if (Date.now() >= deadline) throw new ChipError('TIMEOUT', `The card was not taken off ${reader.name}.`);
      await sleep(this.#options.pollMs ?? 25, options.signal);
    }
  }

  /** Waits until the reader is back (pcscd restarted, the printer switched on again). */
  async waitForReader(options: CallOptions = {}): Promise<void> {
    const deadline = Date.now() + (options.timeoutMs ?? this.#options.waitTimeoutMs ?? 30_000);
    for (;;) {
      checkAborted(options.signal);
      if (await this.#reader()) return;
      if (Date.now() >= deadline) throw readerGone(this.#options.reader);
      await sleep(200, options.signal);
    }
  }

  info(): EncoderInfo {
    const reader = this.#seen;
    if (!reader) return { name: this.name, kind: 'pcsc', state: 'unavailable' };
    return describeReader(reader);
  }

  async close(): Promise<void> {
    await this.#dropContext();
  }

  /** The chosen reader as PC/SC sees it now; undefined when it (or pcscd) is gone. */
  async #reader(): Promise<ReaderSnapshot | undefined> {
    const link = pcscLink();
    try {
      this.#context ??= link.openContext();
      const context = await withDeadline(this.#context, {}, LOOK_MS);
      const readers = await withDeadline(link.listReaders(context), {}, LOOK_MS);
      const wanted = this.#options.reader;
      const reader = wanted
        ? (readers.find((r) => r.name === wanted) ?? readers.find((r) => r.name.includes(wanted)))
        : readers[0];
      if (reader) this.#readerName = reader.name;
      this.#seen = reader;
      return reader;
    } catch {
      // pcscd stopped (or hung): this context is dead for good; the next look makes a new one.
      this.#seen = undefined;
      await this.#dropContext();
      return undefined;
    }
  }

  async #condition(): Promise<ReaderCondition> {
    const reader = await this.#reader();
    return reader ? condition(reader) : 'gone';
  }

  async #dropContext(): Promise<void> {
    const context = this.#context;
    this.#context = undefined;
    if (context) await closeQuietly(context);
  }

  /**
   * Each card gets its own PC/SC context: pcsc-lite serialises the calls of one context,
   * so a transmit the card never answers would otherwise block every look at the
   * readers (and the thread that asks) until the card leaves.
   */
  async #connect(seen: ReaderSnapshot, options: CallOptions): Promise<ChipSession | undefined> {
    const link = pcscLink();
    const { SCARD_SHARE_SHARED, SCARD_PROTOCOL_T0, SCARD_PROTOCOL_T1 } = link.constants;
    let context: Promise<number> | undefined;
    let card: number;
    try {
      context = link.openContext();
      const opened = await withDeadline(context, options, LOOK_MS);
      card = await withDeadline(
        link.connect(opened, seen.name, SCARD_SHARE_SHARED, SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1),
        options,
        5000,
      );
    } catch (error) {
      if (context) void closeQuietly(context);
      if (isChipError(error) && error.code === 'CANCELLED') throw error;
      const now = await this.#condition();
      if (now === 'gone') throw readerGone(seen.name);
      return undefined; // the card left again before we held it
    }
    const transport = new PcscTransport(
      card,
      context,
      this.#passThrough,
      this.#options.commandTimeoutMs ?? 2000,
      () => this.#condition(),
      (ok) => {
        this.#passThrough = ok;
      },
    );
    try {
      const uid = await transport.uid(options);
      return new NtagSession(transport, uid, seen.name);
    } catch (error) {
      await transport.release();
      throw error;
    }
  }
}

/** Releases a context on the PC/SC thread, whatever became of pcscd. */
async function closeQuietly(context: Promise<number>): Promise<void> {
  try {
    await withDeadline(
      context.then((opened) => pcscLink().closeContext(opened)),
      {},
      LOOK_MS,
    );
  } catch {
    // already closed, pcscd gone, or the thread busy with a hung call: it is let go either way
  }
}

class PcscTransport implements TagTransport {
  commands = 0;
  readonly #card: number;
  readonly #context: Promise<number>;
  readonly #timeoutMs: number;
  readonly #condition: () => Promise<ReaderCondition>;
  readonly #learnPassThrough: (ok: boolean) => void;
  #canPassThrough: boolean;
  /** A transmit the reader has not answered yet (after a TIMEOUT or a cancel). */
  #inFlight: Promise<void> | undefined;

  constructor(
    card: number,
    context: Promise<number>,
    canPassThrough: boolean,
    timeoutMs: number,
    condition: () => Promise<ReaderCondition>,
    learnPassThrough: (ok: boolean) => void,
  ) {
    this.#card = card;
    this.#context = context;
    this.#canPassThrough = canPassThrough;
    this.#timeoutMs = timeoutMs;
    this.#condition = condition;
    this.#learnPassThrough = learnPassThrough;
  }

  get canPassThrough(): boolean {
    return this.#canPassThrough;
  }

  async uid(options?: CallOptions): Promise<Buffer> {
    const { data, sw } = await this.#transmit(GET_UID, options);
    if (sw !== SW_OK || data.length < 4) throw new ChipError('UNSUPPORTED', `The reader gave no UID (status ${hex(sw)}).`);
    return Buffer.from(data);
  }

  async read(page: number, options?: CallOptions): Promise<Buffer> {
    const { data, sw } = await this.#transmit(readBinary(page), options);
    if (sw !== SW_OK || data.length !== 16) {
      throw await this.#refused('READ_FAILED', `The chip refused to read page ${page} (status ${hex(sw)}).`, { page });
    }
    return Buffer.from(data);
  }

  async write(page: number, data: Buffer, options?: CallOptions): Promise<void> {
    const { sw } = await this.#transmit(updateBinary(page, data), options);
    if (sw !== SW_OK)
      throw await this.#refused('WRITE_FAILED', `The chip refused to write page ${page} (status ${hex(sw)}).`, { page });
  }

  async native(frame: Buffer, options?: CallOptions): Promise<Buffer> {
    if (!this.#canPassThrough) throw new ChipError('UNSUPPORTED', 'This reader has no pass-through for native commands.');
    const { data, sw } = await this.#transmit(passThrough(frame), options);
    const answer = sw === SW_OK ? passThroughAnswer(data) : undefined;
    if (answer === undefined) {
      // The reader does not know the ACR122U direct transmit: remember, and say so.
      this.#canPassThrough = false;
      this.#learnPassThrough(false);
      throw new ChipError('UNSUPPORTED', `This reader has no pass-through for native commands (status ${hex(sw)}).`);
    }
    return answer;
  }

  /**
   * Ends the connection. With `reset`, the card is reset first: the reader powers it down
   * and up, and an NTAG leaves its AUTHENTICATED state only so (or by HLTA; datasheet 8.4),
   * so a chip the station opened with PWD_AUTH does not stay writable in the field.
   *
   * The reset is SCardReconnect(SCARD_RESET_CARD), which the binding runs off this thread,
   * not SCardDisconnect's disposition: that call is synchronous and waits for the card's
   * new ATR, which a card answered from this thread (the virtual card in tests) cannot
   * give while the thread waits; pcsc-lite 1.9 then stays blocked in it for good. The
   * disconnect after the reset leaves the card as the reset left it.
   */
  async release(reset = false): Promise<void> {
    const link = pcscLink();
    const { SCARD_LEAVE_CARD, SCARD_PROTOCOL_T0, SCARD_PROTOCOL_T1, SCARD_RESET_CARD, SCARD_SHARE_SHARED } = link.constants;
    const disconnect = async () => {
      try {
        await withDeadline(link.disconnect(this.#card, SCARD_LEAVE_CARD), {}, LOOK_MS);
      } catch {
        // the card or the reader is already gone
      }
      await closeQuietly(this.#context);
    };
    const finish = async () => {
      if (reset) {
        // A card that left the field, or a reader that went away, has lost its power already.
        const resetting = link
          .reconnect(this.#card, SCARD_SHARE_SHARED, SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1, SCARD_RESET_CARD)
          .then(
            () => undefined,
            () => undefined,
          );
        if (!(await settlesWithin(resetting, this.#timeoutMs))) {
          // Disconnecting now would wait for the reset: disconnect once it ends.
          void resetting.then(disconnect);
          return;
        }
      }
      await disconnect();
    };
    // A disconnect waits for a transmit still in the reader (one we gave up on): finish once it settles.
    if (this.#inFlight) void this.#inFlight.then(finish, finish);
    else await finish();
  }

  async #transmit(apdu: Buffer, options: CallOptions = {}) {
    if (this.#inFlight) throw new ChipError('TIMEOUT', 'The reader is still busy with a command that did not answer.');
    this.commands += 1;
    const sent = pcscLink().transmit(this.#card, apdu);
    const inFlight = sent.then(
      () => undefined,
      () => undefined,
    );
    this.#inFlight = inFlight;
    void inFlight.then(() => {
      if (this.#inFlight === inFlight) this.#inFlight = undefined;
    });
    try {
      return splitResponse(await withDeadline(sent, options, this.#timeoutMs));
    } catch (error) {
      if (isChipError(error) && error.code === 'CANCELLED') throw error;
      const now = await this.#condition();
      if (now === 'gone') throw readerGone();
      if (now === 'empty') throw new ChipError('CARD_REMOVED', 'The card was taken off the reader.');
      if (isChipError(error)) throw error;
      throw new ChipError('CARD_REMOVED', `The card stopped answering (${(error as Error).message}).`);
    }
  }

  /** A refusal status: the card may have left the field, or the reader gone, in between. */
  async #refused(code: 'READ_FAILED' | 'WRITE_FAILED', message: string, details: Record<string, number>): Promise<ChipError> {
    const now = await this.#condition();
    if (now === 'gone') return readerGone();
    if (now === 'empty') return new ChipError('CARD_REMOVED', 'The card was taken off the reader.', details);
    return new ChipError(code, message, details);
  }
}

/**
 * Readers PC/SC knows, with their state; `service: false` when pcscd is not running (or
 * does not answer). The firmware is asked of readers holding a card (ACR122U's
 * `FF 00 48 00 00`; readers that do not know it leave it out).
 */
export async function listPcscReaders(): Promise<{ readers: EncoderInfo[]; service: boolean }> {
  const link = pcscLink();
  let context: Promise<number> | undefined;
  try {
    context = link.openContext();
    const opened = await withDeadline(context, {}, LOOK_MS);
    const readers: EncoderInfo[] = [];
    for (const reader of await withDeadline(link.listReaders(opened), {}, LOOK_MS)) {
      const info = describeReader(reader);
      if (info.state === 'card') {
        const firmware = await readerFirmware(opened, reader);
        if (firmware) info.firmware = firmware;
      }
      readers.push(info);
    }
    return { readers, service: true };
  } catch {
    return { readers: [], service: false };
  } finally {
    if (context) await closeQuietly(context);
  }
}

async function readerFirmware(context: number, reader: ReaderSnapshot): Promise<string | undefined> {
  const link = pcscLink();
  const { SCARD_SHARE_SHARED, SCARD_PROTOCOL_T0, SCARD_PROTOCOL_T1, SCARD_LEAVE_CARD } = link.constants;
  try {
    const card = await withDeadline(
      link.connect(context, reader.name, SCARD_SHARE_SHARED, SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1),
      {},
      2000,
    );
    try {
      let answer = await withDeadline(link.transmit(card, GET_FIRMWARE), {}, 1000);
      if (answer.length >= 2 && answer.readUInt16BE(answer.length - 2) === SW_OK) answer = answer.subarray(0, -2);
      const text = answer.toString('latin1');
      return /^[\x20-\x7e]{4,40}$/.test(text) ? text : undefined;
    } finally {
      await withDeadline(link.disconnect(card, SCARD_LEAVE_CARD), {}, LOOK_MS).catch(() => undefined);
    }
  } catch {
    return undefined;
  }
}

function describeReader(reader: ReaderSnapshot): EncoderInfo {
  const state = condition(reader);
  return {
    name: reader.name,
    kind: 'pcsc',
    state: state === 'card' ? 'card' : state === 'empty' ? 'empty' : 'unavailable',
    // PC/SC names a reader "<model> <interface> <index> <slot>": the model is what comes first.
    model: reader.name.replace(/(\s+\[[^\]]*\])?(\s+\d{2}){1,2}$/, ''),
    ...(reader.atr && reader.atr.length > 0 ? { atr: reader.atr.toString('hex') } : {}),
  };
}

function condition(reader: ReaderSnapshot): ReaderCondition {
  const { SCARD_STATE_PRESENT, SCARD_STATE_MUTE, SCARD_STATE_UNAVAILABLE } = pcscLink().constants;
  if (reader.state & SCARD_STATE_UNAVAILABLE) return 'gone';
  if (reader.state & SCARD_STATE_PRESENT && !(reader.state & SCARD_STATE_MUTE)) return 'card';
  return 'empty';
}

function readerGone(name?: string): ChipError {
  return new ChipError(
    'READER_GONE',
    `The reader${name ? ` ${name}` : ''} is not available (unplugged, switched off, or the PC/SC service stopped).`,
  );
}

function hex(sw: number): string {
  return sw.toString(16).toUpperCase().padStart(4, '0');
}
