import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CardData, layoutCard, layoutFor, loadLayout, loadLayouts, renderBatch } from '../../electron/core/render/index.ts';
import { card, pdfText } from '../support/render.ts';
import { tempDir } from '../support/station.ts';

const layouts = loadLayouts();
const render = (data: CardData) => layoutCard(layoutFor(layouts, data), data);
const standard = JSON.parse(readFileSync(new URL('../../templates/layouts/exhibitor.json', import.meta.url), 'utf8'));

function layoutFile(change: (layout: typeof standard) => unknown): string {
  const layout = structuredClone(standard);
  const text = change(layout);
  const file = join(tempDir('layout-'), 'bad.json');
  writeFileSync(file, typeof text === 'string' ? text : JSON.stringify(layout));
  return file;
}

describe('bad layouts are refused on load, naming the element and the field', () => {
  it('a malformed file', () => {
    expect(() => loadLayout(layoutFile(() => '{"name": "x", '))).toThrow(/bad\.json: .*JSON/);
    const file = layoutFile((layout) => {
      layout.front.elements[2].size = -3;
    });
    expect(() => loadLayout(file)).toThrow(/front element "type-zh" \(elements\[2\]\): size: must be more than 0/);
  });

  it('an unknown variable', () => {
    const file = layoutFile((layout) => {
      layout.front.elements.find((e: { name: string }) => e.name === 'name').text = '{holder.nickname}';
    });
    expect(() => loadLayout(file)).toThrow(/front element "name" .*: text: \{holder\.nickname\} is not a variable a badge has/);
  });

  it('an element outside the card', () => {
    const file = layoutFile((layout) => {
      layout.back.elements.find((e: { name: string }) => e.name === 'serial-code').x = 70;
    });
    expect(() => loadLayout(file)).toThrow(/back element "serial-code" .*outside the 85\.6 x 53\.98 mm card/);
  });
});

describe('bad cards: a clear message naming the element, and the rest of the batch renders', () => {
  it('a missing photo, a corrupt photo and a glyph the font lacks are warnings; a card gets a placeholder', async () => {
    const missing = render(await card({ photo: { path: '/nonexistent/H-1.jpg' } }));
    expect(missing.warnings.map((w) => w.code)).toContain('IMAGE_MISSING');
    expect(missing.warnings[0]?.message).toMatch(/front element "photo": the photo file is missing; a placeholder is printed/);

    const corrupt = render(await card({ photo: { bytes: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 5, 6, 7, 8, 9]) } }));
    expect(corrupt.warnings.find((w) => w.code === 'IMAGE_UNREADABLE')?.message).toMatch(
      /front element "photo": the photo is a JPEG cut short/,
    );

    const data = await card();
    const glyph = render({ ...data, holder: { ...data.holder, organisation: 'ร้านค้า Thai Trading' } });
    expect(glyph.warnings.find((w) => w.code === 'GLYPH_MISSING')?.message).toMatch(
      /front element "organisation": the badge font has no glyph for "ร" \(U\+0E23, Thai\)/,
    );
  });

  it('barcode content too long for its symbol fails that card only, and the batch prints the others in order', async () => {
    const good = await card();
    const cards: CardData[] = [
      { ...good, serial: 'E-007-0000001-1' },
      { ...good, serial: 'E-007-0000002-1', payload: `BS1:${'A'.repeat(5000)}` },
      { ...good, serial: 'E-007-0000003-1', photo: { bytes: Buffer.from('not a photo') } },
      { ...good, serial: 'E-007-0000004-1', holder: { ...good.holder, name: '欧阳娜娜' } },
    ];
    const dir = tempDir('batch-');
    mkdirSync(dir, { recursive: true });
    const out = join(dir, 'batch.pdf');
    const report = await renderBatch(cards, { out, workers: 2, chunk: 1 });
    expect(report.printed).toEqual(['E-007-0000001-1', 'E-007-0000003-1', 'E-007-0000004-1']);
    expect(report.failed).toEqual([
      expect.objectContaining({
        serial: 'E-007-0000002-1',
        code: 'RENDER_FAILED',
        message: expect.stringMatching(/front element "qr": 5004 characters are too many for a qr symbol/),
      }),
    ]);
    expect(report.warnings.find((w) => w.serial === 'E-007-0000003-1')?.code).toBe('IMAGE_UNREADABLE');
    expect(report.pages).toBe(6);
    const text = pdfText(readFileSync(out));
    expect(text.indexOf('E-007-0000001-1')).toBeLessThan(text.indexOf('E-007-0000003-1'));
    expect(text.indexOf('E-007-0000003-1')).toBeLessThan(text.indexOf('E-007-0000004-1'));
    expect(text).not.toContain('E-007-0000002-1');
  });
});
