/**
 * The render benchmark's fresh processes. `first`: from a cold start (modules not yet
 * loaded) to the first standard badge's PDF. `batch N`: a batch PDF of the roster's first
 * N badges on worker threads, reporting the peak resident memory of the whole process.
 */
import { readFileSync } from 'node:fs';

const [mode, dir, arg] = process.argv.slice(2) as [string, string, string | undefined];
const started = performance.now();
const { loadCatalog } = await import('../../electron/core/catalog/index.ts');
const render = await import('../../electron/core/render/index.ts');
const { rosterCards } = await import('./render-roster.ts');
const catalog = loadCatalog();
const layoutFile = new URL('./standard-badge.json', import.meta.url).pathname;

if (mode === 'first') {
  const [card] = rosterCards(readFileSync(`${dir}/roster.csv`, 'utf8'), catalog, 1);
  const layout = render.loadLayout(layoutFile);
  const pdf = await render.cardPdf(render.layoutCard(layout, card as never));
  if (pdf.length < 1000) throw new Error('no PDF');
  process.stdout.write(`${performance.now() - started}\n`);
} else {
  const cards = rosterCards(readFileSync(`${dir}/roster.csv`, 'utf8'), catalog, Number(arg));
  const report = await render.renderBatch(cards, { out: `${dir}/rss-batch.pdf`, layoutsDir: `${dir}/layouts` });
  if (report.failed.length > 0) throw new Error(report.failed[0]?.message);
  process.stdout.write(`${process.resourceUsage().maxRSS / 1024} ${(performance.now() - started) / 1000}\n`);
}
