import type { Command } from 'commander';
import { createBadges } from '../../core/badges/index.ts';
import { loadCatalog } from '../../core/catalog/index.ts';
import { StationError } from '../../core/errors.ts';
import { withStation } from '../context.ts';
import { run } from '../run.ts';

interface CreateCliOptions {
  holder?: string;
  allWithoutBadge?: boolean;
  type?: string;
}

export function registerBadges(program: Command): void {
  const badges = program.command('badges').description("make holders' badges (serials, versions)");

  badges
    .command('create')
    .description('create a first badge for one holder, or for every holder without an active badge')
    .option('--holder <id>', 'the holder id from the roster')
    .option('--all-without-badge', 'every holder who has no active badge')
    .option('--type <code>', 'with --all-without-badge: only holders of this badge type (exhibitor, visitor ...)')
    .action(
      run((options: CreateCliOptions, context) => {
        if ((options.holder === undefined) === !options.allWithoutBadge) {
          throw new StationError(
            'USAGE',
            'Give either --holder ID or --all-without-badge (see badge-station badges create --help).',
          );
        }
        if (options.type !== undefined && !options.allWithoutBadge) {
          throw new StationError('USAGE', '--type goes with --all-without-badge; one holder gets the type the roster gives.');
        }
        return withStation(context, 'badges create', (station, log, person) => {
          const made = createBadges(station, loadCatalog(), {
            holder: options.holder,
            allWithoutBadge: options.allWithoutBadge,
            type: options.type,
            actor: person.actor,
          });
          log.info({ badges: made.length, first: made[0]?.serial, last: made.at(-1)?.serial }, 'badges created');
          const text =
            made.length === 0
              ? 'Every chosen holder already has an active badge; nothing was created.'
              : made.length === 1
                ? `Created badge ${made[0]?.serial} for holder ${made[0]?.holder}.`
                : `Created ${made.length} badges, ${made[0]?.serial} to ${made.at(-1)?.serial}.`;
          return { result: { created: made.length, badges: made.length <= 1000 ? made : undefined }, text };
        });
      }),
    );
}
