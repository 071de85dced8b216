/**
 * The page's side of the RPC contract: one connection to the station core (the desk socket
 * in browser mode, the app's port in Electron: a DeskTransport), calls with their contract
 * timeout, every answer checked against the contract before the page uses it. The page
 * knows the core only through this and the contract.
 */
import {
  DEFAULT_TIMEOUT_MS,
  METHODS,
  type MethodName,
  type Params,
  type Result,
  type RpcError,
  serverFrame,
  TOPICS,
  type TopicData,
  type TopicName,
} from '../../../electron/core/rpc/contract/index.ts';

/** A refused or failed call: its code, and a message that says what to do. */
export class CallError extends Error {
  readonly code: string;
  /** Facts the page says in its own words (USER_LOCKED's lockedUntil, SIGN_IN_FAILED's triesLeft). */
  readonly details: Readonly<Record<string, string | number | boolean>>;
  constructor(error: RpcError) {
    super(error.message);
    this.code = error.code;
    this.details = error.details ?? {};
  }
}

/** The answers that mean this page's session is gone or locked: the page shows the sign-in or the lock. */
const SESSION_LOST = new Set(['NOT_SIGNED_IN', 'SESSION_LOCKED', 'SESSION_ENDED']);

/**
 * The station held by long work (a roster import, demo data going in): what, and how far
 * if known. Other pages learn it from STATION_BUSY; the core's message is the one
 * station-access.ts writes ("The station is importing a roster (40 %); ...").
 */
export interface StationBusy {
  work: 'import' | 'demo' | 'other';
  /** 0 to 1, when the core said. */
  share: number | undefined;
  /** The core's own words, for work the page has no words of its own for. */
  message: string;
}

export function busyOf(message: string, share?: number): StationBusy {
  const work = message.includes('importing a roster') ? 'import' : message.includes('demo data') ? 'demo' : 'other';
  const said = /\((\d+) %\)/.exec(message)?.[1];
  return { work, share: share ?? (said === undefined ? undefined : Number(said) / 100), message };
}

/** How often a page kept waiting by a busy station asks whether it is free. */
const BUSY_POLL_MS = 1000;

export interface CallOptions {
  /**
   * What a STATION_BUSY answer does: by default the call waits until the station is free
   * and is made again (the shell shows how far the work is); 'fail' rejects at once.
   */
  whenBusy?: 'wait' | 'fail';
}

interface Waiting {
  resolve(value: unknown): void;
  reject(error: CallError): void;
  method: MethodName;
  timer: ReturnType<typeof setTimeout>;
}

/** How frames travel between the page and the core. */
export interface DeskTransport {
  /** Resolves once frames can be sent; rejects (STATION_OFFLINE) if they never can. */
  readonly opened: Promise<void>;
  /** False once the connection is gone (a call would be swallowed). */
  isOpen(): boolean;
  send(frame: string): void;
  onFrame(listener: (frame: string) => void): void;
  onClose(listener: () => void): void;
  close(): void;
}

/** Browser mode: the desk socket, with the launch's token (it came in the page's address, after #token=). */
export function socketTransport(
  token: string,
  url = `ws://${location.host}/rpc?token=${encodeURIComponent(token)}`,
): DeskTransport {
  const socket = new WebSocket(url);
  const opened = new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener('error', () => reject(new CallError(OFFLINE)), { once: true });
  });
  return {
    opened,
    isOpen: () => socket.readyState === WebSocket.OPEN,
    send: (frame) => socket.send(frame),
    onFrame: (listener) => socket.addEventListener('message', (event) => listener(String(event.data))),
    onClose: (listener) => socket.addEventListener('close', listener),
    close: () => socket.close(),
  };
}

/** What the desktop app's preload gives the page (electron/preload): frames over its port to the core. */
export interface StationBridge {
  send(frame: string): void;
  /** Gives back the way to stop listening. */
  onFrame(listener: (frame: string) => void): () => void;
}

/**
 * The desktop app: frames through the preload's port. It opens at once (the preload keeps
 * what is sent until its port arrives) and lasts as long as the page: a core that restarts
 * is the host's to hide (calls in flight are answered CORE_RESTARTED).
 */
