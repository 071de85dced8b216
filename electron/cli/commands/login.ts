/**
 * Signing in at the command line: `login` keeps a session for this data folder (the
 * `cli-session` file, the user's alone; it locks after 10 minutes without a command, as a
 * desk does), `logout` ends it, and `users first-admin` makes a new station's admin. Secrets
 * come from BADGE_STATION_USER and BADGE_STATION_SECRET, `--credentials-file`, or a prompt
 * that does not echo on a terminal; never from an argument.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { StationError } from '../../core/errors.ts';
import type { Station } from '../../core/station/index.ts';
import { addUser, checkCredentials, listUsers, Sessions } from '../../core/users/index.ts';
import { type CliContext, openStationFor, withStation } from '../context.ts';
import { cliSessionPath, forgetCliSession, keepCliSession } from '../person.ts';
import { askHidden, askLine } from '../prompt.ts';
import { run } from '../run.ts';
import { givenCredentials, SECRET_ENV, USER_ENV } from '../secrets.ts';

async function credentials(context: CliContext, confirm = false): Promise<{ name: string; secret: string }> {
  const given = givenCredentials(context.credentialsFile);
  if (given) return given;
  if (!process.stdin.isTTY)
    throw new StationError(
      'NOT_SIGNED_IN',
      `Who are you? Set ${USER_ENV} and ${SECRET_ENV}, or give --credentials-file FILE (no terminal to ask on).`,
    );
  const name = (await askLine('Sign-in name: ')).trim();
  const secret = await askHidden('Password or PIN: ');
  if (confirm && (await askHidden('The same again: ')) !== secret)
    throw new StationError('USAGE', 'The two passwords are not the same: nothing was made.');
  return { name, secret };
}

async function opened<T>(context: CliContext, purpose: string, work: (station: Station) => Promise<T>): Promise<T> {
  const station = await openStationFor(context, `badge-station ${purpose}`);
  try {
    return await work(station);
  } finally {
    station.close();
  }
}

export function registerLogin(program: Command): void {
  program
    .command('login')
    .description('sign in for the commands that follow on this data folder (locks after 10 minutes without one)')
    .action(
      run((_options, context) =>
        opened(context, 'login', async (station) => {
          const { name, secret } = await credentials(context);
          const user = await checkCredentials(station, name, secret, 'sign-in');
          const path = cliSessionPath(context.dataDir);
          // One command-line session per data folder: signing in again ends the one before.
          if (existsSync(path)) new Sessions(station).signOut(readFileSync(path, 'utf8').trim());
          const { token } = new Sessions(station).start(user);
          keepCliSession(context.dataDir, token);
          return {
            result: { user: user.name, role: user.role, station: station.number },
            text: `Signed in as ${user.displayName} (${user.role}) at station ${station.number}. The session locks after 10 minutes without a command; badge-station logout ends it.`,
          };
        }),
      ),
    );
  program
    .command('logout')
    .description("end this data folder's command-line session")
    .action(
      run((_options, context) =>
        opened(context, 'logout', async (station) => {
          const path = cliSessionPath(context.dataDir);
          if (existsSync(path)) new Sessions(station).signOut(readFileSync(path, 'utf8').trim());
          forgetCliSession(context.dataDir);
          return { result: { signedOut: true }, text: 'Signed out: the next command asks who you are.' };
        }),
      ),
    );
  const users = program.command('users').description("the station's people (add and change them at the desk's Users screen)");
  users
    .command('first-admin')
    .description("make a new station's admin (refused once it has anyone)")
    .option('--display-name <name>', 'the name the desk shows')
    .action(
      run((options: { displayName?: string }, context) =>
        opened(context, 'users first-admin', async (station) => {
          const { name, secret } = await credentials(context, true);
          const admin = await addUser(
            station,
            { name, role: 'admin', secret, ...(options.displayName ? { displayName: options.displayName } : {}) },
            'system:cli',
            { onlyIfFirst: true },
          );
          return {
            result: { id: admin.id, name: admin.name, role: admin.role },
            text: `${admin.displayName} is station ${station.number}'s admin: sign in at the desk, or badge-station login.`,
          };
        }),
      ),
    );
  users
    .command('list')
    .description("the station's people, their roles and whether they can sign in")
    .action(
      run((_options, context) =>
        withStation(context, 'users list', (station) => {
          const listed = listUsers(station);
          return {
            result: { users: listed },
            text: listed
              .map((user) => `${user.name}\t${user.displayName}\t${user.role}${user.disabled ? '\tclosed' : ''}`)
              .join('\n'),
          };
        }),
      ),
    );
}
