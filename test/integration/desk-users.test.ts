/**
 * Who may do what, decided by the core: the first run's admin, sign-in with its lockout,
 * the idle lock, an admin's changes to people, and every method called as every role over
 * the RPC server, each refusal recorded in the ledger.
 */
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';
import { addDemoUsers, DEMO_USERS } from '../../electron/core/demo/index.ts';
import { METHODS, ROLES, type Role } from '../../electron/core/rpc/contract/index.ts';
import { type StationHandlers, stationHandlers } from '../../electron/core/rpc/handlers/index.ts';
import { RpcServer } from '../../electron/core/rpc/server.ts';
import { DATABASE_FILE, initStation, openStation } from '../../electron/core/station/index.ts';
import { changeUser, LOCKOUT_MS } from '../../electron/core/users/index.ts';
import { EXPO_DAY_MS } from '../support/clock.ts';
import { openWithPassphrase } from '../support/desk-session.ts';
import { rawStationDatabase, testKek } from '../support/passphrase.ts';
import { tempDir } from '../support/station.ts';

type Frame = {
  kind: string;
  id?: number;
  result?: any;
  error?: { code: string; message: string; details?: Record<string, unknown> };
};

const IDLE_MS = 10 * 60_000;

let open: StationHandlers | undefined;
afterEach(() => {
  open?.close();
  open = undefined;
});

/** A station (with the demo users, unless `empty`) and a clock the test moves by hand. */
async function station(options: { empty?: boolean } = {}) {
  const dataDir = join(tempDir('badge-desk-users-'), 'station');
  let now = EXPO_DAY_MS;
  const clock = () => now;
  const made = initStation(dataDir, '7', 'system:test', testKek(), { clock });
  if (!options.empty) await addDemoUsers(made, 'system:test');
  made.close();
  open = stationHandlers(dataDir, { clock, sessions: { idleMs: IDLE_MS } });
  const server = new RpcServer(open.handlers, { gate: open.gate });
  await openWithPassphrase(server);
  return {
    dataDir,
    advance: (ms: number) => {
      now += ms;
    },
    now: () => now,
    /** A page: its own connection to the same core. */
    page() {
      const frames: Frame[] = [];
      const connection = server.connect((text) => frames.push(JSON.parse(text) as Frame));
      let next = 1;
      const call = async (method: string, params: unknown = {}): Promise<Frame> => {
        const id = next++;
        await connection.receive(JSON.stringify({ kind: 'call', id, method, params }));
        const answer = frames.find((frame) => frame.id === id);
        if (!answer) throw new Error(`no answer to ${method}`);
        return answer;
      };
      const as = async (role: Role) => {
        const user = DEMO_USERS.find((candidate) => candidate.role === role);
        const answer = await call('session.signIn', { name: user?.name, secret: user?.secret });
        if (answer.error) throw new Error(`${role}: ${answer.error.code}`);
        return answer.result as { token: string };
      };
      return { call, as };
    },
    /** The ledger's events of these types, read from the database file as an auditor would. */
    ledger(...types: string[]) {
      open?.close();
      const db = rawStationDatabase(join(dataDir, DATABASE_FILE), { readonly: true });
      try {
        return db
          .prepare(
            `SELECT type, actor, subject, data FROM ledger_events WHERE type IN (${types.map(() => '?').join(',')}) ORDER BY seq`,
          )
          .all(...types) as { type: string; actor: string; subject: string | null; data: string }[];
      } finally {
        db.close();
      }
    },
  };
}

describe('the first run’s admin', () => {
  it('is asked for on a station with nobody, signed in at once, and cannot be made twice', async () => {
    const desk = await station({ empty: true });
    const page = desk.page();
    expect((await page.call('session.status')).result).toEqual({ firstAdminNeeded: true });
    expect((await page.call('roster.page', { offset: 0, limit: 10 })).error?.code).toBe('NOT_SIGNED_IN');
    expect(
      (await page.call('users.firstAdmin', { name: 'chen.jie', displayName: 'Chen Jie', secret: '123456' })).error,
    ).toMatchObject({ code: 'SECRET_TOO_WEAK' });
    const made = await page.call('users.firstAdmin', { name: 'chen.jie', displayName: 'Chen Jie', secret: 'counter-7-admin' });
    expect(made.result).toMatchObject({
      token: expect.any(String),
      session: { user: { name: 'chen.jie', displayName: 'Chen Jie', role: 'admin' }, locked: false, idleLockMs: IDLE_MS },
    });
    expect((await page.call('users.list')).result.users).toHaveLength(1);

    const other = desk.page();
    expect((await other.call('users.firstAdmin', { name: 'someone', secret: 'another-admin-1' })).error).toMatchObject({
      code: 'USERS_EXIST',
    });
    expect((await other.call('session.status')).result).toEqual({ firstAdminNeeded: false });

    // The secret is kept as a salted scrypt hash only.
    open?.close();
    const db = rawStationDatabase(join(desk.dataDir, DATABASE_FILE), { readonly: true });
    const kept = db.prepare('SELECT secret FROM users').pluck().get() as string;
    db.close();
    expect(kept).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(kept).not.toContain('counter-7-admin');
  });
});