export function stationTransport(bridge: StationBridge): DeskTransport {
  let stop: (() => void) | undefined;
  let open = true;
  return {
    opened: Promise.resolve(),
    isOpen: () => open,
    send: (frame) => bridge.send(frame),
    onFrame: (listener) => {
      stop = bridge.onFrame(listener);
    },
    onClose: () => {},
    close: () => {
      open = false;
      stop?.();
    },
  };
}

export class DeskClient {
  readonly #transport: DeskTransport;
  readonly #waiting = new Map<number, Waiting>();
  readonly #listeners = new Map<TopicName, Set<(data: unknown) => void>>();
  #next = 1;
  #busy: StationBusy | undefined;
  #free: Promise<void> | undefined;
  readonly #busyListeners = new Set<(busy: StationBusy | undefined) => void>();
  #coreFailed: string | undefined;
  readonly #failedListeners = new Set<(message: string) => void>();
  readonly #sessionListeners = new Set<(code: string) => void>();

  constructor(transport: DeskTransport) {
    this.#transport = transport;
    // A connection closed before it opened (a screen that went away) rejects nobody's call.
    transport.opened.catch(() => {});
    transport.onFrame((frame) => this.#receive(frame));
    transport.onClose(() => {
      for (const waiting of this.#waiting.values()) {
        clearTimeout(waiting.timer);
        waiting.reject(new CallError(OFFLINE));
      }
      this.#waiting.clear();
    });
  }

  async call<M extends MethodName>(method: M, params: Params<M>, options: CallOptions = {}): Promise<Result<M>> {
    for (;;) {
      try {
        return await this.#callOnce(method, params);
      } catch (error) {
        if (!(error instanceof CallError) || error.code !== 'STATION_BUSY' || options.whenBusy === 'fail') throw error;
        // Nothing was done: the same call, once the station is free, is the call the screen meant.
        await this.#whenFree(error.message);
      }
    }
  }

  /**
   * The host's words when it gave up on the station core (it kept stopping: CORE_FAILED);
   * undefined while the core runs. Nothing this page does brings it back.
   */
  get coreFailed(): string | undefined {
    return this.#coreFailed;
  }

  /** Told once, when a call learns the core was given up on. */
  onCoreFailed(listener: (message: string) => void): () => void {
    this.#failedListeners.add(listener);
    return () => this.#failedListeners.delete(listener);
  }

  /** Told when a call is refused because the page's session is gone (NOT_SIGNED_IN, SESSION_ENDED) or locked (SESSION_LOCKED). */
  onSessionLost(listener: (code: string) => void): () => void {
    this.#sessionListeners.add(listener);
    return () => this.#sessionListeners.delete(listener);
  }

  /** The work holding the station, while a call of this page waits for it; undefined when none does. */
  get busy(): StationBusy | undefined {
    return this.#busy;
  }

  /** Told when the station is found busy, as its progress moves, and (undefined) once it is free. */
  onBusy(listener: (busy: StationBusy | undefined) => void): () => void {
    this.#busyListeners.add(listener);
    return () => this.#busyListeners.delete(listener);
  }

  #setBusy(busy: StationBusy | undefined): void {
    this.#busy = busy;
    for (const listener of this.#busyListeners) listener(busy);
  }

  /** Resolves once the station answers again; one wait for every call that met the busy station. */
  #whenFree(message: string): Promise<void> {
    if (!this.#busy) this.#setBusy(busyOf(message));
    this.#free ??= new Promise<void>((resolve, reject) => {
      const heard = [
        this.subscribe('import.progress', ({ share, stage }) => {
          if (stage === 'done' || stage === 'failed') void look();
          else this.#setBusy({ ...busyOf('importing a roster'), share });
        }),
        this.subscribe('setup.progress', ({ share }) => this.#setBusy({ ...busyOf('demo data'), share })),
      ];
      let timer: ReturnType<typeof setTimeout> | undefined;
      const end = (failure?: CallError) => {
        clearTimeout(timer);
        for (const stop of heard) stop();
        this.#free = undefined;
        this.#setBusy(undefined);
        if (failure) reject(failure);
        else resolve();
      };
      const look = async () => {
        clearTimeout(timer);
        try {
          await this.#callOnce('station.status', {});
          end();
        } catch (error) {
          if (error instanceof CallError && error.code === 'STATION_BUSY') {
            if (this.#busy?.share === undefined || this.#busy.work === 'other') this.#setBusy(busyOf(error.message));
            timer = setTimeout(() => void look(), BUSY_POLL_MS);
          } else if (error instanceof CallError && error.code === 'STATION_OFFLINE') end(error);
          else end();
        }
      };
      timer = setTimeout(() => void look(), BUSY_POLL_MS);
    });
    return this.#free;
  }

  async #callOnce<M extends MethodName>(method: M, params: Params<M>): Promise<Result<M>> {
    await this.#transport.opened;
    // A connection that has closed since would swallow the call: say so now, not at its timeout.
    if (!this.#transport.isOpen()) throw new CallError(OFFLINE);
    const id = this.#next++;
    const spec = METHODS[method];
    const timeoutMs = ('timeoutMs' in spec ? spec.timeoutMs : undefined) ?? DEFAULT_TIMEOUT_MS;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiting.delete(id);
        reject(new CallError({ code: 'TIMEOUT', message: 'The station did not answer in time: try again.' }));
      }, timeoutMs);
      this.#waiting.set(id, { resolve: resolve as (value: unknown) => void, reject, method, timer });
      this.#transport.send(JSON.stringify({ kind: 'call', id, method, params }));
    });
  }

  /** Listens to a topic the core pushes (each event checked against the contract); gives back the way to stop. */
  subscribe<T extends TopicName>(topic: T, listener: (data: TopicData<T>) => void): () => void {
    let listeners = this.#listeners.get(topic);
    if (!listeners) {
      listeners = new Set();
      this.#listeners.set(topic, listeners);
      void this.#send({ kind: 'subscribe', topic });
    }
    const heard = listener as (data: unknown) => void;
    listeners.add(heard);
    return () => {
      listeners.delete(heard);
      if (listeners.size > 0 || this.#listeners.get(topic) !== listeners) return;
      this.#listeners.delete(topic);
      void this.#send({ kind: 'unsubscribe', topic });
    };
  }

  close(): void {
    this.#transport.close();
  }

  async #send(frame: { kind: 'subscribe' | 'unsubscribe'; topic: TopicName }): Promise<void> {
    try {
      await this.#transport.opened;
    } catch {
      return; // Never opened: nothing to listen to.
    }
    if (this.#transport.isOpen()) this.#transport.send(JSON.stringify(frame));
  }

  #event(topic: string, data: unknown): void {
    if (!isTopic(topic)) return;
    const listeners = this.#listeners.get(topic);
    if (!listeners) return;
    const checked = TOPICS[topic].data.safeParse(data);
    if (!checked.success) return; // Not of the contract: nothing the page can act on.
    for (const listener of listeners) listener(checked.data);
  }

  #receive(text: string): void {
    let frame: ReturnType<typeof serverFrame.parse>;
    try {
      frame = serverFrame.parse(JSON.parse(text));
    } catch {
      return; // Not of the contract: nothing the page can act on.
    }
    if (frame.kind === 'event') {
      this.#event(frame.topic, frame.data);
      return;
    }
    if (frame.id === undefined) return;
    const waiting = this.#waiting.get(frame.id);
    if (!waiting) return;
    this.#waiting.delete(frame.id);
    clearTimeout(waiting.timer);
    if (frame.kind === 'error') {
      if (frame.error.code === 'CORE_FAILED' && this.#coreFailed === undefined) {
        this.#coreFailed = frame.error.message;
        for (const listener of this.#failedListeners) listener(frame.error.message);
      }
      if (SESSION_LOST.has(frame.error.code)) for (const listener of this.#sessionListeners) listener(frame.error.code);
      waiting.reject(new CallError(frame.error));
      return;
    }
    const checked = METHODS[waiting.method].result.safeParse(frame.result);
    if (checked.success) waiting.resolve(checked.data);
    else waiting.reject(new CallError({ code: 'BAD_MESSAGE', message: 'The station answered outside the contract.' }));
  }
}

function isTopic(topic: string): topic is TopicName {
  return Object.hasOwn(TOPICS, topic);
}

const OFFLINE: RpcError = {
  code: 'STATION_OFFLINE',
  message: 'The page lost the station: check that badge-station is still running, then reload.',
};
