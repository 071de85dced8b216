/**
 * `badge-station backup` (now, to the chosen folder or --to), `backup list`, `backup
 * schedule` (the folder, how often the desk backs up while it runs, how many are kept) and
 * `badge-station restore BACKUP` (core/backup).
 */
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { backUpNow, backupState, listBackups, nextBackupAt, planBackups, restoreStation } from '../../core/backup/index.ts';
import { StationError } from '../../core/errors.ts';
import { withStation } from '../context.ts';
import { run } from '../run.ts';
import { stationKek } from '../secrets.ts';

function whole(text: string | undefined, option: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new StationError('USAGE', `${option} takes a whole number, not "${text}".`);
  return Number(text);
}

const when = (ms: number | undefined) => (ms === undefined ? 'never' : new Date(ms).toISOString());

export function registerBackup(program: Command): void {
  const backup = program
    .command('backup')
    .description('back the station up now: its database, keys and photos (encrypted as they are) to the backup folder')
    .option('--to <dir>', 'back up to this folder instead of the chosen one')
    .action(
      run((options: { to?: string }, context) =>
        withStation(context, 'backup', async (station, _log, person) => {
          const made = await backUpNow(station, person.actor, options.to);
          // <folder>/station-NNN/<time>
          const kept = await listBackups(dirname(dirname(made.path)), station.number);
          return {
            result: { ...made, kept: kept.length },
            text: [
              `Backed up station ${station.number} to ${made.path} in ${(made.ms / 1000).toFixed(1)} s:`,
              `  ledger up to event ${made.manifest.ledger.head?.seq ?? 0}, ${made.manifest.photos} photos (${made.photosCopied} new), ${(made.manifest.database.bytes / 1e6).toFixed(1)} MB database`,
              `  ${kept.length} backups kept${made.removed.length > 0 ? `; removed the oldest: ${made.removed.join(', ')}` : ''}.`,
            ].join('\n'),
          };
        }),
      ),
    );

  backup
    .command('list')
    .description("the station's backups in its backup folder (or --to), newest first")
    .option('--to <dir>', 'list this folder instead of the chosen one')
    .action(
      run((options: { to?: string }, context) =>
        withStation(context, 'backup list', async (station) => {
          const state = backupState(station);
          const folder = options.to ?? state.folder;
          if (!folder)
            throw new StationError(
              'USAGE',
              'No backup folder is chosen: give one with --to, or choose it with "badge-station backup schedule --to FOLDER".',
            );
          const backups = await listBackups(folder, station.number);
          const lines = backups.map(
            ({ path, manifest }) =>
              `  ${manifest.created}  ledger to ${manifest.ledger.head?.seq ?? 0}  ${manifest.photos} photos  ${path}`,
          );
          return {
            result: { folder, backups, last: state.lastAt ?? null, failure: state.failure ?? null },
            text: [
              backups.length === 0
                ? `No backups of station ${station.number} in ${folder} yet.`
                : `Backups of station ${station.number} in ${folder}:`,
              ...lines,
              ...(state.failure ? [`The last backup failed (${when(state.failure.at)}): ${state.failure.message}`] : []),
            ].join('\n'),
          };
        }),
      ),
    );

  backup
    .command('schedule')
    .description('choose the backup folder (a second drive), how often the desk backs up while it runs, and how many are kept')
    .option('--to <dir>', 'the backup folder: a full path, on another drive')
    .option('--every <minutes>', 'back up every this many minutes while the desk runs (5-1440; 60 unless set)')
    .option('--keep <n>', 'how many backups to keep (30 unless set); the oldest go first')
    .action(
      run((options: { to?: string; every?: string; keep?: string }, context) =>
        withStation(context, 'backup schedule', (station) => {
          const every = whole(options.every, '--every');
          const keep = whole(options.keep, '--keep');
          const plan = planBackups(station, {
            ...(options.to !== undefined ? { folder: options.to } : {}),
            ...(every !== undefined ? { everyMinutes: every } : {}),
            ...(keep !== undefined ? { keep } : {}),
          });
          const next = nextBackupAt(backupState(station), station.clock());
          return {
            result: { ...plan, next: next ?? null },
            text: plan.folder
              ? `Station ${station.number} backs up to ${plan.folder} every ${plan.everyMinutes} minutes while the desk runs, keeping ${plan.keep}. Next: ${when(next)}.`
              : 'No backup folder is chosen yet: give one with --to.',
          };
        }),
      ),
    );

  program
    .command('restore')
    .description(
      'put a station back from one of its backups: checked first (its ledger must verify), the station that was there moved aside',
    )
    .argument('<backup>', 'the backup folder (station-NNN/<time> in the backup folder)')
    .option('--passphrase-file <file>', 'read the station passphrase from this file')
    .action(
      run(async (_options: unknown, context, [from]) => {
        const restored = await restoreStation(context.dataDir, from as string, await stationKek(context.passphraseFile), {
          actor: 'system:cli',
        });
        return {
          result: restored,
          text: [
            `Station ${restored.station} restored in ${context.dataDir} from the backup of ${restored.manifest.created}: its ledger verified, up to event ${restored.manifest.ledger.head?.seq ?? 0}.`,
            ...(restored.replacedInto ? [`The station that was there is kept in ${restored.replacedInto}.`] : []),
            `${restored.photos} photos copied in. Sync with upstream to bring back what this station issued after the backup.`,
          ].join('\n'),
        };
      }),
    );
}
