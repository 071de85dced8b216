/**
 * Who is signed in at a desk: a session per sign-in, named by a random token the page keeps
 * for the tab (so a reload or a restarted core resumes it) and the station keeps only as
 * its SHA-256.
 *
 * Idle lock: a session not touched for `idleMs` (the page touches it when someone types or
 * clicks, at most every few seconds, and never on its own timers) is locked: every call is
 * refused with SESSION_LOCKED until the same person types their secret again, or someone
 * else signs in, which ends it. A session ends by sign-out, by an admin changing the user,
 * or after `maxMs` (a long shift) whatever its use.
 */
import { createHash, randomBytes } from 'node:crypto';
import { StationError } from '../errors.ts';
import type { Station } from '../station/index.ts';
import { checkCredentials, type User, type UserRole, userActor } from './users.ts';

export const DEFAULT_IDLE_MS = 10 * 60_000;
export const DEFAULT_MAX_MS = 14 * 3600_000;
/** last_seen reaches the database at most this often: a restarted core may think a desk idle a little early, never late. */
const PERSIST_EVERY_MS = 30_000;

export interface SessionOptions {
  idleMs?: number;
  maxMs?: number;
}

/** Who a call comes from, as the core's methods see them. */
export interface Caller {
  user: number;
  name: string;
  displayName: string;
  role: UserRole;
  /** The ledger's name for them. */
  actor: string;
}

export interface SessionView {
  caller: Caller;
  startedAt: number;
  /** Set while the desk is locked: only this person's secret opens it. */
  lockedAt?: number;
}

interface Held {
  hash: Buffer;
  caller: Caller;
  startedAt: number;
  lastSeen: number;
  persistedSeen: number;
  lockedAt: number | null;
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

function callerOf(user: Pick<User, 'id' | 'name' | 'displayName' | 'role'>): Caller {
  return { user: user.id, name: user.name, displayName: user.displayName, role: user.role, actor: userActor(user.id) };
}

export class Sessions {
  readonly #station: Station;
  readonly #idleMs: number;
  readonly #maxMs: number;
  /** The sessions this core has seen, by token hash; the database has the rest. */
  readonly #held = new Map<string, Held>();

  constructor(station: Station, options: SessionOptions = {}) {
    this.#station = station;
    this.#idleMs = options.idleMs ?? DEFAULT_IDLE_MS;
    this.#maxMs = options.maxMs ?? DEFAULT_MAX_MS;
  }

  get idleMs(): number {
    return this.#idleMs;
  }

