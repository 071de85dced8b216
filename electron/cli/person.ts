/**
 * Who runs a command that needs a person: their credentials (secrets.ts: the environment or
 * a file, never an argument) checked by the core as a sign-in is, and their role against
 * the roles the command is for. A refused role is recorded in the ledger.
 */
import { StationError } from '../core/errors.ts';
import type { Station } from '../core/station/index.ts';
import { checkCredentials, type UserRole, userActor } from '../core/users/index.ts';
import { credentialsFrom } from './secrets.ts';

export interface CliPerson {
  actor: string;
  role: UserRole;
}

export async function personFor(
  station: Station,
  command: string,
  roles: readonly UserRole[],
  credentialsFile: string | undefined,
): Promise<CliPerson> {
  const { name, secret } = credentialsFrom(credentialsFile);
  const user = await checkCredentials(station, name, secret, 'sign-in');
  if (!roles.includes(user.role)) {
    station.ledger.append({ type: 'ACCESS_REFUSED', actor: userActor(user.id), data: { command, role: user.role } });
    throw new StationError(
      'ROLE_REFUSED',
      `${user.displayName} is signed in as ${user.role}, and ${command} is for ${roles.join(', ')}: ask one of them to do it.`,
    );
  }
  return { actor: userActor(user.id), role: user.role };
}

/** The option every such command takes. */
export const CREDENTIALS_OPTION = [
  '--credentials-file <file>',
  'who you are: sign-in name, then password (else BADGE_STATION_USER and BADGE_STATION_SECRET)',
] as const;
