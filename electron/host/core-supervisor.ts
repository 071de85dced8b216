/**
 * Keeps the station core running in its own process and carries page connections to it.
 *
 * If the core dies (a crash, a kill), the supervisor starts it again at once; the pages
 * stay connected. A call that was in flight is answered CORE_RESTARTED (try again:
 * nothing durable is lost, every state lives in the station's database), and each page's
 * subscriptions are made again on the new core.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ServerFrame } from '../core/rpc/contract/index.ts';
import type { RpcConnection } from '../core/rpc/server.ts';
import type { CoreMessage, HostMessage } from './core-process.ts';

/**
 * A started core process as the supervisor drives it: Node's fork in browser mode
 * (forkCore), Electron's utility process in the desktop app (electron/main/core-launcher.ts).
 */
export interface CoreChild {
  readonly pid: number | undefined;
  /** A message to the core; one sent as it dies is lost (its calls are answered CORE_RESTARTED). */
  post(message: HostMessage): void;
  onMessage(listener: (message: CoreMessage) => void): void;
  onceExit(listener: (code: number | null, signal: string | null) => void): void;
  exited(): boolean;
  /** Asks the core to close the station and end. */
  end(): void;
  /** Ends it now. */
  kill(): void;
}

export type CoreLauncher = (entry: string, env: NodeJS.ProcessEnv) => CoreChild;

