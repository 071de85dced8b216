import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { StationError } from '../../core/errors.ts';
import { withStation } from '../context.ts';
import { run } from '../run.ts';

interface MapsCliOptions {
  job: string;
  out: string;
  order: string;
}

export function registerMaps(program: Command): void {
  program
    .command('maps')
    .description("a print job's fold-in venue maps, four to an A4 sheet with crop and fold marks, in handover order")
    .requiredOption('--job <job>', 'the print job (badge-station jobs list)')
    .requiredOption('--out <file>', 'the PDF to write, for an ordinary office printer')
    .option('--order <order>', 'organisation (by organisation, then name) or imported (as the batch was made)', 'organisation')
    .action(
      run((options: MapsCliOptions, context) =>
        withStation(context, 'maps', async (station, log) => {
          const job = Number(options.job);
          if (!Number.isInteger(job) || job < 1) throw new StationError('USAGE', `"${options.job}" is not a job number.`);
          if (options.order !== 'organisation' && options.order !== 'imported')
            throw new StationError('USAGE', '--order must be organisation or imported.');
          // Loaded for this command only: pdfkit and the fonts cost ~0.3 s.
          const { handoverBatch, loadVenueMap, writeMapSheets } = await import('../../core/handover/index.ts');
          const { badgeFonts } = await import('../../core/render/index.ts');
          const { loadCatalog } = await import('../../core/catalog/index.ts');
          const catalog = loadCatalog();
          const venue = loadVenueMap(catalog);
          const batch = handoverBatch(station, catalog, job, options.order);
          if (batch.cards.length === 0)
            throw new StationError(
              'USAGE',
              `Print job ${job} has no issued card yet, so there is no map to make: print it first (badge-station jobs resume ${job}).`,
            );
          const file = resolve(options.out);
          mkdirSync(dirname(file), { recursive: true });
          const started = performance.now();
          const { report } = await writeMapSheets(
            batch.cards,
            venue,
            catalog,
            badgeFonts(),
            createWriteStream(file),
            `Venue maps: ${batch.name}`,
          );
          log.info(
            { job, maps: report.maps, sheets: report.sheets, ms: Math.round(performance.now() - started) },
            'venue maps written',
          );
          const lines = [
            `Wrote ${report.maps} venue maps on ${report.sheets} A4 sheets for print job ${job} "${batch.name}" to ${file}, ` +
              `${options.order === 'organisation' ? 'by organisation, then name' : 'in the order the batch was made'}.`,
            ...(batch.notIssued > 0 ? [`${batch.notIssued} of the job's cards are not issued: they have no map yet.`] : []),
            ...report.leftOut.map((left) => `Left out: ${left.reason}`),
            ...report.warnings.map((warning) => `Cut to fit: ${warning}`),
          ];
          return {
            result: {
              job,
              file,
              order: options.order,
              ...report,
              notIssued: batch.notIssued,
              serials: batch.cards.map((card) => card.serial),
            },
            text: lines.join('\n'),
          };
        }),
      ),
    );
}
