/**
 * The vpcd plumbing for the virtual NTAG: `plugIntoVpcd` puts a `VirtualNtag` (the chip
 * model, in native/chips/virtual-ntag.ts) in vpcd's virtual reader as a PC/SC storage card
 * (FF CA, FF B0, FF D6) with an ACR122U-style pass-through (FF 00 00 00 Lc D4 42 ...) for
 * the native commands.
 */
import { connect, type Socket } from 'node:net';
import { startWorker } from '../../electron/core/worker-thread.ts';
import type { VirtualNtag, VirtualNtagOptions } from '../../native/chips/virtual-ntag.ts';

export { VirtualNtag, type VirtualNtagModel as NtagModel, type VirtualNtagOptions } from '../../native/chips/virtual-ntag.ts';

const ACK = 0x0a;

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

/** A card served from a thread of its own (`plugAside`). */
export interface CardAside {
  uid: Buffer;
  /** Takes the card off the reader, and ends its thread. */
  remove(): Promise<void>;
}

/**
 * The same card, served from a thread of its own. pcscd asks a newly inserted card for its
 * ATR on its own reader thread, holding the reader meanwhile; a card served on this thread
 * cannot answer while this thread waits in a synchronous PC/SC call that needs the same
 * reader (SCardDisconnect), and both would wait for ever. A real card answers by itself: so
 * must the virtual one, in tests where the station's code runs on this thread and cards are
 * swapped under it.
 */
export async function plugAside(tag: VirtualNtagOptions, plug: PlugOptions): Promise<CardAside> {
  const worker = startWorker(new URL('./vpcd-card-thread.ts', import.meta.url), { workerData: { tag, plug } });
  const message = (key: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const onMessage = (value: Record<string, unknown>) => {
        if (!(key in value)) return;
        worker.off('message', onMessage);
        resolve(value);
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
  const { uid } = (await message('plugged')) as { uid: string };
  return {
    uid: Buffer.from(uid, 'hex'),
    async remove() {
      const removed = message('removed');
      worker.postMessage('remove');
      await removed;
      await worker.terminate();
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
