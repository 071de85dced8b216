/**
 * The paper that goes with a batch to the handover table, A4 for the office printer, drawn
 * by the cards' engine (display lists, so the PDF and a preview agree):
 *
 * - the lanyard pick list: the totals per lanyard colour and sleeve first (what to take from
 *   the stock), then every card in handover order with its serial, holder, type and lanyard;
 * - a separator sheet per organisation, laid between its cards: the organisation, how many
 *   cards of which types, their serials, and lines for the representative who collects;
 * - the batch summary: counts by type, lanyard and organisation, rejected cards with their
 *   reasons, reprints, who printed and when.
 *
 * Decision: one sleeve for every card (the CR80 sleeve with the map pocket), so the sleeve
 * total is the card count; the roster has no organisation contact, so the separator leaves
 * a line for it to be written in.
 */
import type { Catalog } from '../catalog/index.ts';
import type { DisplayList, FontSet } from '../render/index.ts';
import type { BatchFacts, HandoverCard } from './batch.ts';
import { SHEET } from './map-sheet.ts';
import { INK } from './placed-text.ts';
import { GREY, MARGIN, numbered, SheetPage as Page, ROW, WIDTH } from './sheet-page.ts';

const number = new Intl.NumberFormat('en');

interface Count {
  key: string;
  label: string;
  colour: string;
  count: number;
}

function countBy(cards: readonly HandoverCard[], key: (card: HandoverCard) => Omit<Count, 'count'>): Count[] {
  const counts = new Map<string, Count>();
  for (const card of cards) {
    const what = key(card);
    const entry = counts.get(what.key) ?? { ...what, count: 0 };
    entry.count += 1;
    counts.set(what.key, entry);
  }
  return [...counts.values()];
}

const lanyardOf = (card: HandoverCard) => ({
  key: card.type.lanyard.colour,
  label: `${card.type.lanyard.name_zh} ${card.type.lanyard.name_en}`,
  colour: card.type.lanyard.colour,
});
const typeOf = (card: HandoverCard) => ({
  key: card.type.code,
  label: `${card.type.letter}  ${card.type.name_zh} ${card.type.name_en}`,
  colour: card.type.card_colour,
});

/** Totals per lanyard colour, then one line a card; new organisations start under a heavier rule. */
export function pickList(batch: BatchFacts, fonts: FontSet): DisplayList[] {
  const pages: Page[] = [];
  const title = `领取清单 Lanyard pick list · 任务 Job ${batch.job} "${batch.name}" · ${number.format(batch.cards.length)} 张 cards`;
  let page = new Page(fonts);
  pages.push(page);
  page.text('title', title, MARGIN, MARGIN, WIDTH, 8, { size: 12, weight: 'bold' });
  let y = MARGIN + 10;
  page.text('totals-title', '取用 Take from stock', MARGIN, y, WIDTH, 5, { size: 8, weight: 'bold' });
  y += 5.5;
  for (const lanyard of countBy(batch.cards, lanyardOf)) {
    page.swatch(`total-swatch-${lanyard.key}`, MARGIN, y + 1, 3.2, lanyard.colour);
    page.text(`total-lanyard-${lanyard.key}`, `挂绳 Lanyard ${lanyard.label}`, MARGIN + 5, y, 90, ROW, { size: 8 });
    page.text(`total-lanyard-${lanyard.key}-count`, number.format(lanyard.count), MARGIN + 95, y, 25, ROW, {
      size: 8,
      weight: 'bold',
      align: 'right',
    });
    y += ROW;
  }
  page.text('total-sleeves', '卡套（带地图袋） Sleeves with map pocket', MARGIN + 5, y, 90, ROW, { size: 8 });
  page.text('total-sleeves-count', number.format(batch.cards.length), MARGIN + 95, y, 25, ROW, {
    size: 8,
    weight: 'bold',
    align: 'right',
  });
  y += ROW + 3;

  const columns = [
    { key: 'n', label: '#', width: 12, align: 'right' as const },
    { key: 'serial', label: '编号 Serial', width: 36 },
    { key: 'holder', label: '持证人 Holder', width: 50 },
    { key: 'organisation', label: '单位 Organisation', width: 44 },
    { key: 'type', label: '类型 Type', width: 14 },
    { key: 'lanyard', label: '挂绳 Lanyard', width: WIDTH - 12 - 36 - 50 - 44 - 14 },
  ];
  const header = (at: number) => {
    let x = MARGIN;
    for (const column of columns) {
      page.text(`head-${column.key}`, column.label, x + 1, at, column.width - 2, ROW, {
        size: 7,
        weight: 'bold',
        align: column.align ?? 'left',
      });
      x += column.width;
    }
    page.rule('head-rule', at + ROW, INK, 0.3);
    return at + ROW + 0.5;
  };
  y = header(y);
  let organisation: string | undefined;
  batch.cards.forEach((card, index) => {
    if (y + ROW > SHEET.height - MARGIN - 6) {
      page = new Page(fonts);
      pages.push(page);
      page.text('title', title, MARGIN, MARGIN, WIDTH, 6, { size: 9, weight: 'bold' });
      y = header(MARGIN + 7);
      organisation = card.organisation;
    }
    if (organisation !== undefined && card.organisation !== organisation) page.rule(`org-rule-${index}`, y, INK, 0.3);
    organisation = card.organisation;
    const cells = [
      String(index + 1),
      card.serial,
      card.latinName && card.latinName !== card.name ? `${card.name} ${card.latinName}` : card.name,
      card.organisation,
      card.type.letter,
      `${card.type.lanyard.name_zh} ${card.type.lanyard.name_en}`,
    ];
    let x = MARGIN;
    columns.forEach((column, c) => {
      if (column.key === 'lanyard') {
        page.swatch(`row-${index}-swatch`, x + 1, y + 1.2, 2.8, card.type.lanyard.colour);
        page.text(`row-${index}-${column.key}`, cells[c] as string, x + 5, y, column.width - 6, ROW, { size: 7 });
      } else {
        page.text(`row-${index}-${column.key}`, cells[c] as string, x + 1, y, column.width - 2, ROW, {
          size: 7,
          align: column.align ?? 'left',
          weight: column.key === 'serial' || column.key === 'type' ? 'bold' : 'regular',
        });
      }
      x += column.width;
    });
    y += ROW;
  });
  return numbered(pages, 'pick list');
}

