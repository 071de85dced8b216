/** A day report as CSV for a spreadsheet: the figures, then the reasons, each a table with its own header. */
import { csvLine } from '../csv.ts';
import type { DayReport } from './day-report.ts';

const COLUMNS = ['day', 'station', 'user', 'type', 'issued', 'reprinted', 'voided', 'rejected'] as const;

/** With a BOM, so Excel reads the Chinese names right; the reasons follow after an empty line. */
export function reportCsv(report: DayReport): string {
  const lines = [csvLine([...COLUMNS])];
  for (const row of report.rows) lines.push(csvLine(COLUMNS.map((column) => String(row[column]))));
  lines.push(
    csvLine([
      'total',
      report.station,
      '',
      '',
      String(report.totals.issued),
      String(report.totals.reprinted),
      String(report.totals.voided),
      String(report.totals.rejected),
    ]),
  );
  lines.push('\r\n', csvLine(['day', 'kind', 'reason', 'count']));
  for (const reason of report.reasons) lines.push(csvLine([reason.day, reason.kind, reason.reason, String(reason.count)]));
  return `\uFEFF${lines.join('')}`;
}