/** Browser mode's core: a Node child process on an IPC channel. */
export const forkCore: CoreLauncher = (entry, env) => {
  const child: ChildProcess = fork(entry, [], {
    env,
    // From the sources the core is TypeScript: tsx loads it, as bin.mjs does for the CLI.
    execArgv: entry.endsWith('.ts') ? ['--import', 'tsx'] : [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  // A fork that cannot start at all (no memory, no processes left) is a death like any other.
  child.on('error', () => {});
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  return {
    get pid() {
      return child.pid;
    },
    post: (message) => {
      if (child.connected) child.send(message, () => {});
    },
    onMessage: (listener) => child.on('message', listener),
    onceExit: (listener) => child.once('exit', listener),
    exited,
    end: () => {
      if (child.connected) child.disconnect();
      else child.kill('SIGTERM');
    },
    kill: () => child.kill('SIGKILL'),
  };
};

/** What the desk socket needs of a core: a connection per page. */
export interface CoreLink {
  connect(send: (frame: string) => void): RpcConnection;
}

interface Page {
  send(frame: string): void;
  /** Calls sent to the core and not yet answered, by id. */
  pending: Set<number>;
  /** Topics the page subscribed to, to subscribe again on a new core. */
  topics: Set<string>;
  /**
   * The session the page signed in to, to resume on a new core: a restart must not sign the
   * counter out mid-job. Learnt from the page's own calls (its sign-in's answer, its resume).
   */
  session: string | undefined;
  /** Calls whose answer carries (or ends) the page's session, by id: how to read it. */
  sessionCalls: Map<number, { resume?: string; signIn?: true; signOut?: true }>;
}

/** Ids of the supervisor's own calls on a page's behalf (resuming its session): above any a page uses, and never passed on. */
const OWN_CALL_IDS = 2 ** 40;

export class CoreSupervisor implements CoreLink {
  readonly #env: NodeJS.ProcessEnv;
  readonly #pages = new Map<number, Page>();
  #child: CoreChild | undefined;
  readonly #launch: CoreLauncher;
  #ready: Promise<void> = Promise.resolve();
  /** When the core last died, for the backoff: a core that dies at once again and again is given up. */
  readonly #deaths: number[] = [];
  #failed: Error | undefined;
  /** Rejects the present `ready()`: the core will not be started again. */
  #giveUp: (error: Error) => void = () => {};
  #readyNow: () => void = () => {};
  #waitingForReady = false;
  #nextPage = 1;
  #stopping = false;
  /** How many times the core was started again after dying. */
  restarts = 0;

  readonly #entry: string;
  readonly #hostKey: string | undefined;
  /** The station's data key, as the core told it once opened: handed to the core started after a crash. */
  #dataKey: string | undefined;

  /**
   * `entry`: the core's script (the real one by default; a test may give one that fails).
   * `launch`: how it is started (Node's fork by default; Electron's utility process in the app).
   * `hostKey`: the desktop app's key from the system keychain, handed to every core it starts
   * as its first message (never through the environment, which other processes can read).
   */
  constructor(options: { env?: NodeJS.ProcessEnv; entry?: string; launch?: CoreLauncher; hostKey?: Buffer } = {}) {
    this.#env = options.env ?? process.env;
    this.#hostKey = options.hostKey?.toString('base64');
    this.#entry = options.entry ?? coreEntry();
    this.#launch = options.launch ?? forkCore;
    this.#start();
  }

  /** Resolves once the core answers messages; rejects when it keeps dying at start (and says why). */
  ready(): Promise<void> {
    return this.#ready;
  }

  /** The core's process id (tests kill it to see the supervisor bring it back). */
  get pid(): number | undefined {
    return this.#child?.pid;
  }

  connect(send: (frame: string) => void): RpcConnection {
    const id = this.#nextPage++;
    const page: Page = { send, pending: new Set(), topics: new Set(), session: undefined, sessionCalls: new Map() };
    this.#pages.set(id, page);
    return {
      receive: async (message) => {
        const data = typeof message === 'string' ? message : Buffer.from(message).toString('utf8');
        noteOutgoing(page, data);
        await this.#ready.catch(() => {});
        if (this.#failed) {
          this.#answerPending(page);
          return;
        }
        this.#tell({ conn: id, data });
      },
      close: () => {
        this.#pages.delete(id);
        this.#tell({ conn: id, closed: true });
      },
    };
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    const child = this.#child;
    if (!child || child.exited()) return;
    const exited = new Promise<void>((resolve) => child.onceExit(() => resolve()));
    child.end();
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    if (!child.exited()) child.kill();
  }

  #start(): void {
    const child = this.#launch(this.#entry, this.#env);
    this.#child = child;
    if (this.#hostKey) child.post({ hostKey: this.#hostKey });
    if (this.#dataKey) child.post({ dataKey: this.#dataKey });
    this.#expectReady();
    child.onMessage((message) => {
      if ('dataKey' in message) {
        this.#dataKey = message.dataKey;
        return;
      }
      if ('ready' in message) {
        this.#waitingForReady = false;
        this.#readyNow();
        return;
      }
      const page = this.#pages.get(message.conn);
      if (!page) return;
      if (noteIncoming(page, message.data) === 'own') return;
      page.send(message.data);
    });
    child.onceExit((code, signal) => {
      if (this.#stopping) return;
      const now = Date.now();
      this.#deaths.push(now);
      const recent = this.#deaths.filter((at) => now - at < QUICK_DEATHS_WITHIN_MS);
      if (recent.length >= QUICK_DEATHS) {
        this.#failed = new Error(
          `The station core stopped ${recent.length} times in ${QUICK_DEATHS_WITHIN_MS / 1000} s (last: ${signal ?? `exit ${code}`}); it is not started again. Its log folder says why; fix that and start again.`,
        );
        for (const page of this.#pages.values()) this.#answerPending(page);
        this.#giveUp(this.#failed);
        return;
      }
      this.restarts += 1;
      // Pages' subscriptions (and calls) wait for the next core, not the dead one's old promise.
      this.#expectReady();
      for (const [id, page] of this.#pages) {
        this.#answerPending(page);
        this.#resubscribe(id, page);
      }
      // Again at once after a first death, then waiting longer each time it dies soon again.
      setTimeout(() => this.#start(), recent.length <= 1 ? 0 : 250 * 2 ** recent.length).unref();
    });
  }

  /**
   * One promise until a core is ready: a core that dies before it is ready hands the same
   * promise to the next, so whoever waits is told once, ready or given up.
   */
  #expectReady(): void {
    if (this.#waitingForReady) return;
    this.#waitingForReady = true;
    this.#ready = new Promise((resolve, reject) => {
      this.#readyNow = resolve;
      this.#giveUp = reject;
    });
    this.#ready.catch(() => {}); // Given up is also said to every page's calls.
  }

  /** Calls the core will never answer: the page is told to try again (or why it cannot). */
  #answerPending(page: Page): void {
    const error = this.#failed
      ? { code: 'CORE_FAILED', message: this.#failed.message }
      : { code: 'CORE_RESTARTED', message: 'The station restarted while answering: try again.' };
    for (const call of page.pending) page.send(JSON.stringify({ kind: 'error', id: call, error } satisfies ServerFrame));
    page.pending.clear();
  }

  /**
   * A message to the core. One sent as it dies is lost: the calls in it are answered
   * CORE_RESTARTED when its exit is seen, so a send's own error needs nothing more.
   */
  #tell(message: HostMessage): void {
    this.#child?.post(message);
  }

  #resubscribe(id: number, page: Page): void {
    void this.#ready.then(() => {
      if (page.session !== undefined)
        this.#tell({
          conn: id,
          data: JSON.stringify({ kind: 'call', id: OWN_CALL_IDS, method: 'session.resume', params: { token: page.session } }),
        });
      for (const topic of page.topics) this.#tell({ conn: id, data: JSON.stringify({ kind: 'subscribe', topic }) });
    });
  }
}

