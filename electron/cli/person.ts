/**
 * Who runs a command on a station, decided by the core's users as the desk's gate decides:
 *
 * - credentials given for this one command (BADGE_STATION_USER and BADGE_STATION_SECRET, or
 *   `--credentials-file`: never an argument), checked as a sign-in is (lockout included);
 * - else the session `badge-station login` keeps for this data folder (`cli-session`, the
 *   user's alone), which locks after 10 minutes without a command, like a desk left idle;
 * - a station with nobody yet (made by `init`, before its admin) is open to the command
 *   line, as it is to whoever makes its first admin at the desk; commands that name a
 *   person (reprint, void, report) are refused there until the admin exists.
 *
 * The person's role must be one the command lists (context.ts, COMMAND_ROLES); a refusal is
 * recorded in the ledger.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StationError } from '../core/errors.ts';
import type { Station } from '../core/station/index.ts';
import { type Caller, checkCredentials, countUsers, Sessions, type UserRole, userActor } from '../core/users/index.ts';
import { givenCredentials } from './secrets.ts';

export interface CliPerson {
  actor: string;
  role: UserRole;
  /** The shown name, when a person (not the open station's `system:cli`). */
  name?: string;
}

const SESSION_FILE = 'cli-session';

export function cliSessionPath(dataDir: string): string {
  return join(dataDir, SESSION_FILE);
}

export function keepCliSession(dataDir: string, token: string): void {
  writeFileSync(cliSessionPath(dataDir), `${token}\n`, { mode: 0o600 });
}

export function forgetCliSession(dataDir: string): void {
  rmSync(cliSessionPath(dataDir), { force: true });
}

const WHO = 'run badge-station login, or set BADGE_STATION_USER and BADGE_STATION_SECRET, or give --credentials-file FILE';

function fromSession(station: Station): Caller {
  const path = cliSessionPath(station.dataDir);
  if (!existsSync(path)) throw new StationError('NOT_SIGNED_IN', `Who is running this? ${WHO}.`);
  const token = readFileSync(path, 'utf8').trim();
  try {
    const session = new Sessions(station).touch(token);
    if (session.lockedAt !== undefined)
      throw new StationError('SESSION_LOCKED', `Your command-line session locked after 10 minutes without a command: ${WHO}.`);
    return session.caller;
  } catch (error) {
    if (error instanceof StationError && error.code === 'SESSION_ENDED') {
      forgetCliSession(station.dataDir);
      throw new StationError('SESSION_ENDED', `Your command-line session has ended: ${WHO}.`);
    }
    throw error;
  }
}

export async function commandPerson(
  station: Station,
  command: string,
  rule: { roles: readonly UserRole[]; person?: true },
  credentialsFile: string | undefined,
): Promise<CliPerson> {
  if (countUsers(station) === 0) {
    if (rule.person)
      throw new StationError(
        'NOT_SIGNED_IN',
        `${command} names who did it, and this station has nobody yet: make its admin first (badge-station users first-admin, or at the desk).`,
      );
    return { actor: 'system:cli', role: 'admin' };
  }
  const given = givenCredentials(credentialsFile);
  let caller: Pick<Caller, 'user' | 'role' | 'displayName'>;
  if (given) {
    const user = await checkCredentials(station, given.name, given.secret, 'sign-in');
    caller = { user: user.id, role: user.role, displayName: user.displayName };
  } else caller = fromSession(station);
  if (!rule.roles.includes(caller.role)) {
    station.ledger.append({ type: 'ACCESS_REFUSED', actor: userActor(caller.user), data: { command, role: caller.role } });
    throw new StationError(
      'ROLE_REFUSED',
      `${caller.displayName} is signed in as ${caller.role}, and ${command} is for ${rule.roles.join(', ')}: ask one of them to do it.`,
    );
  }
  return { actor: userActor(caller.user), role: caller.role, name: caller.displayName };
}
