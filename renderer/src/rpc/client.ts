/**
 * The page's side of the RPC contract: one socket to the station core, calls with their
 * contract timeout, every answer checked against the contract before the page uses it.
 * The page knows the core only through this and the contract.
 */
import {
  DEFAULT_TIMEOUT_MS,
  METHODS,
  type MethodName,
  type Params,
  type Result,
  type RpcError,
  serverFrame,
} from '../../../electron/core/rpc/contract/index.ts';

/** A refused or failed call: its code, and a message that says what to do. */
export class CallError extends Error {
  readonly code: string;
  constructor(error: RpcError) {
    super(error.message);
    this.code = error.code;
  }
}

interface Waiting {
  resolve(value: unknown): void;
  reject(error: CallError): void;
  method: MethodName;
  timer: ReturnType<typeof setTimeout>;
}

export class DeskClient {
  readonly #socket: WebSocket;
  readonly #waiting = new Map<number, Waiting>();
  readonly #opened: Promise<void>;
  #next = 1;

  /** Browser mode: the token came in the page's address, after #token=. */
  constructor(token: string, url = `ws://${location.host}/rpc?token=${encodeURIComponent(token)}`) {
    this.#socket = new WebSocket(url);
    this.#opened = new Promise((resolve, reject) => {
      this.#socket.addEventListener('open', () => resolve(), { once: true });
      this.#socket.addEventListener('error', () => reject(new CallError(OFFLINE)), { once: true });
    });
    // A socket closed before it opened (a screen that went away) rejects nobody's call.
    this.#opened.catch(() => {});
    this.#socket.addEventListener('message', (event) => this.#receive(String(event.data)));
    this.#socket.addEventListener('close', () => {
      for (const waiting of this.#waiting.values()) waiting.reject(new CallError(OFFLINE));
      this.#waiting.clear();
    });
  }

  async call<M extends MethodName>(method: M, params: Params<M>): Promise<Result<M>> {
    await this.#opened;
    const id = this.#next++;
    const spec = METHODS[method];
    const timeoutMs = ('timeoutMs' in spec ? spec.timeoutMs : undefined) ?? DEFAULT_TIMEOUT_MS;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiting.delete(id);
        reject(new CallError({ code: 'TIMEOUT', message: 'The station did not answer in time: try again.' }));
      }, timeoutMs);
      this.#waiting.set(id, { resolve: resolve as (value: unknown) => void, reject, method, timer });
      this.#socket.send(JSON.stringify({ kind: 'call', id, method, params }));
    });
  }

  close(): void {
    this.#socket.close();
  }

  #receive(text: string): void {
    let frame: ReturnType<typeof serverFrame.parse>;
    try {
      frame = serverFrame.parse(JSON.parse(text));
    } catch {
      return; // Not of the contract: nothing the page can act on.
    }
    if (frame.kind === 'event' || frame.id === undefined) return;
    const waiting = this.#waiting.get(frame.id);
    if (!waiting) return;
    this.#waiting.delete(frame.id);
    clearTimeout(waiting.timer);
    if (frame.kind === 'error') {
      waiting.reject(new CallError(frame.error));
      return;
    }
    const checked = METHODS[waiting.method].result.safeParse(frame.result);
    if (checked.success) waiting.resolve(checked.data);
    else waiting.reject(new CallError({ code: 'BAD_MESSAGE', message: 'The station answered outside the contract.' }));
  }
}

const OFFLINE: RpcError = {
  code: 'STATION_OFFLINE',
  message: 'The page lost the station: check that badge-station is still running, then reload.',
};
