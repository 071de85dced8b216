/**
 * The core's side of the RPC contract, whatever carries the messages (a WebSocket in
 * browser mode, the utility process's MessagePort in the desktop app): every message is
 * read against the contract before anything runs, every call has its timeout, and every
 * answer is checked against the contract before it leaves. Before its params are even
 * read, a call must pass the gate: a signed-in session whose role the method lists (the
 * core's users and sessions, handlers/session.ts), or a method open to all. A timeout bounds a handler's
 * asynchronous work: synchronous SQLite work holds the core's thread until it is done, so
 * long work belongs on worker threads (imports and rendering already are). A bad message gets an error
 * with a code and a plain message; the connection and the host carry on.
 */
import type { z } from 'zod';
import { isStationError } from '../errors.ts';
import type { Logger } from '../log/index.ts';
import type { Caller } from '../users/index.ts';
import {
  type ClientFrame,
  clientFrame,
  DEFAULT_TIMEOUT_MS,
  MAX_MESSAGE_BYTES,
  METHODS,
  type MethodName,
  type Result,
  type Role,
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
  /** Who is calling: always there for a method that needs a session; for an open one, whoever is signed in, if anyone. */
  caller: Caller | undefined;
  /** This connection's session token: set by signing in or resuming, cleared by signing out. */
  session: { token: string | undefined; set(token: string | undefined): void };
}

/** What a method asks of its caller (the contract's spec). */
export interface AccessRule {
  roles: readonly Role[];
  session?: 'open' | 'locked' | 'signs-in';
}

/**
 * Who may call what. `admit` answers with the caller, or throws the StationError that says
 * why not (NOT_SIGNED_IN, SESSION_LOCKED, SESSION_ENDED, ROLE_REFUSED), recording a refused
 * role; `hears` says, quietly, whether a session may receive a topic's events.
 */
export interface Gate {
  admit(token: string | undefined, method: string, rule: AccessRule): Caller | undefined;
  hears(token: string | undefined, rule: AccessRule): boolean;
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
  readonly #gate: Gate;
  readonly #log: Logger | undefined;
  readonly #connections = new Set<Connection>();

  constructor(handlers: Handlers, options: { gate: Gate; log?: Logger | undefined }) {
    this.#handlers = handlers;
    this.#gate = options.gate;
    this.#log = options.log;
  }

  connect(send: (frame: string) => void): RpcConnection {
    const connection: Connection = {
      send,
      topics: new Set<TopicName>(),
      calls: new AbortController(),
      token: undefined,
      signingIn: Promise.resolve(),
    };
    this.#connections.add(connection);
    const reply = (frame: ServerFrame) => send(JSON.stringify(frame));
    return {
      receive: async (message) => {
        const frame = this.#read(message, reply);
        if (!frame) return;
        if (frame.kind === 'call') {
          const answer = await this.#call(frame, connection);
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
    const rule: AccessRule = TOPICS[topic];
    for (const connection of this.#connections)
      if (connection.topics.has(topic) && this.#gate.hears(connection.token, rule)) connection.send(frame);
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

  async #call(frame: Extract<ClientFrame, { kind: 'call' }>, connection: Connection): Promise<ServerFrame | undefined> {
    const fail = (error: RpcError): ServerFrame => ({ kind: 'error', id: frame.id, error });
    if (!Object.hasOwn(METHODS, frame.method))
      return fail({ code: 'UNKNOWN_METHOD', message: `There is no method "${frame.method}".` });
    const name = frame.method as MethodName;
    const spec = METHODS[name];
    // A call that signs the connection in is waited for by the calls after it, even ones
    // that arrive in the same tick (a restarted core's host resumes the page's session and
    // passes its next call at once): they are then admitted as the session it made.
    const settled = connection.signingIn;
    let signedIn = () => {};
    if (spec.session === 'signs-in')
      connection.signingIn = new Promise<void>((resolve) => {
        signedIn = resolve;
      });
    else if (spec.session !== 'open') await settled;
    try {
      return await this.#admitted(frame, name, connection, fail);
    } finally {
      signedIn();
    }
  }

  async #admitted(
    frame: Extract<ClientFrame, { kind: 'call' }>,
    name: MethodName,
    connection: Connection,
    fail: (error: RpcError) => ServerFrame,
  ): Promise<ServerFrame | undefined> {
    const spec = METHODS[name];
    const closed = connection.calls.signal;
    let caller: Caller | undefined;
    try {
      // Before the params are read: a caller without the role learns nothing of the method's shape.
      caller = this.#gate.admit(connection.token, name, spec);
    } catch (error) {
      if (isStationError(error)) return fail(rpcFailure(error));
      this.#log?.error({ method: name, err: error }, 'rpc gate failed unexpectedly');
      return fail(unexpected());
    }
    const session: Call['session'] = {
      get token() {
        return connection.token;
      },
      set: (token) => {
        connection.token = token;
      },
    };
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
        Promise.resolve().then(() =>
          handler(params.data, { signal, publish: (topic, data) => this.publish(topic, data), caller, session }),
        ),
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
      if (isStationError(error)) return fail(rpcFailure(error));
      if ((error as Error)?.name === 'TimeoutError')
        return fail({ code: 'TIMEOUT', message: `${name} took longer than ${timeoutMs / 1000} s and was given up: try again.` });
      this.#log?.error({ method: name, err: error }, 'rpc call failed unexpectedly');
      return fail(unexpected());
    }
  }
}

interface Connection {
  send: (frame: string) => void;
  topics: Set<TopicName>;
  calls: AbortController;
  /** The session signed in on this connection, if any. */
  token: string | undefined;
  /** Settles when the connection's latest sign-in call has been answered. */
  signingIn: Promise<void>;
}

/** A StationError as it crosses: its code, its message, and the facts a page shows in its own words ("locked until 10:42"). */
function rpcFailure(error: { code: string; message: string; details?: Readonly<Record<string, unknown>> | undefined }): RpcError {
  const details = error.details
    ? Object.fromEntries(
        Object.entries(error.details).filter((entry): entry is [string, string | number | boolean] =>
          ['string', 'number', 'boolean'].includes(typeof entry[1]),
        ),
      )
    : undefined;
  return { code: error.code, message: error.message, ...(details && Object.keys(details).length > 0 ? { details } : {}) };
}

function unexpected(): RpcError {
  return {
    code: 'INTERNAL',
    message: 'Something unexpected went wrong in the station. It is in the log: please report it with the logs folder.',
  };
}