/** One sheet per organisation, in handover order (their cards' order). */
export function separatorSheets(batch: BatchFacts, fonts: FontSet): DisplayList[] {
  const groups: { organisation: string; cards: HandoverCard[] }[] = [];
  for (const card of batch.cards) {
    const last = groups.at(-1);
    if (last && last.organisation === card.organisation) last.cards.push(card);
    else groups.push({ organisation: card.organisation, cards: [card] });
  }
  return groups.map((group, index) => {
    const page = new Page(fonts);
    page.text(
      'job',
      `任务 Job ${batch.job} "${batch.name}" · 分隔页 Separator ${index + 1} / ${groups.length}`,
      MARGIN,
      MARGIN,
      WIDTH,
      6,
      {
        size: 9,
        fill: GREY,
      },
    );
    page.rule('top-rule', MARGIN + 8, INK, 0.6);
    page.text('organisation', group.organisation || '（无单位）No organisation', MARGIN, MARGIN + 12, WIDTH, 36, {
      size: 30,
      weight: 'bold',
      maxLines: 3,
    });
    page.text('count', `${number.format(group.cards.length)} 张证件 cards`, MARGIN, MARGIN + 50, WIDTH, 12, {
      size: 20,
      weight: 'bold',
    });
    let y = MARGIN + 66;
    for (const type of countBy(group.cards, typeOf)) {
      page.swatch(`type-swatch-${type.key}`, MARGIN, y + 1, 4, type.colour);
      page.text(`type-${type.key}`, type.label, MARGIN + 6, y, 110, 6, { size: 11 });
      page.text(`type-${type.key}-count`, number.format(type.count), MARGIN + 120, y, 25, 6, {
        size: 11,
        weight: 'bold',
        align: 'right',
      });
      y += 7;
    }
    y += 3;
    page.text('serials-title', '编号 Serials', MARGIN, y, WIDTH, 5, { size: 8, weight: 'bold' });
    y += 6;
    // Four columns of serials, as many rows as leave room for the collection lines below.
    const rows = Math.max(1, Math.floor((SHEET.height - MARGIN - 40 - y) / 4.2));
    const shown = group.cards.slice(0, rows * 4);
    shown.forEach((card, n) => {
      const column = Math.floor(n / rows);
      page.text(`serial-${n}`, card.serial, MARGIN + column * (WIDTH / 4), y + (n % rows) * 4.2, WIDTH / 4 - 2, 4.2, {
        size: 7.5,
      });
    });
    if (group.cards.length > shown.length)
      page.text(
        'serials-more',
        `另有 ${group.cards.length - shown.length} 张，见领取清单 and ${group.cards.length - shown.length} more: see the pick list`,
        MARGIN,
        y + rows * 4.2,
        WIDTH,
        5,
        { size: 7.5, fill: GREY },
      );
    const lines = SHEET.height - MARGIN - 30;
    for (const [n, label] of ['联系人 Contact', '代领人 Representative', '签名 Signature · 日期 Date'].entries()) {
      page.text(`line-${n}`, label, MARGIN, lines + n * 10, 55, 6, { size: 9 });
      page.rule(`line-${n}-rule`, lines + n * 10 + 6, INK, 0.2);
    }
    return page.list();
  });
}

