/**
 * Who runs a command: a new station open to the command line until its admin exists; then
 * every command on it asks (credentials for one command, or `login`'s session), checks the
 * person's role against the command's, and records a refusal. Secrets never come as arguments.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';
import { COMMAND_ROLES } from '../../electron/cli/context.ts';
import { commandPerson, keepCliSession } from '../../electron/cli/person.ts';
import { addDemoUsers } from '../../electron/core/demo/index.ts';
import { ROLES } from '../../electron/core/rpc/contract/index.ts';
import { DATABASE_FILE, initStation, openStation } from '../../electron/core/station/index.ts';
import { addUser, listUsers, Sessions } from '../../electron/core/users/index.ts';
import { rawStationDatabase, testKek } from '../support/passphrase.ts';
import { cli, tempDir } from '../support/station.ts';

const NOBODY = { BADGE_STATION_USER: '', BADGE_STATION_SECRET: '' };
const ADMIN = { BADGE_STATION_USER: 'chen.jie', BADGE_STATION_SECRET: 'counter-7-admin' };

describe('badge-station login and the roles of commands', () => {
  it('opens a new station to the command line until its admin is made, then asks who runs each command', async () => {
    const dataDir = join(tempDir('badge-cli-login-'), 'station');
    const as = (env: NodeJS.ProcessEnv, ...args: string[]) => cli(['--data', dataDir, ...args], env);
    expect(as(NOBODY, 'init', '--station', '7').status).toBe(0);
    // Nobody to check against yet: the command line works as before, but nothing that names a person.
    expect(as(NOBODY, 'status').status).toBe(0);
    expect(as(NOBODY, 'report').stderr).toContain('this station has nobody yet: make its admin first');

    const made = as(ADMIN, 'users', 'first-admin', '--display-name', 'Chen Jie');
    expect(made.status).toBe(0);
    expect(made.stdout).toContain("Chen Jie is station 007's admin");
    expect(as({ BADGE_STATION_USER: 'other', BADGE_STATION_SECRET: 'other-admin-9' }, 'users', 'first-admin').stderr).toContain(
      'This station already has its admin',
    );

    // Now every command asks.
    const asked = as(NOBODY, 'status');
    expect(asked.status).toBe(1);
    expect(asked.stderr).toContain(
      'Who is running this? run badge-station login, or set BADGE_STATION_USER and BADGE_STATION_SECRET, or give --credentials-file FILE.',
    );
    expect(as({ ...ADMIN, BADGE_STATION_SECRET: 'wrong' }, 'status').stderr).toContain('That name and password do not match');
    expect(as(ADMIN, '--json', 'status').json<{ ok: boolean }>().ok).toBe(true);
    // Never on the command line, where process lists and shell history keep it.
    expect(as(NOBODY, 'login', '--password', 'counter-7-admin').status).toBe(2);

    // login keeps a session for this data folder, the user's alone.
    const login = as(ADMIN, 'login');
    expect(login.stdout).toContain('Signed in as Chen Jie (admin) at station 007');
    expect(statSync(join(dataDir, 'cli-session')).mode & 0o777).toBe(0o600);
    expect(as(NOBODY, 'users', 'list').stdout).toContain('chen.jie\tChen Jie\tadmin');

    // An operator: what an operator may not do is refused, and recorded.
    const station = openStation(dataDir, 'test', { kek: testKek() });
    await addUser(station, { name: 'wang.fang', displayName: 'Wang Fang', role: 'operator', secret: 'wf-counter-3' }, 'user:1');
    station.close();
    const operator = { BADGE_STATION_USER: 'wang.fang', BADGE_STATION_SECRET: 'wf-counter-3' };
    expect(as(operator, 'search', 'x').status).toBe(0);
    const refused = as(operator, 'printers', 'add', 'Counter-2', '--demo');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('Wang Fang is signed in as operator, and printers add is for technician, admin');
    expect(as(operator, 'users', 'list').stderr).toContain('users list is for admin');

    // Ten minutes without a command: the session locks, as an idle desk does.
    let db = rawStationDatabase(join(dataDir, DATABASE_FILE));
    db.prepare('UPDATE sessions SET last_seen = last_seen - 11 * 60000 WHERE ended_at IS NULL').run();
    db.close();
    expect(as(NOBODY, 'status').stderr).toContain('Your command-line session locked after 10 minutes without a command');
    expect(as(ADMIN, 'login').status).toBe(0);
    expect(as(NOBODY, 'status').status).toBe(0);
    expect(as(NOBODY, 'logout').stdout).toContain('Signed out');
    expect(as(NOBODY, 'status').stderr).toContain('Who is running this?');

    db = rawStationDatabase(join(dataDir, DATABASE_FILE), { readonly: true });
    const events = db
      .prepare(
        `SELECT type, data FROM ledger_events WHERE type IN ('ACCESS_REFUSED', 'USER_SIGNED_IN', 'USER_SIGNED_OUT') ORDER BY seq`,
      )
      .all() as {
      type: string;
      data: string;
    }[];
    db.close();
    // The second login ended the locked session before opening its own.
    expect(events.map((event) => event.type)).toEqual([
      'USER_SIGNED_IN',
      'ACCESS_REFUSED',
      'ACCESS_REFUSED',
      'USER_SIGNED_OUT',
      'USER_SIGNED_IN',
      'USER_SIGNED_OUT',
    ]);
    expect(JSON.parse(events[1]?.data ?? '{}')).toEqual({ command: 'printers add', role: 'operator' });
  });

  it('holds every command on a station to the roles its table gives, for every role', async () => {
    const dataDir = join(tempDir('badge-cli-roles-'), 'station');
    const station = initStation(dataDir, '7', 'system:test', testKek());
    try {
      await addDemoUsers(station, 'system:test');
      let refusals = 0;
      for (const role of ROLES) {
        const user = listUsers(station).find((candidate) => candidate.role === role);
        if (!user) throw new Error(`no ${role}`);
        keepCliSession(dataDir, new Sessions(station).start(user).token);
        for (const [command, rule] of Object.entries(COMMAND_ROLES)) {
          const allowed = await commandPerson(station, command, rule, undefined).then(
            () => true,
            (error: { code?: string }) => {
              expect(error.code, `${command} as ${role}`).toBe('ROLE_REFUSED');
              return false;
            },
          );
          expect(allowed, `${command} as ${role}`).toBe((rule.roles as readonly string[]).includes(role));
          if (!allowed) refusals += 1;
        }
      }
      expect(refusals).toBeGreaterThan(15);
      const recorded = station.db.statement(`SELECT count(*) AS n FROM ledger_events WHERE type = 'ACCESS_REFUSED'`).get() as {
        n: number;
      };
      expect(recorded.n).toBe(refusals);
    } finally {
      station.close();
    }
  });
});
