/** A day report as an A4 PDF to print or mail (report-csv.ts has its CSV). */
import type { Writable } from 'node:stream';
import type { Catalog } from '../catalog/index.ts';
import { SHEET } from '../handover/map-sheet.ts';
import { INK } from '../handover/placed-text.ts';
import { GREY, MARGIN, numbered, ROW, SheetPage, WIDTH } from '../handover/sheet-page.ts';
import { type FontSet, PdfCards } from '../render/index.ts';
import type { DayReport } from './day-report.ts';

const number = new Intl.NumberFormat('en');

export async function writeReportPdf(report: DayReport, catalog: Catalog, fonts: FontSet, out: Writable): Promise<void> {
  const typeName = (code: string) => {
    const type = catalog.type(code);
    return type ? `${type.name_zh} ${type.name_en}` : code;
  };
  const pages: SheetPage[] = [];
  let page = new SheetPage(fonts);
  pages.push(page);
  let y = MARGIN;
  const room = (needed: number) => {
    if (y + needed <= SHEET.height - MARGIN - 8) return;
    page = new SheetPage(fonts);
    pages.push(page);
    y = MARGIN;
  };
  const days = report.from === report.to ? report.from : `${report.from} – ${report.to}`;
  page.text('title', `日报 Day report · 工作站 Station ${report.station} · ${days}`, MARGIN, y, WIDTH, 8, {
    size: 13,
    weight: 'bold',
  });
  y += 9;
  page.text(
    'basis',
    `按台账计算 Counted from the ledger, verified intact: events 1–${report.ledger.head} · 时区 Time zone ${report.timeZone}`,
    MARGIN,
    y,
    WIDTH,
    ROW,
    { size: 8, fill: GREY },
  );
  y += ROW + 3;
  for (const [key, label] of [
    ['issued', '已制证 Cards issued'],
    ['reprinted', '补证 Reprinted'],
    ['voided', '作废 Voided'],
    ['rejected', '废卡 Rejected cards (waste)'],
  ] as const) {
    page.text(`total-${key}`, label, MARGIN, y, 70, ROW, { size: 9, fill: GREY });
    page.text(`total-${key}-value`, number.format(report.totals[key]), MARGIN + 72, y, 30, ROW, { size: 9, weight: 'bold' });
    y += ROW + 0.6;
  }
  y += 3;
  const columns = [
    { key: 'day', label: '日期 Day', x: 0, width: 22 },
    { key: 'user', label: '制证人 Person', x: 23, width: 45 },
    { key: 'type', label: '类别 Type', x: 69, width: 45 },
    { key: 'issued', label: '制证 Issued', x: 115, width: 16 },
    { key: 'reprinted', label: '补证 Reprint', x: 132, width: 16 },
    { key: 'voided', label: '作废 Void', x: 149, width: 16 },
    { key: 'rejected', label: '废卡 Waste', x: 166, width: 20 },
  ] as const;
  const header = () => {
    for (const column of columns)
      page.text(`head-${column.key}-${y}`, column.label, MARGIN + column.x, y, column.width, ROW, {
        size: 7.5,
        weight: 'bold',
        ...(column.x >= 115 ? { align: 'right' as const } : {}),
      });
    page.rule(`head-rule-${y}`, y + ROW, INK, 0.3);
    y += ROW + 0.8;
  };
  header();
  if (report.rows.length === 0) {
    page.text('none', '这些天没有记录 Nothing recorded on these days', MARGIN, y, WIDTH, ROW, { size: 8, fill: GREY });
    y += ROW;
  }
  for (const [index, row] of report.rows.entries()) {
    if (y + ROW > SHEET.height - MARGIN - 8) {
      room(ROW * 2);
      header();
    }
    const cells: Record<(typeof columns)[number]['key'], string> = {
      day: row.day,
      user: row.user,
      type: typeName(row.type),
      issued: number.format(row.issued),
      reprinted: number.format(row.reprinted),
      voided: number.format(row.voided),
      rejected: number.format(row.rejected),
    };
    for (const column of columns)
      page.text(`row-${index}-${column.key}`, cells[column.key], MARGIN + column.x, y, column.width, ROW, {
        size: 7.5,
        ...(column.x >= 115 ? { align: 'right' as const } : {}),
      });
    y += ROW;
  }
  y += 4;
  room(ROW * 3);
  page.text('reasons-title', '原因 Reasons: reprints, voids and wasted cards', MARGIN, y, WIDTH, ROW, {
    size: 9,
    weight: 'bold',
  });
  page.rule('reasons-rule', y + ROW, INK, 0.3);
  y += ROW + 0.8;
  if (report.reasons.length === 0) page.text('reasons-none', '无 None', MARGIN, y, WIDTH, ROW, { size: 8, fill: GREY });
  for (const [index, reason] of report.reasons.entries()) {
    room(ROW);
    page.text(`reason-${index}`, `${reason.day}  ${reason.kind}  ${reason.reason}`, MARGIN, y, 150, ROW, { size: 7.5 });
    page.text(`reason-${index}-count`, number.format(reason.count), MARGIN + 150, y, 36, ROW, { size: 7.5, align: 'right' });
    y += ROW;
  }
  const pdf = new PdfCards(fonts, { title: `Day report: station ${report.station}, ${days}` }, out);
  for (const list of numbered(pages, '页 Page')) {
    pdf.addSide(list);
    await pdf.settle();
  }
  await pdf.end();
}
