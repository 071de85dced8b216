/**
 * The render benchmark's fresh processes.
 *
 * `first DIR LAYOUT`: a cold start (no module loaded, no font read) to the first standard
 * badge's PDF bytes, from the roster's first row. It prints when the bytes exist; the bench
 * times it from before it starts the process, so Node's own start is counted.
 *
 * `rate DIR N all-cores|one-core`: the roster's first N badges as cards, then one batch PDF of
 * them, timed from the first card to the PDF finished. All cores: renderBatch (the worker
 * threads' start included). One core: this thread alone lays out and draws each card into
 * the same kind of file. Both first lay out and draw 20 badges into a PDF thrown away, as
 * the ReportLab peer does, so both start from code compiled here. It prints badges per second, and for one core the milliseconds per badge spent
 * laying out.
 *
 * `batch DIR N`: a batch PDF of the roster's first N badges on worker threads, reporting the
 * peak resident memory of the whole process (the roster's text included).
 */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import type { CardData } from '../../electron/core/render/index.ts';

const [mode, dir, arg] = process.argv.slice(2) as [string, string, string];

if (mode === 'first') {
  const render = await import('../../electron/core/render/index.ts');
  const { loadCatalog } = await import('../../electron/core/catalog/index.ts');
  const { rosterCards } = await import('./render-cards.ts');
  const [card] = rosterCards(firstRows(`${dir}/roster.csv`), loadCatalog(), 1);
  if (!card) throw new Error('no card');
  const pdf = await render.cardPdf(render.layoutCard(render.loadLayout(arg), card));
  if (pdf.length < 1000) throw new Error('no PDF');
  process.stdout.write(`${pdf.length}\n`);
} else if (mode === 'rate') {
  const render = await import('../../electron/core/render/index.ts');
  const { loadCatalog } = await import('../../electron/core/catalog/index.ts');
  const { rosterCards, WARM_UP_BADGES } = await import('./render-cards.ts');
  const catalog = loadCatalog();
  const csv = readFileSync(`${dir}/roster.csv`, 'utf8');
  const layout = render.loadLayout(`${dir}/layouts/standard.json`);
  const context = render.engineContext();
  // The peer's warm-up too (peers/reportlab_badges.py): the first WARM_UP_BADGES badges laid out
  // and drawn into a PDF that is thrown away, so both engines start timing from code that
  // has run every step once, and neither counts a first call's setup.
  const warm = new render.PdfCards(render.badgeFonts(), {});
  for (const card of rosterCards(csv, catalog, WARM_UP_BADGES)) {
    const rendered = render.layoutCard(layout, card, context);
    warm.addSide(rendered.front);
    if (rendered.back) warm.addSide(rendered.back);
  }
  await warm.end();
  const cards = rosterCards(csv, catalog, Number(arg));
  const started = performance.now();
  let layoutMs = 0;
  if (process.argv[5] === 'one-core') {
    // The same file buffer as renderBatch's, so the two rates differ only in the threads.
    const { createWriteStream } = await import('node:fs');
    const out = createWriteStream(`${dir}/rate-one-core.pdf`, { highWaterMark: 1 << 20 });
    const pdf = new render.PdfCards(render.badgeFonts(), {}, out);
    for (const [i, card] of cards.entries()) {
      if (i % 20 === 0) await pdf.settle();
      const t = performance.now();
      const rendered = render.layoutCard(layout, card, context);
      layoutMs += performance.now() - t;
      pdf.addSide(rendered.front);
      if (rendered.back) pdf.addSide(rendered.back);
    }
    await pdf.end();
  } else {
    const report = await render.renderBatch(cards, { out: `${dir}/rate-batch.pdf`, layoutsDir: `${dir}/layouts` });
    if (report.failed.length > 0) throw new Error(report.failed[0]?.message);
  }
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(`${cards.length / seconds} ${layoutMs / cards.length}\n`);
} else {
  const started = performance.now();
  const render = await import('../../electron/core/render/index.ts');
  const { loadCatalog } = await import('../../electron/core/catalog/index.ts');
  const { rosterCards } = await import('./render-cards.ts');
  const catalog = loadCatalog();
  const [header, ...rows] = readFileSync(`${dir}/roster.csv`, 'utf8')
    .split('\n')
    .slice(0, Number(arg) + 1);
  // Cards made as the batch takes them, as the pipeline reads them from the database.
  const cards = (function* () {
    for (const row of rows) yield rosterCards(`${header}\n${row}`, catalog, 1)[0] as CardData;
  })();
  const report = await render.renderBatch(cards, { out: `${dir}/rss-batch.pdf`, layoutsDir: `${dir}/layouts` });
  if (report.failed.length > 0) throw new Error(report.failed[0]?.message);
  process.stdout.write(`${process.resourceUsage().maxRSS / 1024} ${(performance.now() - started) / 1000}\n`);
}

/** The header and first row: the first badge needs one card, not the whole roster read and split. */
function firstRows(path: string): string {
  const buffer = Buffer.alloc(64 * 1024);
  const fd = openSync(path, 'r');
  try {
    const length = readSync(fd, buffer, 0, buffer.length, 0);
    const text = buffer.toString('utf8', 0, length);
    return text.slice(0, text.indexOf('\n', text.indexOf('\n') + 1));
  } finally {
    closeSync(fd);
  }
}
