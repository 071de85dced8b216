import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { StationError } from '../../core/errors.ts';
import { withStation } from '../context.ts';
import { run } from '../run.ts';

interface HandoverCliOptions {
  job: string;
  out: string;
  order: string;
  print?: string;
  server: string;
}

function jobAndOrder(options: HandoverCliOptions): { job: number; order: 'organisation' | 'imported' } {
  const job = Number(options.job);
  if (!Number.isInteger(job) || job < 1) throw new StationError('USAGE', `"${options.job}" is not a job number.`);
  if (options.order !== 'organisation' && options.order !== 'imported')
    throw new StationError('USAGE', '--order must be organisation or imported.');
  return { job, order: options.order };
}

const ORDER_WORDS = { organisation: 'by organisation, then name', imported: 'in the order the batch was made' } as const;

function nothingIssued(job: number): StationError {
  return new StationError(
    'USAGE',
    `Print job ${job} has no issued card yet, so there is nothing to hand over: print it first (badge-station jobs resume ${job}).`,
  );
}

export function registerHandover(program: Command): void {
  program
    .command('handover')
    .description("a print job's handover pack: venue maps, lanyard pick list (PDF and CSV), separator sheets, batch summary")
    .requiredOption('--job <job>', 'the print job (badge-station jobs list)')
    .requiredOption('--out <dir>', 'the folder to write the pack into')
    .option('--order <order>', 'organisation (by organisation, then name) or imported (as the batch was made)', 'organisation')
    .option('--print <queue>', "also send the pack to this office printer's CUPS queue (A4; not a card printer)")
    .option('--server <url>', 'the CUPS server', process.env.CUPS_SERVER_URL ?? 'http://127.0.0.1:631')
    .action(
      run((options: HandoverCliOptions, context) =>
        withStation(context, 'handover', async (station, log) => {
          const { job, order } = jobAndOrder(options);
          const { batchFacts, loadVenueMap, writeHandoverPack } = await import('../../core/handover/index.ts');
          const { badgeFonts } = await import('../../core/render/index.ts');
          const { loadCatalog } = await import('../../core/catalog/index.ts');
          const catalog = loadCatalog();
          const venue = loadVenueMap(catalog);
          const batch = batchFacts(station, catalog, job, order);
          if (batch.cards.length === 0) throw nothingIssued(job);
          // The queue is checked before anything is written: a card printer's queue is refused at once.
          const office = options.print ? await officeQueue(options.print, options.server) : undefined;
          const started = performance.now();
          const pack = await writeHandoverPack(batch, venue, catalog, badgeFonts(), resolve(options.out));
          const printed = office
            ? await office.send([
                [`Job ${job} pick list`, pack.files.pickList],
                [`Job ${job} venue maps`, pack.files.maps],
                [`Job ${job} separators`, pack.files.separators],
                [`Job ${job} summary`, pack.files.summary],
              ])
            : [];
          log.info({ job, cards: batch.cards.length, ms: Math.round(performance.now() - started) }, 'handover pack written');
          const lines = [
            `Wrote the handover pack of print job ${job} "${batch.name}" (${batch.cards.length} cards, ${ORDER_WORDS[order]}) to ${pack.folder}:`,
            `  ${pack.files.maps}: ${pack.maps.maps} venue maps on ${pack.maps.sheets} A4 sheets`,
            `  ${pack.files.pickList} and ${pack.files.pickListCsv}: the lanyard pick list`,
            `  ${pack.files.separators}: ${pack.organisations} separator sheets, one per organisation`,
            `  ${pack.files.summary}: the batch summary (${batch.rejects.length} rejected cards)`,
            ...(office
              ? [`Sent to ${options.print}: ${printed.map((sent) => `${sent.name} (CUPS job ${sent.jobId})`).join(', ')}.`]
              : []),
            ...(batch.notIssued > 0 ? [`${batch.notIssued} of the job's cards are not issued: they are not in the pack.`] : []),
            ...pack.maps.leftOut.map((left) => `Left out of the maps: ${left.reason}`),
            ...pack.maps.warnings.map((warning) => `Cut to fit: ${warning}`),
          ];
          return {
            result: {
              job,
              order,
              files: pack.files,
              cards: batch.cards.length,
              serials: batch.cards.map((card) => card.serial),
              organisations: pack.organisations,
              maps: pack.maps,
              rejects: batch.rejects,
              notIssued: batch.notIssued,
              printed,
            },
            text: lines.join('\n'),
          };
        }),
      ),
    );
}

/**
 * An office printer's CUPS queue for the pack's A4 sheets. A card printer's queue (every
 * medium it offers a CR80 card) is refused: the sheets would come out as hundreds of cards.
 */
async function officeQueue(name: string, server: string) {
  const { CupsSpooler, isCr80 } = await import('../../../native/printers/index.ts');
  const spooler = new CupsSpooler(server);
  const queue = await spooler.queue(name);
  if (queue.media.length > 0 && queue.media.every(isCr80))
    throw new StationError(
      'USAGE',
      `${name} is a card printer's queue (CR80 cards only): send the sheets to an office printer's queue.`,
    );
  const media = queue.media.find((medium) => /a4/i.test(medium));
  return {
    /** Each file its own job, in the order given, A4 where the queue offers it. */
    send: async (files: [string, string][]) => {
      const sent: { name: string; jobId: number }[] = [];
      for (const [jobName, file] of files)
        sent.push({
          name: jobName,
          jobId: await spooler.submit(name, { jobName, pdf: readFileSync(file), ...(media ? { media } : {}) }),
        });
      return sent;
    },
  };
}

export function registerMaps(program: Command): void {
  program
    .command('maps')
    .description("a print job's fold-in venue maps, four to an A4 sheet with crop and fold marks, in handover order")
    .requiredOption('--job <job>', 'the print job (badge-station jobs list)')
    .requiredOption('--out <file>', 'the PDF to write, for an ordinary office printer')
    .option('--order <order>', 'organisation (by organisation, then name) or imported (as the batch was made)', 'organisation')
    .action(
      run((options: HandoverCliOptions, context) =>
        withStation(context, 'maps', async (station, log) => {
          const { job, order } = jobAndOrder(options);
          // Loaded for this command only: pdfkit and the fonts cost ~0.3 s.
          const { handoverBatch, loadVenueMap, writeMapSheets } = await import('../../core/handover/index.ts');
          const { badgeFonts } = await import('../../core/render/index.ts');
          const { loadCatalog } = await import('../../core/catalog/index.ts');
          const catalog = loadCatalog();
          const venue = loadVenueMap(catalog);
          const batch = handoverBatch(station, catalog, job, order);
          if (batch.cards.length === 0) throw nothingIssued(job);
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
              `${ORDER_WORDS[order]}.`,
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
