/** The day report for the desk: counted from the verified ledger, the check giving the core's thread back between slices. */
import { PassThrough } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { loadCatalog } from '../../catalog/index.ts';
import { dayOf, dayReport, reportCsv } from '../../reports/index.ts';
import type { Handlers } from '../server.ts';
import type { StationAccess } from './station-access.ts';

export function reportsHandlers(
  access: StationAccess,
  options: { timeZone?: string | undefined } = {},
): Pick<Handlers, 'reports.day' | 'reports.file'> {
  const timeZone = options.timeZone ?? new Intl.DateTimeFormat().resolvedOptions().timeZone;
  const report = (span: { from?: string | undefined; to?: string | undefined }) => {
    const station = access.station();
    const today = dayOf(station.clock(), timeZone);
    return dayReport(station, loadCatalog(), {
      from: span.from ?? span.to ?? today,
      to: span.to ?? span.from ?? today,
      timeZone,
      turn: () => new Promise((resolve) => setImmediate(resolve)),
    });
  };
  return {
    'reports.day': (span) => report(span),
    'reports.file': async ({ format, ...span }) => {
      const made = await report(span);
      const days = made.from === made.to ? made.from : `${made.from}-to-${made.to}`;
      const fileName = `report-station-${made.station}-${days}.${format}`;
      if (format === 'csv')
        return { fileName, mime: 'text/csv', base64: Buffer.from(reportCsv(made), 'utf8').toString('base64') };
      const [{ badgeFonts }, { writeReportPdf }] = await Promise.all([
        import('../../render/index.ts'),
        import('../../reports/report-files.ts'),
      ]);
      const out = new PassThrough();
      const bytes = buffer(out);
      await writeReportPdf(made, loadCatalog(), badgeFonts(), out);
      return { fileName, mime: 'application/pdf', base64: (await bytes).toString('base64') };
    },
  };
}
