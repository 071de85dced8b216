/**
 * Who is at the desk: signing in and out, the idle lock, and the first run's admin. The
 * page keeps the session's token for its tab (sessionStorage), so a reload or a restarted
 * core resumes the session instead of asking again; the core keeps only the token's hash.
 */
import { z } from 'zod';
import { everyone, method } from './spec.ts';

export const roleName = z.enum(['operator', 'supervisor', 'technician', 'admin']);

const signInName = z.string().trim().min(1).max(40);
const secret = z.string().min(1).max(200);

/** A person as the desk shows them: never their secret. */
export const person = z.object({
  id: z.number().int().positive(),
  name: z.string(),
  displayName: z.string(),
  role: roleName,
});

const session = z.object({
  user: person,
  /** Set while the desk is locked: the same person's secret opens it, or someone else signs in. */
  locked: z.boolean(),
  /** How long without a key or a click before the core locks the desk. */
  idleLockMs: z.number().int().positive(),
});

export const sessionMethods = {
  /** Whether this page has someone signed in, and whether the station has any users yet (the first run's admin). */
  'session.status': method({
    params: z.object({}).strict(),
    result: z.object({ session: session.optional(), firstAdminNeeded: z.boolean() }),
    roles: everyone,
    session: 'open',
  }),
  /**
   * Signs in with a name and a password or PIN: SIGN_IN_FAILED (with the tries left) or
   * USER_LOCKED ("locked until 10:42"). A locked desk's session is ended by someone else's sign-in.
   */
  'session.signIn': method({
    params: z.object({ name: signInName, secret }).strict(),
    result: z.object({ token: z.string(), session }),
    roles: everyone,
    session: 'signs-in',
  }),
  /** Picks up this tab's session after a reload or a restarted core; SESSION_ENDED when it is over. */
  'session.resume': method({
    params: z.object({ token: z.string().min(20).max(100) }).strict(),
    result: session,
    roles: everyone,
    session: 'signs-in',
  }),
  /** Someone typed or clicked: the idle clock starts again (the page sends this at most every few seconds). */
  'session.touch': method({
    params: z.object({}).strict(),
    result: session,
    roles: everyone,
    session: 'locked',
  }),
  /** Locks the desk now: stepping away from the counter. */
  'session.lock': method({
    params: z.object({}).strict(),
    result: session,
    roles: everyone,
    session: 'locked',
  }),
  /** Opens the locked desk with the secret of the person signed in. */
  'session.unlock': method({
    params: z.object({ secret }).strict(),
    result: session,
    roles: everyone,
    session: 'locked',
  }),
  'session.signOut': method({
    params: z.object({}).strict(),
    result: z.object({ signedOut: z.literal(true) }),
    roles: everyone,
    session: 'locked',
  }),
  /**
   * The first run's admin, on a station with no users yet (USERS_EXIST after that), signed
   * in at once. Open, as nobody can sign in before it; the desk's launch token still guards it.
   */
  'users.firstAdmin': method({
    params: z.object({ name: signInName, displayName: z.string().trim().min(1).max(80).optional(), secret }).strict(),
    result: z.object({ token: z.string(), session }),
    roles: everyone,
    session: 'signs-in',
  }),
};

const user = person.extend({
  disabled: z.boolean(),
  /** While locked out after wrong tries: until when (epoch ms). */
  lockedUntil: z.number().int().optional(),
  createdAt: z.number().int(),
});

export const usersMethods = {
  'users.list': method({
    params: z.object({}).strict(),
    result: z.object({ users: z.array(user) }),
    roles: ['admin'],
  }),
  'users.add': method({
    params: z
      .object({ name: signInName, displayName: z.string().trim().min(1).max(80).optional(), role: roleName, secret })
      .strict(),
    result: user,
    roles: ['admin'],
  }),
  /** A new role, shown name or secret, access closed or reopened, a lockout ended. Ends the user's sessions when their role, access or secret changes. */
  'users.change': method({
    params: z
      .object({
        id: z.number().int().positive(),
        role: roleName.optional(),
        displayName: z.string().trim().min(1).max(80).optional(),
        secret: secret.optional(),
        disabled: z.boolean().optional(),
        unlock: z.literal(true).optional(),
      })
      .strict(),
    result: user,
    roles: ['admin'],
  }),
};
