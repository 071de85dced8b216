/**
 * Who is at the desk, and the gate every call passes: the core, not the page, decides who
 * may do what. A method needs a signed-in session that is not locked, with a role the
 * contract lists for it; a refused role is recorded in the ledger (ACCESS_REFUSED) before
 * the caller is told.
 */
import { StationError } from '../../errors.ts';
import {
  addUser,
  type Caller,
  changeUser,
  checkCredentials,
  countUsers,
  listUsers,
  type SessionView,
  type User,
} from '../../users/index.ts';
import type { Gate, Handlers } from '../server.ts';
import type { StationAccess } from './station-access.ts';

type SessionHandlers = Pick<
  Handlers,
  | 'session.status'
  | 'session.signIn'
  | 'session.resume'
  | 'session.touch'
  | 'session.lock'
  | 'session.unlock'
  | 'session.signOut'
  | 'users.firstAdmin'
  | 'users.list'
  | 'users.add'
  | 'users.change'
>;

export function sessionGate(access: StationAccess): Gate {
  const current = (token: string) => access.sessions().current(token);
  return {
    admit(token, method, rule) {
      if (rule.session === 'open' || rule.session === 'signs-in') {
        if (token === undefined || !access.exists()) return undefined;
        try {
          const session = current(token);
          return session.lockedAt === undefined ? session.caller : undefined;
        } catch {
          return undefined;
        }
      }
      if (token === undefined) throw new StationError('NOT_SIGNED_IN', 'Nobody is signed in at this desk: sign in first.');
      const session = sessionWhileBusy(access, token);
      if (session.lockedAt !== undefined && rule.session !== 'locked')
        throw new StationError(
          'SESSION_LOCKED',
          `The desk is locked: ${session.caller.displayName} types their password to go on, or someone else signs in.`,
        );
      if (!rule.roles.includes(session.caller.role)) {
        // While an import holds the database the refusal cannot be written: it is refused all the same.
        if (!busy(access))
          access.station().ledger.append({
            type: 'ACCESS_REFUSED',
            actor: session.caller.actor,
            data: { method, role: session.caller.role },
          });
        throw new StationError(
          'ROLE_REFUSED',
          `${session.caller.displayName} is signed in as ${session.caller.role}, and ${method} is for ${rule.roles.join(', ')}: ask one of them to do it.`,
          { role: session.caller.role },
        );
      }
      return session.caller;
    },
    hears(token, rule) {
      if (rule.session === 'open') return true;
      if (token === undefined || !access.exists()) return false;
      const caller = access.sessions().peek(token);
      return caller !== undefined && rule.roles.includes(caller.role);
    },
  };
}

function busy(access: StationAccess): boolean {
  try {
    access.station();
    return false;
  } catch (error) {
    if (error instanceof StationError && error.code === 'STATION_BUSY') return true;
    throw error;
  }
}

/**
 * The session behind a token. While an import holds the database (STATION_BUSY) it cannot
 * be looked up there: the session as this core last saw it stands in, so the page can still
 * send the next roster's pieces and hear the import's progress; the calls that need the
 * database are told STATION_BUSY, with how far the import is, by their own handlers.
 */
function sessionWhileBusy(access: StationAccess, token: string): SessionView {
  try {
    return access.sessions().current(token);
  } catch (error) {
    if (!(error instanceof StationError) || error.code !== 'STATION_BUSY') throw error;
    const seen = access.sessions().peek(token);
    if (!seen) {
      access.station();
      throw error;
    }
    return { caller: seen, startedAt: 0 };
  }
}

/** The actor a handler records: the signed-in caller the gate let through. */
export function actorOf(call: { caller: Caller | undefined }): string {
  if (!call.caller) throw new StationError('NOT_SIGNED_IN', 'Nobody is signed in at this desk: sign in first.');
  return call.caller.actor;
}

export function sessionHandlers(access: StationAccess): SessionHandlers {
  const shown = (view: SessionView) => ({
    user: { id: view.caller.user, name: view.caller.name, displayName: view.caller.displayName, role: view.caller.role },
    locked: view.lockedAt !== undefined,
    idleLockMs: access.sessions().idleMs,
  });
  const token = (call: { session: { token: string | undefined } }) => {
    if (call.session.token === undefined)
      throw new StationError('NOT_SIGNED_IN', 'Nobody is signed in at this desk: sign in first.');
    return call.session.token;
  };
  const listed = (user: User) => ({
    id: user.id,
    name: user.name,
    displayName: user.displayName,
    role: user.role,
    disabled: user.disabled,
    ...(user.lockedUntil === undefined ? {} : { lockedUntil: user.lockedUntil }),
    createdAt: user.createdAt,
  });
  return {
    'session.status': (_params, call) => {
      const firstAdminNeeded = countUsers(access.station()) === 0;
      if (call.session.token === undefined) return { firstAdminNeeded };
      try {
        return { session: shown(access.sessions().current(call.session.token)), firstAdminNeeded };
      } catch (error) {
        if (!(error instanceof StationError) || error.code !== 'SESSION_ENDED') throw error;
        call.session.set(undefined);
        return { firstAdminNeeded };
      }
    },
    'session.signIn': async ({ name, secret }, call) => {
      const sessions = access.sessions();
      const user = await checkCredentials(access.station(), name, secret, 'sign-in');
      // Someone else signing in at a locked desk ends the session that was there.
      if (call.session.token !== undefined) sessions.signOut(call.session.token);
      const signedIn = sessions.start(user);
      call.session.set(signedIn.token);
      return { token: signedIn.token, session: shown(signedIn.session) };
    },
    'session.resume': ({ token: resumed }, call) => {
      const view = access.sessions().current(resumed);
      call.session.set(resumed);
      return shown(view);
    },
    'session.touch': (_params, call) => shown(access.sessions().touch(token(call))),
    'session.lock': (_params, call) => shown(access.sessions().lock(token(call))),
    'session.unlock': async ({ secret }, call) => shown(await access.sessions().unlock(token(call), secret)),
    'session.signOut': (_params, call) => {
      access.sessions().signOut(token(call));
      call.session.set(undefined);
      return { signedOut: true as const };
    },
    'users.firstAdmin': async ({ name, displayName, secret }, call) => {
      const station = access.station();
      const admin = await addUser(
        station,
        { name, role: 'admin', secret, ...(displayName === undefined ? {} : { displayName }) },
        'system:desk',
        { onlyIfFirst: true },
      );
      const signedIn = access.sessions().start(admin);
      call.session.set(signedIn.token);
      return { token: signedIn.token, session: shown(signedIn.session) };
    },
    'users.list': () => ({ users: listUsers(access.station()).map(listed) }),
    'users.add': async ({ name, displayName, role, secret }, call) =>
      listed(
        await addUser(
          access.station(),
          { name, role, secret, ...(displayName === undefined ? {} : { displayName }) },
          actorOf(call),
        ),
      ),
    'users.change': async ({ id, ...change }, call) => {
      if (call.caller?.user === id && (change.disabled === true || (change.role !== undefined && change.role !== 'admin')))
        throw new StationError(
          'USAGE',
          'An admin does not close their own access or take away their own role: another admin does.',
        );
      return listed(await changeUser(access.station(), id, change, actorOf(call)));
    },
  };
}