describe('signing in', () => {
  it('counts wrong tries down, locks the name for 15 minutes at the fifth, records each, and lets it in after', async () => {
    const desk = await station();
    const page = desk.page();
    for (const left of [4, 3, 2, 1]) {
      const refused = await page.call('session.signIn', { name: 'operator', secret: 'not-the-pin' });
      expect(refused.error).toMatchObject({ code: 'SIGN_IN_FAILED', details: { triesLeft: left } });
    }
    const locked = await page.call('session.signIn', { name: 'OPERATOR', secret: 'not-the-pin' });
    expect(locked.error).toMatchObject({
      code: 'USER_LOCKED',
      message: expect.stringMatching(/locked until \d\d:\d\d\. Wait, or ask an admin to unlock it\./),
      details: { lockedUntil: desk.now() + LOCKOUT_MS },
    });
    // The right secret is no way round a lockout.
    expect((await page.call('session.signIn', { name: 'operator', secret: 'demo-operator' })).error?.code).toBe('USER_LOCKED');
    desk.advance(LOCKOUT_MS + 1);
    expect((await page.call('session.signIn', { name: 'operator', secret: 'demo-operator' })).result).toMatchObject({
      session: { user: { name: 'operator', role: 'operator' } },
    });
    // A name nobody has is refused the same way, and what was typed is not recorded.
    expect((await desk.page().call('session.signIn', { name: 'my-secret-pin-typed-here', secret: 'x' })).error).toEqual({
      code: 'SIGN_IN_FAILED',
      message: 'That name and password do not match: try again.',
    });

    const recorded = desk.ledger('SIGN_IN_REFUSED', 'USER_LOCKED_OUT', 'USER_SIGNED_IN');
    expect(recorded.map((event) => event.type)).toEqual([
      'SIGN_IN_REFUSED',
      'SIGN_IN_REFUSED',
      'SIGN_IN_REFUSED',
      'SIGN_IN_REFUSED',
      'USER_LOCKED_OUT',
      'SIGN_IN_REFUSED',
      'USER_SIGNED_IN',
      'SIGN_IN_REFUSED',
    ]);
    expect(JSON.parse(recorded[5]?.data ?? '{}')).toMatchObject({ reason: 'locked' });
    expect(JSON.stringify(recorded)).not.toContain('my-secret-pin-typed-here');
    expect(JSON.stringify(recorded)).not.toContain('not-the-pin');
  });

  it('locks a desk left idle: calls are refused until its person types their secret, or someone else signs in and ends it', async () => {
    const desk = await station();
    const page = desk.page();
    const { token } = await page.as('operator');
    expect((await page.call('roster.page', { offset: 0, limit: 1 })).result).toMatchObject({ total: 0 });
    desk.advance(IDLE_MS - 1000);
    expect((await page.call('session.touch')).result).toMatchObject({ locked: false });
    desk.advance(IDLE_MS - 1000);
    expect((await page.call('roster.page', { offset: 0, limit: 1 })).error?.code).toBeUndefined();
    desk.advance(IDLE_MS + 1);
    expect((await page.call('roster.page', { offset: 0, limit: 1 })).error).toMatchObject({
      code: 'SESSION_LOCKED',
      message: expect.stringContaining('Wang Fang 王芳 types their password to go on'),
    });
    expect((await page.call('session.status')).result.session).toMatchObject({ locked: true, user: { name: 'operator' } });
    // Another person's secret does not open it.
    expect((await page.call('session.unlock', { secret: 'demo-supervisor' })).error?.code).toBe('SIGN_IN_FAILED');
    expect((await page.call('session.unlock', { secret: 'demo-operator' })).result).toMatchObject({ locked: false });
    expect((await page.call('roster.page', { offset: 0, limit: 1 })).error).toBeUndefined();

    // Locked by hand, then someone else signs in at that desk: the operator's session is over.
    expect((await page.call('session.lock')).result).toMatchObject({ locked: true });
    await page.as('supervisor');
    const later = desk.page();
    expect((await later.call('session.resume', { token })).error?.code).toBe('SESSION_ENDED');
    // A reload of the supervisor's tab picks their session up again.
    expect((await page.call('session.status')).result.session).toMatchObject({ user: { role: 'supervisor' }, locked: false });
  });
});

