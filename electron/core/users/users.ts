/**
 * The people who work the desk: operators, supervisors, technicians and admins, each with a
 * sign-in name and a password or PIN (secrets.ts), and what the station does when the
 * secret is wrong: five refusals in a row lock the name for fifteen minutes ("locked until
 * 10:42"), told to the user and recorded.
 *
 * The ledger names people by `user:<id>` only (ledger.ts: never a person's name); the names
 * stay in the users table, where a report looks them up.
 */
import { StationError } from '../errors.ts';
import type { Station } from '../station/index.ts';
import { checkSecretStrength, decoyHash, hashSecret, secretMatches } from './secrets.ts';

export const USER_ROLES = ['operator', 'supervisor', 'technician', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** Refusals in a row before the lockout, and how long it lasts. */
export const LOCKOUT_AFTER = 5;
export const LOCKOUT_MS = 15 * 60_000;

export interface User {
  id: number;
  /** What they type to sign in (any letters, digits, `.`, `_`, `-`), unique whatever its case. */
  name: string;
  /** What the desk shows: "Wang Fang". */
  displayName: string;
  role: UserRole;
  disabled: boolean;
  /** While locked out: until when (epoch ms). */
  lockedUntil?: number;
  createdAt: number;
}

interface UserRow {
  id: number;
  name: string;
  display_name: string;
  role: UserRole;
  secret: string;
  failures: number;
  locked_until: number | null;
  disabled_at: number | null;
  created_at: number;
}

export interface NewUser {
  name: string;
  displayName?: string;
  role: UserRole;
  secret: string;
}

const NAME = /^[\p{L}\p{N}._-]{2,40}$/u;

/** The ledger's name for a user. */
export function userActor(id: number): string {
  return `user:${id}`;
}

function toUser(row: UserRow, now: number): User {
  return {
    id: row.id,
    name: row.name,
    displayName: row.display_name,
    role: row.role,
    disabled: row.disabled_at !== null,
    ...(row.locked_until !== null && row.locked_until > now ? { lockedUntil: row.locked_until } : {}),
    createdAt: row.created_at,
  };
}

function row(station: Station, where: 'id' | 'name', value: number | string): UserRow | undefined {
  return station.db.statement(`SELECT * FROM users WHERE ${where} = ?`).get(value) as UserRow | undefined;
}

export function countUsers(station: Station): number {
  return (station.db.statement('SELECT count(*) AS n FROM users').get() as { n: number }).n;
}

export function listUsers(station: Station): User[] {
  const now = station.clock();
  return (station.db.statement('SELECT * FROM users ORDER BY role, name').all() as UserRow[]).map((r) => toUser(r, now));
}

export function findUser(station: Station, id: number): User {
  const found = row(station, 'id', id);
  if (!found) throw new StationError('USER_NOT_FOUND', `There is no user ${id}: reload the list of users.`);
  return toUser(found, station.clock());
}

function checkNewUser(user: NewUser): void {
  if (!NAME.test(user.name))
    throw new StationError(
      'USAGE',
      `"${user.name}" cannot be a sign-in name: use 2 to 40 letters, digits, dots, dashes or underscores, no spaces.`,
    );
  if (user.displayName !== undefined && (user.displayName.trim() === '' || user.displayName.length > 80))
    throw new StationError('USAGE', 'A shown name has 1 to 80 characters.');
  checkSecretStrength(user.secret);
}

/**
 * Adds a user; USER_EXISTS when the name is taken (whatever its case). `onlyIfFirst`: the
 * first run's admin, refused (USERS_EXIST) once anyone has been added, so an open desk
 * cannot make itself a second admin.
 */
export async function addUser(
  station: Station,
  user: NewUser,
  actor: string,
  options: { onlyIfFirst?: boolean } = {},
): Promise<User> {
  checkNewUser(user);
  // Hashed before the transaction: the hash takes a tenth of a second on the thread pool.
  const secret = await hashSecret(user.secret);
  return station.db.transaction(() => {
    if (options.onlyIfFirst && countUsers(station) > 0)
      throw new StationError('USERS_EXIST', 'This station already has its admin: sign in, or ask the admin to add you.');
    if (row(station, 'name', user.name))
      throw new StationError('USER_EXISTS', `There is already a user called "${user.name}": choose another name.`);
    const now = station.clock();
    const id = Number(
      station.db
        .statement('INSERT INTO users (name, display_name, role, secret, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(user.name, (user.displayName ?? user.name).trim(), user.role, secret, now).lastInsertRowid,
    );
    station.ledger.append({
      type: 'USER_ADDED',
      actor: options.onlyIfFirst ? userActor(id) : actor,
      subject: userActor(id),
      data: { user: id, role: user.role, ...(options.onlyIfFirst ? { first: true } : {}) },
      at: now,
    });
    return toUser(row(station, 'id', id) as UserRow, now);
  });
}

export interface UserChange {
  role?: UserRole;
  displayName?: string;
  secret?: string;
  /** Closes (true) or reopens (false) the user's access; their sessions end. */
  disabled?: boolean;
  /** Ends a lockout now. */
  unlock?: boolean;
}

/** An admin's change to a user; LAST_ADMIN when it would leave the station without an admin who can sign in. */
export async function changeUser(station: Station, id: number, change: UserChange, actor: string): Promise<User> {
  if (change.secret !== undefined) checkSecretStrength(change.secret);
  if (change.displayName !== undefined && (change.displayName.trim() === '' || change.displayName.length > 80))
    throw new StationError('USAGE', 'A shown name has 1 to 80 characters.');
  const secret = change.secret === undefined ? undefined : await hashSecret(change.secret);
  return station.db.transaction(() => {
    const before = row(station, 'id', id);
    if (!before) throw new StationError('USER_NOT_FOUND', `There is no user ${id}: reload the list of users.`);
    const now = station.clock();
    const stillAdmin = (change.role ?? before.role) === 'admin' && !(change.disabled ?? before.disabled_at !== null);
    if (before.role === 'admin' && before.disabled_at === null && !stillAdmin) {
      const admins = station.db
        .statement(`SELECT count(*) AS n FROM users WHERE role = 'admin' AND disabled_at IS NULL AND id != ?`)
        .get(id) as { n: number };
      if (admins.n === 0) throw new StationError('LAST_ADMIN', 'This is the station’s only admin: make another admin first.');
    }
    const changed: Record<string, string | boolean> = {};
    if (change.role !== undefined && change.role !== before.role) changed.role = change.role;
    if (change.displayName !== undefined) changed.displayName = true;
    if (secret !== undefined) changed.secret = true;
    if (change.disabled !== undefined && change.disabled !== (before.disabled_at !== null)) changed.disabled = change.disabled;
    if (change.unlock && before.locked_until !== null) changed.unlocked = true;
    station.db
      .statement(
        `UPDATE users SET role = ?, display_name = ?, secret = ?, disabled_at = ?, failures = ?, locked_until = ? WHERE id = ?`,
      )
      .run(
        change.role ?? before.role,
        change.displayName?.trim() ?? before.display_name,
        secret ?? before.secret,
        change.disabled === undefined ? before.disabled_at : change.disabled ? now : null,
        change.unlock || secret !== undefined ? 0 : before.failures,
        change.unlock || secret !== undefined ? null : before.locked_until,
        id,
      );
    // A role or access that changed ends the user's sessions: they sign in again as what they now are.
    if (changed.role !== undefined || changed.disabled === true || changed.secret)
      station.db.statement('UPDATE sessions SET ended_at = ? WHERE user = ? AND ended_at IS NULL').run(now, id);
    if (Object.keys(changed).length > 0)
      station.ledger.append({ type: 'USER_CHANGED', actor, subject: userActor(id), data: { user: id, ...changed }, at: now });
    return toUser(row(station, 'id', id) as UserRow, now);
  });
}

/**
 * The shown names of the people the ledger names as `user:<id>`: for a history or a report
 * to say who, while the ledger itself keeps only the number.
 */
export function peopleByActor(station: Station): (actor: string) => string | undefined {
  const names = new Map(
    (station.db.statement('SELECT id, display_name FROM users').all() as { id: number; display_name: string }[]).map((row) => [
      userActor(row.id),
      row.display_name,
    ]),
  );
  return (actor) => names.get(actor);
}

/** "10:42": when a lockout ends, in the computer's own time (the desk shows its own). */
function clockTime(at: number): string {
  return new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' }).format(at);
}

function lockedError(until: number): StationError {
  return new StationError(
    'USER_LOCKED',
    `Too many wrong tries: this user is locked until ${clockTime(until)}. Wait, or ask an admin to unlock it.`,
    { lockedUntil: until },
  );
}

/**
 * Checks a name and secret, as a sign-in, an unlock or a supervisor's approval does: the
 * user, or SIGN_IN_FAILED / USER_LOCKED, each refusal recorded (and why it was asked).
 */
export async function checkCredentials(
  station: Station,
  name: string,
  secret: string,
  purpose: 'sign-in' | 'unlock' | 'approval',
): Promise<User> {
  const found = row(station, 'name', name.trim());
  const refuse = (data: Record<string, string | number>) =>
    station.ledger.append({
      type: 'SIGN_IN_REFUSED',
      actor: 'system',
      subject: found ? userActor(found.id) : null,
      data: { purpose, ...data },
    });
  if (!found) {
    await secretMatches(secret, await decoyHash());
    // The name typed is not recorded: it may be a password typed in the wrong box.
    refuse({ reason: 'unknown-name' });
    throw new StationError('SIGN_IN_FAILED', 'That name and password do not match: try again.');
  }
  const before = station.clock();
  if (found.locked_until !== null && found.locked_until > before) {
    refuse({ user: found.id, reason: 'locked' });
    throw lockedError(found.locked_until);
  }
  if (found.disabled_at !== null) {
    await secretMatches(secret, found.secret);
    refuse({ user: found.id, reason: 'disabled' });
    throw new StationError('SIGN_IN_FAILED', 'This user’s access is closed: ask an admin.');
  }
  const matches = await secretMatches(secret, found.secret);
  // The count and the record land first; the refusal is thrown after (a throw inside the
  // transaction would roll both back, and the lockout would never come).
  const outcome = station.db.transaction((): User | StationError => {
    const now = station.clock();
    const current = row(station, 'id', found.id) as UserRow;
    if (matches) {
      if (current.failures > 0 || current.locked_until !== null)
        station.db.statement('UPDATE users SET failures = 0, locked_until = NULL WHERE id = ?').run(found.id);
      return toUser({ ...current, failures: 0, locked_until: null }, now);
    }
    const failures = current.failures + 1;
    if (failures >= LOCKOUT_AFTER) {
      const until = now + LOCKOUT_MS;
      station.db.statement('UPDATE users SET failures = 0, locked_until = ? WHERE id = ?').run(until, found.id);
      station.ledger.append({
        type: 'USER_LOCKED_OUT',
        actor: 'system',
        subject: userActor(found.id),
        data: { user: found.id, until, purpose },
        at: now,
      });
      return lockedError(until);
    }
    station.db.statement('UPDATE users SET failures = ? WHERE id = ?').run(failures, found.id);
    refuse({ user: found.id, reason: 'wrong-secret' });
    const left = LOCKOUT_AFTER - failures;
    return new StationError(
      'SIGN_IN_FAILED',
      `That name and password do not match: try again (${left} ${left === 1 ? 'try' : 'tries'} before a ${LOCKOUT_MS / 60_000}-minute lockout).`,
      { triesLeft: left },
    );
  });
  if (outcome instanceof StationError) throw outcome;
  return outcome;
}