/**
 * A core that dies this many times this quickly is not started again: the pages are told
 * (CORE_FAILED, which the page shows over every screen with the way to its log) rather than
 * the core being started for ever.
 */
const QUICK_DEATHS = 3;
const QUICK_DEATHS_WITHIN_MS = 60_000;

/** The core process's entry: the TypeScript source in development, its bundle in a build. */
function coreEntry(): string {
  const source = fileURLToPath(new URL('./core-process.ts', import.meta.url));
  return existsSync(source) ? source : fileURLToPath(new URL('./core-process.mjs', import.meta.url));
}

/** Keeps track of a page's unanswered calls and subscriptions, from what it sends. */
function noteOutgoing(page: Page, data: string): void {
  try {
    const frame = JSON.parse(data) as {
      kind?: string;
      id?: number;
      topic?: string;
      method?: string;
      params?: { token?: unknown };
    };
    if (frame.kind === 'call' && typeof frame.id === 'number') {
      page.pending.add(frame.id);
      if (frame.method === 'session.signIn' || frame.method === 'users.firstAdmin')
        page.sessionCalls.set(frame.id, { signIn: true });
      if (frame.method === 'session.signOut') page.sessionCalls.set(frame.id, { signOut: true });
      if (frame.method === 'session.resume' && typeof frame.params?.token === 'string')
        page.sessionCalls.set(frame.id, { resume: frame.params.token });
    }
    if (frame.kind === 'subscribe' && typeof frame.topic === 'string') page.topics.add(frame.topic);
    if (frame.kind === 'unsubscribe' && typeof frame.topic === 'string') page.topics.delete(frame.topic);
  } catch {
    // Not JSON: the core answers it as a bad message.
  }
}

/** 'own': the answer to the supervisor's own call, not the page's. */
function noteIncoming(page: Page, data: string): 'own' | undefined {
  const frame = JSON.parse(data) as { kind?: string; id?: number; result?: { token?: unknown }; error?: { code?: string } };
  if ((frame.kind !== 'result' && frame.kind !== 'error') || typeof frame.id !== 'number') return undefined;
  if (frame.id === OWN_CALL_IDS) {
    // The session ended while the core was down (signed out elsewhere, too old): the page finds out at its next call.
    if (frame.kind === 'error') page.session = undefined;
    return 'own';
  }
  page.pending.delete(frame.id);
  const call = page.sessionCalls.get(frame.id);
  page.sessionCalls.delete(frame.id);
  if (call && frame.kind === 'result') {
    if (call.signIn && typeof frame.result?.token === 'string') page.session = frame.result.token;
    if (call.resume) page.session = call.resume;
    if (call.signOut) page.session = undefined;
  }
  return undefined;
}