  /**
   * A session for a user whose secret was just checked (users.ts, checkCredentials) or just
   * chosen (the first run's admin): its token, for the page to keep.
   */
  start(user: User): { token: string; session: SessionView } {
    const token = randomBytes(32).toString('base64url');
    const hash = digest(token);
    const now = this.#station.clock();
    this.#station.db.transaction(() => {
      this.#station.db
        .statement('INSERT INTO sessions (token_hash, user, started_at, last_seen) VALUES (?, ?, ?, ?)')
        .run(hash, user.id, now, now);
      this.#station.ledger.append({
        type: 'USER_SIGNED_IN',
        actor: userActor(user.id),
        subject: userActor(user.id),
        data: { user: user.id, role: user.role },
        at: now,
      });
    });
    const held: Held = { hash, caller: callerOf(user), startedAt: now, lastSeen: now, persistedSeen: now, lockedAt: null };
    this.#held.set(hash.toString('hex'), held);
    return { token, session: view(held) };
  }

  /**
   * The session behind a token as it stands now, locking it first if it has been idle too
   * long; SESSION_ENDED when it is over (signed out, changed by an admin, too old).
   */
  current(token: string): SessionView {
    const held = this.#find(token);
    const now = this.#station.clock();
    if (held.lockedAt === null && now - held.lastSeen > this.#idleMs) this.#lock(held, held.lastSeen + this.#idleMs);
    return view(held);
  }

  /**
   * The session as this core last saw it, from memory alone: for deciding who hears a
   * topic's events, which must not touch the database (an import may hold it) and may be a
   * moment behind. Undefined when unknown here, ended or idle past the lock.
   */
  peek(token: string): Caller | undefined {
    const held = this.#held.get(digest(token).toString('hex'));
    if (!held || held.lockedAt !== null || this.#station.clock() - held.lastSeen > this.#idleMs) return undefined;
    return held.caller;
  }

  /** Someone is at the desk (the page saw a key or a click): the idle clock starts again. */
  touch(token: string): SessionView {
    const session = this.current(token);
    if (session.lockedAt !== undefined) return session;
    const held = this.#find(token);
    const now = this.#station.clock();
    held.lastSeen = now;
    if (now - held.persistedSeen >= PERSIST_EVERY_MS) {
      held.persistedSeen = now;
      this.#station.db.statement('UPDATE sessions SET last_seen = ? WHERE token_hash = ?').run(now, held.hash);
    }
    return view(held);
  }

  /** Locks the desk now (the person is stepping away). */
  lock(token: string): SessionView {
    const held = this.#find(token);
    if (held.lockedAt === null) this.#lock(held, this.#station.clock());
    return view(held);
  }

  /** Opens a locked desk with the secret of the person whose session it is. */
  async unlock(token: string, secret: string): Promise<SessionView> {
    const held = this.#find(token);
    await checkCredentials(this.#station, held.caller.name, secret, 'unlock');
    const now = this.#station.clock();
    held.lockedAt = null;
    held.lastSeen = now;
    held.persistedSeen = now;
    this.#station.db.statement('UPDATE sessions SET locked_at = NULL, last_seen = ? WHERE token_hash = ?').run(now, held.hash);
    return view(held);
  }

  signOut(token: string): void {
    let held: Held;
    try {
      held = this.#find(token);
    } catch {
      return;
    }
    const now = this.#station.clock();
    this.#station.db.transaction(() => {
      this.#station.db.statement('UPDATE sessions SET ended_at = ? WHERE token_hash = ?').run(now, held.hash);
      this.#station.ledger.append({
        type: 'USER_SIGNED_OUT',
        actor: held.caller.actor,
        subject: held.caller.actor,
        data: { user: held.caller.user },
        at: now,
      });
    });
    this.#held.delete(held.hash.toString('hex'));
  }

  #lock(held: Held, at: number): void {
    held.lockedAt = at;
    this.#station.db.statement('UPDATE sessions SET locked_at = ? WHERE token_hash = ?').run(at, held.hash);
  }

  /** The session, from memory or the database, checked against the database's word on whether it has ended. */
  #find(token: string): Held {
    const hash = digest(token);
    const key = hash.toString('hex');
    const stored = this.#station.db
      .statement(
        `SELECT s.started_at, s.last_seen, s.locked_at, s.ended_at, u.id, u.name, u.display_name, u.role, u.disabled_at
         FROM sessions s JOIN users u ON u.id = s.user WHERE s.token_hash = ?`,
      )
      .get(hash) as
      | {
          started_at: number;
          last_seen: number;
          locked_at: number | null;
          ended_at: number | null;
          id: number;
          name: string;
          display_name: string;
          role: UserRole;
          disabled_at: number | null;
        }
      | undefined;
    const now = this.#station.clock();
    if (!stored || stored.ended_at !== null || stored.disabled_at !== null || now - stored.started_at > this.#maxMs) {
      this.#held.delete(key);
      throw new StationError('SESSION_ENDED', 'You are signed out: sign in again.');
    }
    let held = this.#held.get(key);
    if (!held) {
      held = {
        hash,
        caller: callerOf({ id: stored.id, name: stored.name, displayName: stored.display_name, role: stored.role }),
        startedAt: stored.started_at,
        lastSeen: stored.last_seen,
        persistedSeen: stored.last_seen,
        lockedAt: stored.locked_at,
      };
      this.#held.set(key, held);
    }
    return held;
  }
}

function view(held: Held): SessionView {
  return { caller: held.caller, startedAt: held.startedAt, ...(held.lockedAt === null ? {} : { lockedAt: held.lockedAt }) };
}
