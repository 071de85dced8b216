/** What every command gets: the data folder, the output mode, a station to work on, and who is working. */
import { join } from 'node:path';
import { translateSqliteError } from '../core/db/index.ts';
import { type Logger, openLog } from '../core/log/index.ts';
import { resolveDataDir } from '../core/paths.ts';
import { DATABASE_FILE, openStation, type Station } from '../core/station/index.ts';
import type { UserRole } from '../core/users/index.ts';
import { type CliPerson, commandPerson } from './person.ts';
import { stationKek } from './secrets.ts';

export interface GlobalOptions {
  data?: string;
  json?: boolean;
  credentialsFile?: string;
  /** A command's own `--passphrase-file` (the station passphrase, for the commands that take one). */
  passphraseFile?: string;
}

export interface CliContext {
  dataDir: string;
  json: boolean;
  /** `--credentials-file`: who runs the command, instead of BADGE_STATION_USER/SECRET or the login. */
  credentialsFile: string | undefined;
  /** The station passphrase's file, when the command was given one (secrets.ts's stationKek says the rest). */
  passphraseFile: string | undefined;
}

export function contextFrom(options: GlobalOptions): CliContext {
  return {
    dataDir: resolveDataDir(options.data),
    json: Boolean(options.json),
    credentialsFile: options.credentialsFile,
    passphraseFile: options.passphraseFile,
  };
}

/** Opens the station with the key its passphrase gives (the data is encrypted: station/data-key.ts). */
export async function openStationFor(context: CliContext, purpose: string): Promise<Station> {
  return openStation(context.dataDir, purpose, { kek: await stationKek(context.passphraseFile) });
}

const everyone = ['operator', 'supervisor', 'technician', 'admin'] as const;
const counter = ['operator', 'supervisor', 'admin'] as const;
const technician = ['technician', 'admin'] as const;
const supervisors = ['supervisor', 'admin'] as const;

/**
 * Who may run each command on a station, as the desk's contract says for its methods (the
 * same roles for the same work). Commands that open no station (the root ceremony, an
 * offline verify, demo rosters, `demo`, `init`, `upstream` on upstream's own database)
 * are not here: they touch no station's data.
 * `person: true`: the command needs a named person even on a station with no users yet.
 */
export const COMMAND_ROLES = {
  status: { roles: everyone },
  search: { roles: everyone },
  'ledger verify': { roles: ['supervisor', 'technician', 'admin'] },
  'ledger export': { roles: supervisors },
  'ledger checkpoint': { roles: supervisors },
  'keys station generate': { roles: ['admin'] },
  'keys station enrol': { roles: ['admin'] },
  'keys show': { roles: ['supervisor', 'technician', 'admin'] },
  'keys export': { roles: ['supervisor', 'technician', 'admin'] },
  import: { roles: counter },
  'badges create': { roles: counter },
  print: { roles: counter },
  'jobs list': { roles: everyone },
  'jobs show': { roles: everyone },
  'jobs pause': { roles: counter },
  'jobs resume': { roles: counter },
  // A supervisor's decision, as at the desk (where an operator may ask with one's approval).
  'jobs cancel': { roles: supervisors },
  'jobs retry': { roles: counter },
  'jobs release': { roles: counter },
  'printers list': { roles: everyone },
  'printers add': { roles: technician },
  'printers remove': { roles: technician },
  render: { roles: everyone },
  'chip read': { roles: technician },
  'chip encode': { roles: technician },
  'chip wipe': { roles: technician },
  maps: { roles: counter },
  handover: { roles: counter },
  collect: { roles: counter },
  'representatives add': { roles: counter },
  'representatives import': { roles: counter },
  'representatives list': { roles: counter },
  reprint: { roles: supervisors, person: true },
  void: { roles: supervisors, person: true },
  report: { roles: supervisors, person: true },
  'revocations entries': { roles: supervisors },
  'users list': { roles: ['admin'] },
  // Where the station's ledger goes: its connection string is an admin's to set.
  'sync connect': { roles: ['admin'] },
  'sync push': { roles: everyone },
  // The roster comes in as an import does: counter work.
  'sync pull': { roles: counter },
  'sync status': { roles: everyone },
  'sync schedule': { roles: ['admin'] },
  'sync conflicts': { roles: supervisors },
  // A backup copies what is encrypted already: anyone at the desk may make one; where they go is the admin's.
  backup: { roles: everyone },
  'backup list': { roles: everyone },
  'backup schedule': { roles: ['admin'] },
} as const satisfies Record<string, { roles: readonly UserRole[]; person?: true }>;

export type StationCommand = keyof typeof COMMAND_ROLES;

/**
 * Opens the station for one command, checks who runs it against the command's roles (the
 * core's users: person.ts), logs how it went, and always closes it. SQLite's reports of a
 * damaged file become the plain DB_CORRUPT here, where the path is known.
 */
export async function withStation<T>(
  context: CliContext,
  command: StationCommand,
  work: (station: Station, log: Logger, person: CliPerson) => T | Promise<T>,
): Promise<T> {
  const started = performance.now();
  let station: Station | undefined;
  let log: Logger | undefined;
  try {
    station = await openStationFor(context, `badge-station ${command}`);
    log = await openLog(context.dataDir);
    const person = await commandPerson(station, command, COMMAND_ROLES[command], context.credentialsFile);
    log.info({ command, actor: person.actor }, 'command started');
    const result = await work(station, log, person);
    log.info({ command, ms: Math.round(performance.now() - started) }, 'command finished');
    return result;
  } catch (error) {
    const translated = translateSqliteError(error, join(context.dataDir, DATABASE_FILE));
    log?.warn({ command, err: translated, ms: Math.round(performance.now() - started) }, 'command failed');
    throw translated;
  } finally {
    station?.close();
  }
}
