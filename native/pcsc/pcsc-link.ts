/**
 * The line to the PC/SC thread (pcsc-thread.mjs): the `smartcard` binding's calls, each
 * asynchronous on this side whatever it is in the binding, so nothing PC/SC does (a reader
 * list from a hung pcscd, a disconnect waiting on a card) ever holds this thread. One thread
 * per process, started on first use and let go (unref) whenever no call is waiting, so it
 * never keeps a command-line run alive.
 */
import { Worker } from 'node:worker_threads';

/** A reader as PC/SC saw it at the moment of the list. */
export interface ReaderSnapshot {
  name: string;
  state: number;
  atr: Buffer | null;
}

export interface PcscConstants {
  SCARD_SHARE_SHARED: number;
  SCARD_PROTOCOL_T0: number;
  SCARD_PROTOCOL_T1: number;
  SCARD_LEAVE_CARD: number;
  SCARD_RESET_CARD: number;
  SCARD_STATE_PRESENT: number;
  SCARD_STATE_MUTE: number;
  SCARD_STATE_UNAVAILABLE: number;
}

type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; message: string };

/** Reader hot-plug and card insert/remove, from the binding's monitor on the PC/SC thread. */
export interface ReaderEvent {
  type: 'reader-attached' | 'reader-detached' | 'card-inserted' | 'card-removed' | 'error';
  reader: string;
  atr?: string;
}

class PcscLink {
  readonly #worker: Worker;
  readonly #pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  readonly ready: Promise<PcscConstants>;
  #constants: PcscConstants | undefined;
  #next = 1;
  readonly #watchers = new Set<(event: ReaderEvent) => void>();

  constructor() {
    this.#worker = new Worker(new URL('./pcsc-thread.mjs', import.meta.url));
    this.ready = new Promise((resolve, reject) => this.#pending.set(0, { resolve: resolve as (value: unknown) => void, reject }));
    this.ready.then(
      (constants) => {
        this.#constants = constants;
      },
      () => {},
    );
    this.#worker.on('message', (message: Reply | { event: ReaderEvent }) => {
      if ('event' in message) {
        for (const watcher of this.#watchers) watcher(message.event);
        return;
      }
      const reply = message;
      const pending = this.#pending.get(reply.id);
      this.#pending.delete(reply.id);
      this.#letGo();
      if (!pending) return;
      if (reply.ok) pending.resolve(reply.value);
      else pending.reject(new Error(reply.message));
    });
    const fail = (error: Error) => {
      for (const pending of this.#pending.values()) pending.reject(error);
      this.#pending.clear();
      // A thread that died is not used again: the next call starts a new one.
      if (link === this) link = undefined;
    };
    this.#worker.on('error', fail);
    this.#worker.on('exit', () => fail(new Error('the PC/SC thread stopped')));
  }

  /** The binding's constants, once the thread has said them (every call waits for that). */
  get constants(): PcscConstants {
    if (!this.#constants) throw new Error('the PC/SC thread has not started yet');
    return this.#constants;
  }

  openContext = () => this.#call<number>('openContext');
  listReaders = async (context: number) =>
    (await this.#call<{ name: string; state: number; atr: Uint8Array | null }[]>('listReaders', context)).map(
      (reader): ReaderSnapshot => ({ ...reader, atr: reader.atr ? Buffer.from(reader.atr) : null }),
    );
  connect = (context: number, reader: string, share: number, protocol: number) =>
    this.#call<number>('connect', context, reader, share, protocol);
  transmit = async (card: number, apdu: Buffer) => Buffer.from(await this.#call<Uint8Array>('transmit', card, apdu));
  reconnect = (card: number, share: number, protocol: number, initialization: number) =>
    this.#call<void>('reconnect', card, share, protocol, initialization);
  disconnect = (card: number, disposition: number) => this.#call<void>('disconnect', card, disposition);
  closeContext = (context: number) => this.#call<void>('closeContext', context);

  /** Starts watching (the first watcher starts the monitor); returns the function that stops. */
  watch(listener: (event: ReaderEvent) => void): () => void {
    this.#watchers.add(listener);
    this.#worker.ref();
    if (this.#watchers.size === 1) void this.#call('watch').catch(() => {});
    return () => {
      if (!this.#watchers.delete(listener)) return;
      if (this.#watchers.size === 0) void this.#call('unwatch').catch(() => {});
      this.#letGo();
    };
  }

  /** The thread keeps the process alive only while a call waits or someone watches. */
  #letGo(): void {
    if (this.#pending.size === 0 && this.#watchers.size === 0) this.#worker.unref();
  }

  async #call<T>(op: string, ...args: unknown[]): Promise<T> {
    await this.ready;
    const id = this.#next;
    this.#next += 1;
    const answer = new Promise<T>((resolve, reject) =>
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject }),
    );
    this.#worker.ref();
    this.#worker.postMessage({ id, op, args: args.map((arg) => (Buffer.isBuffer(arg) ? new Uint8Array(arg) : arg)) });
    return answer;
  }
}

let link: PcscLink | undefined;

/** The process's PC/SC thread. */
export function pcscLink(): PcscLink {
  link ??= new PcscLink();
  return link;
}

export type { PcscLink };
