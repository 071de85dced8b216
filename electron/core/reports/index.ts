export {
  type DayReport,
  dayOf,
  dayReport,
  REPORT_EVENTS,
  type ReasonRow,
  type ReportKind,
  type ReportOptions,
  type ReportRow,
} from './day-report.ts';
// The PDF is report-files.ts, imported where it is written: it loads pdfkit and the fonts.
export { reportCsv } from './report-csv.ts';