/** The batch on one sheet: what was handed over, what was wasted, who printed it and when. */
export function batchSummary(batch: BatchFacts, catalog: Catalog, fonts: FontSet, timeZone?: string): DisplayList {
  const page = new Page(fonts);
  const when = (at: number | undefined) =>
    at === undefined
      ? '—'
      : new Intl.DateTimeFormat('zh-CN', {
          dateStyle: 'short',
          timeStyle: 'short',
          hour12: false,
          ...(timeZone ? { timeZone } : {}),
        }).format(at);
  page.text('title', `批次汇总 Batch summary · 任务 Job ${batch.job} "${batch.name}"`, MARGIN, MARGIN, WIDTH, 8, {
    size: 13,
    weight: 'bold',
  });
  let y = MARGIN + 11;
  const fact = (key: string, label: string, value: string) => {
    page.text(`fact-${key}`, label, MARGIN, y, 70, ROW, { size: 8.5, fill: GREY });
    page.text(`fact-${key}-value`, value, MARGIN + 72, y, WIDTH - 72, ROW, { size: 8.5, weight: 'bold' });
    y += ROW + 0.6;
  };
  fact('issued', '已制证 Cards issued', number.format(batch.cards.length));
  fact('not-issued', '未完成 Not issued', number.format(batch.notIssued));
  fact('reprints', '补证 Reprints (version 2 or later)', number.format(batch.cards.filter((card) => card.version > 1).length));
  fact('rejected', '废卡 Rejected cards (waste)', number.format(batch.rejects.length));
  fact('printed-by', '制证人 Printed by', batch.printedBy.join(', ') || '—');
  fact(
    'printers',
    '打印机 Printers',
    batch.printers.map((printer) => `${printer.name} ${number.format(printer.cards)}`).join(' · ') || '—',
  );
  fact('when', '时间 From – to', `${when(batch.firstIssuedAt)} – ${when(batch.lastIssuedAt)}`);
  y += 3;
  const table = (key: string, title: string, counts: Count[], limit: number) => {
    page.text(`${key}-title`, title, MARGIN, y, WIDTH, ROW, { size: 9, weight: 'bold' });
    page.rule(`${key}-rule`, y + ROW, INK, 0.3);
    y += ROW + 0.8;
    const sorted = [...counts].sort((a, b) => b.count - a.count);
    for (const entry of sorted.slice(0, limit)) {
      if (entry.colour) page.swatch(`${key}-swatch-${entry.key}`, MARGIN, y + 1, 3, entry.colour);
      page.text(`${key}-${entry.key}`, entry.label, MARGIN + (entry.colour ? 5 : 0), y, 120, ROW, { size: 8 });
      page.text(`${key}-${entry.key}-count`, number.format(entry.count), MARGIN + 125, y, 25, ROW, {
        size: 8,
        weight: 'bold',
        align: 'right',
      });
      y += ROW;
    }
    if (sorted.length > limit) {
      const rest = sorted.slice(limit).reduce((sum, entry) => sum + entry.count, 0);
      page.text(`${key}-others`, `其他 ${sorted.length - limit} 个 ${sorted.length - limit} others`, MARGIN + 5, y, 120, ROW, {
        size: 8,
        fill: GREY,
      });
      page.text(`${key}-others-count`, number.format(rest), MARGIN + 125, y, 25, ROW, {
        size: 8,
        weight: 'bold',
        align: 'right',
      });
      y += ROW;
    }
    y += 3;
  };
  const byType = countBy(batch.cards, typeOf);
  table(
    'types',
    '按类型 By type',
    catalog.types.map((type) => byType.find((entry) => entry.key === type.code)).filter((entry) => entry !== undefined),
    10,
  );
  table('lanyards', '按挂绳 By lanyard', countBy(batch.cards, lanyardOf), 10);
  table(
    'organisations',
    '按单位 By organisation',
    countBy(batch.cards, (card) => ({
      key: card.organisation,
      label: card.organisation || '（无单位）No organisation',
      colour: '',
    })),
    15,
  );
  const reasons = new Map<string, number>();
  for (const reject of batch.rejects) reasons.set(reject.reason, (reasons.get(reject.reason) ?? 0) + 1);
  table(
    'rejects',
    '废卡原因 Rejected cards by reason',
    [...reasons].map(([reason, count]) => ({ key: reason, label: reason, colour: '', count })),
    10,
  );
  if (reasons.size === 0) page.text('rejects-none', '无 None', MARGIN, y - 3, WIDTH, ROW, { size: 8, fill: GREY });
  return page.list();
}
