import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { StationError } from '../../core/errors.ts';
import { withStation } from '../context.ts';
import { run } from '../run.ts';

interface CollectCliOptions {
  job?: string;
  docLast4?: string;
  representative?: string;
}

export function registerCollect(program: Command): void {
  program
    .command('collect')
    .description('hand a printed badge over after an identity check; without --doc-last4, shows what to check')
    .argument('<serial>', "the badge's serial, scanned from the card")
    .option('--job <job>', 'the batch on the table: a card of another job is refused')
    .option('--doc-last4 <chars>', 'the last four characters of the document the person shows')
    .option('--representative <name>', "the organisation's representative collecting it (as listed), not the holder")
    .action(
      run((options: CollectCliOptions, context, [serial]) =>
        withStation(context, 'collect', async (station, _log, person) => {
          const { collectBadge } = await import('../../core/handover/index.ts');
          const job = options.job === undefined ? undefined : Number(options.job);
          if (job !== undefined && (!Number.isInteger(job) || job < 1))
            throw new StationError('USAGE', `"${options.job}" is not a job number.`);
          if (options.docLast4 === undefined) return showForCheck(station, serial as string, job, options.representative);
          const collected = collectBadge(station, {
            serial: serial as string,
            job,
            actor: person.actor,
            to: options.representative
              ? { kind: 'representative', name: options.representative, docLast4: options.docLast4 }
              : { kind: 'holder', docLast4: options.docLast4 },
          });
          return {
            result: collected,
            text:
              `Handed over ${collected.serial} (${collected.holder.name}, ${collected.holder.organisation}) to ` +
              `${collected.representative ? `${collected.representative}, representative of ${collected.holder.organisation}` : 'its holder'}` +
              `${collected.check === 'sight' ? ' (checked by sight: the roster has no document number)' : ''}; ledger event ${collected.seq}.`,
          };
        }),
      ),
    );
}

/**
 * What the operator checks before handing over: the person against the photo, the document
 * by its type. A card that must not go out is refused here already, saying why.
 */
async function showForCheck(
  station: import('../../core/station/index.ts').Station,
  serial: string,
  job?: number,
  representative?: string,
) {
  const { badgeForHandover } = await import('../../core/handover/index.ts');
  const badge = badgeForHandover(station, serial, job);
  const photo = station.db
    .statement('SELECT p.hash, p.format FROM holders h JOIN photos p ON p.hash = h.photo WHERE h.id = ?')
    .get(badge.holder.id) as { hash: string; format: string } | undefined;
  // The photo stays in the station's encrypted store: shown on the desk's Handover screen,
  // never written out in clear by a command.
  const hasPhoto = photo !== undefined && station.photos.has(photo.hash);
  const { holder } = badge;
  const lines = [
    `${badge.serial}  ${holder.name}${holder.latinName && holder.latinName !== holder.name ? ` (${holder.latinName})` : ''}  ${holder.organisation}  ${badge.type}`,
    hasPhoto
      ? "Photo on file: compare the person with it on the desk's Handover screen."
      : 'No photo on file: check the photo on the document.',
    representative
      ? `Ask ${representative} for the document listed for them, then: badge-station collect ${badge.serial} --representative "${representative}" --doc-last4 XXXX`
      : `Ask for their ${badge.docType || 'identity document'}, compare the person with the photo, then: badge-station collect ${badge.serial} --doc-last4 XXXX (its last four characters)`,
  ];
  return { result: { ...badge, photo: hasPhoto }, text: lines.join('\n') };
}

interface RepresentativeCliOptions {
  organisation: string;
  name: string;
  docType: string;
  docLast4: string;
}

export function registerRepresentatives(program: Command): void {
  const people = program.command('representatives').description("who may collect an organisation's badges: add, import, list");
  people
    .command('add')
    .description('list a representative of an organisation, with the document they will show')
    .requiredOption('--organisation <name>', 'the organisation, as in the roster')
    .requiredOption('--name <name>', 'their name, as on their document')
    .requiredOption('--doc-type <type>', 'the document they will show (身份证, passport ...)')
    .requiredOption('--doc-last4 <chars>', 'its last four characters (the whole number is never kept)')
    .action(
      run((options: RepresentativeCliOptions, context) =>
        withStation(context, 'representatives add', async (station, _log, person) => {
          const { addRepresentatives } = await import('../../core/handover/index.ts');
          const added = addRepresentatives(
            station,
            [{ organisation: options.organisation, name: options.name, docType: options.docType, docNumber: options.docLast4 }],
            person.actor,
          );
          return {
            result: { added },
            text: added
              ? `${options.name} may collect the badges of ${options.organisation}.`
              : `${options.name} was already listed for ${options.organisation}.`,
          };
        }),
      ),
    );
  people
    .command('import')
    .description(
      'list representatives from a CSV: organisation,name,doc_type,doc_number (only the last four characters are kept)',
    )
    .argument('<file>', 'the CSV file')
    .action(
      run((_options, context, [file]) =>
        withStation(context, 'representatives import', async (station, _log, person) => {
          const { addRepresentatives, representativesFromCsv } = await import('../../core/handover/index.ts');
          let text: string;
          try {
            text = readFileSync(file as string, 'utf8');
          } catch (error) {
            throw new StationError(
              'USAGE',
              `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`,
            );
          }
          const people = representativesFromCsv(text, file as string);
          const added = addRepresentatives(station, people, person.actor);
          return {
            result: { rows: people.length, added },
            text: `Listed ${added} representatives (${people.length - added} already listed).`,
          };
        }),
      ),
    );
  people
    .command('list')
    .description('the representatives, by organisation')
    .option('--organisation <name>', 'of this organisation only')
    .action(
      run((options: { organisation?: string }, context) =>
        withStation(context, 'representatives list', async (station) => {
          const { representatives } = await import('../../core/handover/index.ts');
          const listed = representatives(station, options.organisation);
          return {
            result: { representatives: listed },
            text:
              listed.length === 0
                ? 'No representatives are listed.'
                : listed.map((p) => `${p.organisation}  ${p.name}  ${p.docType} …${p.docLast4}`).join('\n'),
          };
        }),
      ),
    );
}
