/**
 * `badge-station report`: the day's figures (issued, reprinted, voided, wasted, with
 * reasons) by day, station, person and type, counted from the verified ledger, as CSV, PDF
 * or JSON. The supervisor's (or admin's): context.ts.
 */
import { createWriteStream, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { loadCatalog } from '../../core/catalog/index.ts';
import { StationError } from '../../core/errors.ts';
import { dayOf, dayReport, reportCsv } from '../../core/reports/index.ts';
import { withStation } from '../context.ts';
import { run } from '../run.ts';

interface ReportCliOptions {
  day?: string;
  from?: string;
  to?: string;
  timeZone?: string;
  format?: string;
  out?: string;
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .description("the day's figures from the verified ledger: issued, reprinted, voided and wasted cards with reasons")
    .option('--day <date>', 'one day (2026-11-20); today, in the time zone, when no day is given')
    .option('--from <date>', 'the first day of several')
    .option('--to <date>', 'the last day of several')
    .option('--time-zone <zone>', "the station's time zone (Asia/Shanghai); the computer's by default")
    .option('--format <format>', 'csv, pdf or json (with --out); without --out the figures are printed', 'csv')
    .option('--out <file>', 'where to write the report')
    .action(
      run((options: ReportCliOptions, context) => {
        const timeZone = options.timeZone ?? new Intl.DateTimeFormat().resolvedOptions().timeZone;
        if (options.day !== undefined && (options.from !== undefined || options.to !== undefined))
          throw new StationError('USAGE', 'Give either --day, or --from and --to.');
        const format = options.format ?? 'csv';
        if (!['csv', 'pdf', 'json'].includes(format))
          throw new StationError('USAGE', `--format is csv, pdf or json, not "${format}".`);
        if (format === 'pdf' && !options.out) throw new StationError('USAGE', 'A PDF report needs --out FILE.');
        return withStation(context, 'report', async (station) => {
          const today = dayOf(station.clock(), timeZone);
          const from = options.day ?? options.from ?? options.to ?? today;
          const to = options.day ?? options.to ?? options.from ?? today;
          const catalog = loadCatalog();
          const report = await dayReport(station, catalog, { from, to, timeZone });
          if (options.out && format === 'csv') writeFileSync(options.out, reportCsv(report));
          if (options.out && format === 'json') writeFileSync(options.out, `${JSON.stringify(report, null, 2)}\n`);
          if (options.out && format === 'pdf') {
            // Loaded for this command only: pdfkit and the fonts cost ~0.3 s.
            const [{ badgeFonts }, { writeReportPdf }] = await Promise.all([
              import('../../core/render/index.ts'),
              import('../../core/reports/report-files.ts'),
            ]);
            await writeReportPdf(report, catalog, badgeFonts(), createWriteStream(options.out));
          }
          const { totals } = report;
          const days = from === to ? from : `${from} to ${to}`;
          return {
            result: report,
            text: [
              `Station ${report.station}, ${days} (${timeZone}), from the ledger verified intact to event ${report.ledger.head}:`,
              `  issued ${totals.issued}, reprinted ${totals.reprinted}, voided ${totals.voided}, rejected cards ${totals.rejected}`,
              ...report.reasons.map((reason) => `  ${reason.day} ${reason.kind} ${reason.reason}: ${reason.count}`),
              ...(options.out ? [`Written to ${options.out}.`] : []),
            ].join('\n'),
          };
        });
      }),
    );
}
