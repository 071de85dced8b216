/**
 * A supervisor's lost-badge work from the command line: `reprint SERIAL --reason R` and
 * `void SERIAL --reason R`. Who runs it (context.ts: a supervisor or admin, named even on
 * a station with no users yet) is the approver too.
 */
import type { Command } from 'commander';
import { type Approval, REISSUE_REASONS, reissueBadge, VOID_REASONS, voidBadge } from '../../core/badges/index.ts';
import { loadCatalog } from '../../core/catalog/index.ts';
import { StationError } from '../../core/errors.ts';
import { withStation } from '../context.ts';
import { run } from '../run.ts';

interface ReprintCliOptions {
  reason?: string;
  type?: string;
}

function reasonOf<R extends string>(given: string | undefined, reasons: readonly R[]): R {
  const reason = given?.replace('-', '_');
  if (!reason || !(reasons as readonly string[]).includes(reason))
    throw new StationError(
      'USAGE',
      `Say why with --reason: ${reasons.map((r) => r.replace('_', '-')).join(', ')}${given ? ` ("${given}" is none of them)` : ''}.`,
    );
  return reason as R;
}

export function registerReprint(program: Command): void {
  program
    .command('reprint')
    .description("reissue a holder's badge as its next version (revoking this one), queued to print ahead of bulk jobs")
    .argument('<serial>', 'the serial of the version being replaced')
    .option('--reason <reason>', `why: ${REISSUE_REASONS.map((r) => r.replace('_', '-')).join(', ')}`)
    .option('--type <code>', 'with --reason type-change: the badge type the holder now has')
    .action(
      run((options: ReprintCliOptions, context, [serial]) => {
        const reason = reasonOf(options.reason, REISSUE_REASONS);
        return withStation(context, 'reprint', async (station, _log, person) => {
          // The supervisor or admin who runs it approves it too.
          const approval = { actor: person.actor, role: person.role as Approval['role'] };
          const made = reissueBadge(station, loadCatalog(), {
            serial: serial as string,
            reason,
            actor: approval.actor,
            approval,
            ...(options.type === undefined ? {} : { type: options.type }),
          });
          return {
            result: { revoked: made.revoked, serial: made.badge.serial, job: made.job, reprints: made.reprints },
            text: `Badge ${made.revoked} is revoked; its new version ${made.badge.serial} waits in print job ${made.job}, ahead of any bulk job (reprint ${made.reprints} for holder ${made.badge.holder}).`,
          };
        });
      }),
    );
  program
    .command('void')
    .description('void the live version of a badge for good (stolen: its holder is flagged for the gates)')
    .argument('<serial>', 'the serial of the version to void')
    .option('--reason <reason>', `why: ${VOID_REASONS.map((r) => r.replace('_', '-')).join(', ')}`)
    .action(
      run((options: ReprintCliOptions, context, [serial]) => {
        const reason = reasonOf(options.reason, VOID_REASONS);
        return withStation(context, 'void', async (station, _log, person) => {
          const approval = { actor: person.actor, role: person.role as Approval['role'] };
          const voided = voidBadge(station, { serial: serial as string, reason, actor: approval.actor, approval });
          return {
            result: { serial: voided.serial, reason },
            text: `Badge ${voided.serial} is void (${reason.replace('_', ' ')})${reason === 'stolen' ? '; its holder is flagged for the gate team' : ''}.`,
          };
        });
      }),
    );
}
