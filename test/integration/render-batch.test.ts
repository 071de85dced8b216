import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CardData, renderBatch } from '../../electron/core/render/index.ts';
import { card, pdfText } from '../support/render.ts';
import { tempDir } from '../support/station.ts';

describe('a batch PDF is the same whichever thread lays each card out', () => {
  it('cards laid out only on worker threads, or only on this one, print in order with the same pages and failures', async () => {
    const good = await card();
    const names = ['欧阳娜娜', 'Nguyễn Thị Minh Khai', 'Maximilian Alexander von Hohenzollern-Sigmaringen'];
    const cards: CardData[] = Array.from({ length: 41 }, (_, i) => ({
      ...good,
      serial: `E-007-${String(i + 1).padStart(7, '0')}-1`,
      holder: { ...good.holder, name: names[i % names.length] as string },
      // One card the QR cannot hold: reported, and the cards after it still print in order.
      ...(i === 17 ? { payload: `BS1:${'A'.repeat(5000)}` } : {}),
    }));
    const dir = tempDir('batch-');
    mkdirSync(dir, { recursive: true });
    const runs = [
      { name: 'workers', options: { workers: 2, chunk: 3, layoutHere: false } },
      { name: 'here', options: { workers: 0 } },
      { name: 'both', options: { workers: 1, chunk: 2 } },
    ];
    const results = [];
    for (const run of runs) {
      const out = join(dir, `${run.name}.pdf`);
      const report = await renderBatch(cards, { out, ...run.options });
      results.push({ report, text: pdfText(readFileSync(out)) });
    }
    const expected = cards.map((c) => c.serial).filter((serial) => serial !== 'E-007-0000018-1');
    for (const { report, text } of results) {
      expect(report.printed).toEqual(expected);
      expect(report.failed.map((f) => [f.serial, f.code])).toEqual([['E-007-0000018-1', 'RENDER_FAILED']]);
      expect(report.pages).toBe(80);
      const at = expected.map((serial) => text.indexOf(serial));
      expect(at.every((position, i) => position >= 0 && (i === 0 || position > (at[i - 1] as number)))).toBe(true);
      expect(text).toBe(results[0]?.text);
    }
  });
});
