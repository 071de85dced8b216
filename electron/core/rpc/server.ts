/**
 * The core's side of the RPC contract, whatever carries the messages (a WebSocket in
 * browser mode, the utility process's MessagePort in the desktop app): every message is
 * read against the contract before anything runs, every call has its timeout, and every
 * answer is checked against the contract before it leaves. A timeout bounds a handler's
 * asynchronous work: synchronous SQLite work holds the core's thread until it is done, so
 * long work belongs on worker threads (imports and rendering already are). A bad message gets an error
 * with a code and a plain message; the connection and the host carry on.
 */
import type { z } from 'zod';
import { isStationError } from '../errors.ts';
import type { Logger } from '../log/index.ts';
import {
  type ClientFrame,
  clientFrame,
  DEFAULT_TIMEOUT_MS,
  MAX_MESSAGE_BYTES,
  METHODS,
  type MethodName,
  type Result,
  type RpcError,
  type ServerFrame,
  TOPICS,
  type TopicName,
} from './contract/index.ts';

/** What a handler gets besides its params: a signal aborted when the call timed out or its page went away. */
export interface Call {
  signal: AbortSignal;
  /** Tells every subscribed page how long work is getting on (the server's publish, so checked against the contract). */
  publish: RpcServer['publish'];
}

export type Handlers = {
  [M in MethodName]: (params: z.output<(typeof METHODS)[M]['params']>, call: Call) => Result<M> | Promise<Result<M>>;
};

/** One page's connection: messages in through `receive`, frames out through the `send` it was made with. */
export interface RpcConnection {
  receive(message: string | Uint8Array): Promise<void>;
  close(): void;
}

export class RpcServer {
  readonly #handlers: Handlers;
  readonly #log: Logger | undefined;
  readonly #connections = new Set<{ send: (frame: string) => void; topics: Set<TopicName>; calls: AbortController }>();

  constructor(handlers: Handlers, options: { log?: Logger } = {}) {
    this.#handlers = handlers;
    this.#log = options.log;
  }

  connect(send: (frame: string) => void): RpcConnection {
    const connection = { send, topics: new Set<TopicName>(), calls: new AbortController() };
    this.#connections.add(connection);
    const reply = (frame: ServerFrame) => send(JSON.stringify(frame));
    return {
      receive: async (message) => {
        const frame = this.#read(message, reply);
        if (!frame) return;
        if (frame.kind === 'call') {
          const answer = await this.#call(frame, connection.calls.signal);
          if (answer) reply(answer);
        } else if (!Object.hasOwn(TOPICS, frame.topic))
          reply({ kind: 'error', error: { code: 'UNKNOWN_TOPIC', message: `There is no topic "${frame.topic}".` } });
        else if (frame.kind === 'subscribe') connection.topics.add(frame.topic as TopicName);
        else connection.topics.delete(frame.topic as TopicName);
      },
      close: () => {
        connection.calls.abort();
        this.#connections.delete(connection);
      },
    };
  }

  /** Pushes an event to every connection subscribed to its topic, checked against the contract first. */
  publish<T extends TopicName>(topic: T, data: z.input<(typeof TOPICS)[T]['data']>): void {
    const checked = TOPICS[topic].data.parse(data);
    const frame = JSON.stringify({ kind: 'event', topic, data: checked } satisfies ServerFrame);
    for (const connection of this.#connections) if (connection.topics.has(topic)) connection.send(frame);
  }

  #read(message: string | Uint8Array, reply: (frame: ServerFrame) => void): ClientFrame | undefined {
    const size = typeof message === 'string' ? Buffer.byteLength(message) : message.byteLength;
    const refuse = (code: string, text: string) => {
      reply({ kind: 'error', error: { code, message: text } });
      return undefined;
    };
    if (size > MAX_MESSAGE_BYTES) return refuse('MESSAGE_TOO_LARGE', `A message may be at most ${MAX_MESSAGE_BYTES} bytes.`);
    let json: unknown;
    try {
      json = JSON.parse(typeof message === 'string' ? message : Buffer.from(message).toString('utf8'));
    } catch {
      return refuse('BAD_MESSAGE', 'The message is not JSON.');
    }
    const frame = clientFrame.safeParse(json);
    if (!frame.success) return refuse('BAD_MESSAGE', 'The message is not a call, subscribe or unsubscribe of the contract.');
    return frame.data;
  }

  async #call(frame: Extract<ClientFrame, { kind: 'call' }>, closed: AbortSignal): Promise<ServerFrame | undefined> {
    const fail = (error: RpcError): ServerFrame => ({ kind: 'error', id: frame.id, error });
    if (!Object.hasOwn(METHODS, frame.method))
      return fail({ code: 'UNKNOWN_METHOD', message: `There is no method "${frame.method}".` });
    const name = frame.method as MethodName;
    const spec = METHODS[name];
    const params = spec.params.safeParse(frame.params ?? {});
    if (!params.success) {
      const where = params.error.issues.map((issue) => `${issue.path.join('.') || 'params'}: ${issue.message}`).join('; ');
      return fail({ code: 'BAD_PARAMS', message: `${name} was called with params it does not take (${where}).` });
    }
    const timeoutMs = ('timeoutMs' in spec ? spec.timeoutMs : undefined) ?? DEFAULT_TIMEOUT_MS;
    const signal = AbortSignal.any([closed, AbortSignal.timeout(timeoutMs)]);
    const handler = this.#handlers[name] as (params: unknown, call: Call) => unknown;
    try {
      const result = await Promise.race([
        Promise.resolve().then(() => handler(params.data, { signal, publish: (topic, data) => this.publish(topic, data) })),
        new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true })),
      ]);
      const checked = spec.result.safeParse(result);
      if (!checked.success) {
        this.#log?.error(
          { method: name, issues: checked.error.issues.map((issue) => issue.path.join('.')) },
          'rpc result off contract',
        );
        return fail(unexpected());
      }
      return { kind: 'result', id: frame.id, result: checked.data };
    } catch (error) {
      // The page went away mid-call: nobody to answer, and nothing went wrong.
      if (closed.aborted) return undefined;
      if (isStationError(error)) return fail({ code: error.code, message: error.message });
      if ((error as Error)?.name === 'TimeoutError')
        return fail({ code: 'TIMEOUT', message: `${name} took longer than ${timeoutMs / 1000} s and was given up: try again.` });
      this.#log?.error({ method: name, err: error }, 'rpc call failed unexpectedly');
      return fail(unexpected());
    }
  }
}

function unexpected(): RpcError {
  return {
    code: 'INTERNAL',
    message: 'Something unexpected went wrong in the station. It is in the log: please report it with the logs folder.',
  };
}