describe('roles, enforced by the core', () => {
  it('calls every method as every role: refused (and recorded) exactly where the contract does not list the role', async () => {
    const desk = await station();
    let refusals = 0;
    // The session's own methods sign in, out and lock: they are open to all and tried above.
    const methods = Object.entries(METHODS).filter(([, spec]) => !('session' in spec));
    expect(methods.length).toBeGreaterThan(40);
    for (const role of ROLES) {
      const page = desk.page();
      await page.as(role);
      for (const [name, spec] of methods) {
        // Params no method takes: a caller the role allows is told BAD_PARAMS, one it does not is refused first.
        const answer = await page.call(name, { notAParam: true });
        if ((spec.roles as readonly string[]).includes(role)) expect(answer.error?.code, `${name} as ${role}`).toBe('BAD_PARAMS');
        else {
          expect(answer.error, `${name} as ${role}`).toMatchObject({
            code: 'ROLE_REFUSED',
            message: expect.stringContaining(`is signed in as ${role}, and ${name} is for ${spec.roles.join(', ')}`),
          });
          refusals += 1;
        }
      }
    }
    // Each role is refused something, and the admin nothing.
    expect(refusals).toBeGreaterThan(20);
    const recorded = desk.ledger('ACCESS_REFUSED');
    expect(recorded).toHaveLength(refusals);
    expect(JSON.parse(recorded[0]?.data ?? '{}')).toMatchObject({ method: expect.any(String), role: expect.any(String) });
    expect(recorded.some((event) => event.actor.startsWith('user:') && JSON.parse(event.data).role === 'admin')).toBe(false);
  });

  it('refuses every method but the open ones to a page nobody signed in at', async () => {
    const desk = await station();
    const page = desk.page();
    for (const [name, spec] of Object.entries(METHODS)) {
      const answer = await page.call(name, { notAParam: true });
      const open = 'session' in spec && (spec.session === 'open' || spec.session === 'signs-in');
      expect(answer.error?.code, name).toBe(open ? 'BAD_PARAMS' : 'NOT_SIGNED_IN');
    }
  });
});

describe('the admin’s Users screen calls', () => {
  it('adds, refuses a name taken or a weak secret, and a changed role or closed access signs the person out', async () => {
    const desk = await station();
    const admin = desk.page();
    await admin.as('admin');
    const added = await admin.call('users.add', {
      name: 'zhao.lei',
      displayName: '赵磊',
      role: 'operator',
      secret: 'zl-2026-counter',
    });
    expect(added.result).toMatchObject({ name: 'zhao.lei', displayName: '赵磊', role: 'operator', disabled: false });
    expect((await admin.call('users.add', { name: 'ZHAO.LEI', role: 'operator', secret: 'another-secret' })).error?.code).toBe(
      'USER_EXISTS',
    );
    expect((await admin.call('users.add', { name: 'li.ming', role: 'operator', secret: '000000' })).error?.code).toBe(
      'SECRET_TOO_WEAK',
    );
    expect((await admin.call('users.add', { name: 'has space', role: 'operator', secret: 'zl-2026-counter' })).error?.code).toBe(
      'USAGE',
    );

    const counter = desk.page();
    expect((await counter.call('session.signIn', { name: 'zhao.lei', secret: 'zl-2026-counter' })).error).toBeUndefined();
    expect((await counter.call('print.jobs', {})).error).toBeUndefined();
    expect((await admin.call('users.change', { id: added.result.id, role: 'supervisor' })).result).toMatchObject({
      role: 'supervisor',
    });
    expect((await counter.call('print.jobs', {})).error?.code).toBe('SESSION_ENDED');
    expect((await counter.call('session.signIn', { name: 'zhao.lei', secret: 'zl-2026-counter' })).result).toMatchObject({
      session: { user: { role: 'supervisor' } },
    });
    expect((await admin.call('users.change', { id: added.result.id, disabled: true })).result).toMatchObject({ disabled: true });
    expect((await counter.call('print.jobs', {})).error?.code).toBe('SESSION_ENDED');
    expect((await counter.call('session.signIn', { name: 'zhao.lei', secret: 'zl-2026-counter' })).error?.code).toBe(
      'SIGN_IN_FAILED',
    );
    // An admin does not close their own access.
    const me = (await admin.call('session.status')).result.session.user.id;
    expect((await admin.call('users.change', { id: me, disabled: true })).error?.code).toBe('USAGE');

    const changes = desk.ledger('USER_ADDED', 'USER_CHANGED');
    expect(changes.slice(-3).map((event) => [event.type, JSON.parse(event.data)])).toEqual([
      ['USER_ADDED', { user: added.result.id, role: 'operator' }],
      ['USER_CHANGED', { user: added.result.id, role: 'supervisor' }],
      ['USER_CHANGED', { user: added.result.id, disabled: true }],
    ]);
    expect(JSON.stringify(changes)).not.toContain('zl-2026-counter');
  });

  it('never leaves a station without an admin who can sign in', async () => {
    const desk = await station();
    open?.close();
    const opened = openStation(desk.dataDir, 'test', { kek: testKek() });
    try {
      const admin = DEMO_USERS.findIndex((user) => user.role === 'admin') + 1;
      await expect(changeUser(opened, admin, { role: 'operator' }, 'system:test')).rejects.toMatchObject({ code: 'LAST_ADMIN' });
      await expect(changeUser(opened, admin, { disabled: true }, 'system:test')).rejects.toMatchObject({ code: 'LAST_ADMIN' });
    } finally {
      opened.close();
    }
  });
});
