import { describe, expect, it } from 'vitest';
import { imagePlacement } from '../../electron/core/render/display-list.ts';
import { type CardData, type DisplayItem, engineContext, layoutSide, parseLayout } from '../../electron/core/render/index.ts';
import { card } from '../support/render.ts';

function layoutWith(elements: unknown[]) {
  return parseLayout({ name: 't', types: ['exhibitor'], card: { width: 85.6, height: 53.98 }, front: { elements } }, 't.json');
}
const barcode = (symbology: string, content: string) => ({
  name: symbology,
  type: 'barcode',
  x: 5,
  y: 5,
  width: 40,
  height: 20,
  symbology,
  content,
});

describe('elements', () => {
  it('DataMatrix, PDF417 and Code 128 are drawn as module runs inside their box', async () => {
    const data: CardData = await card();
    const list = layoutSide(
      layoutWith([
        barcode('datamatrix', '{badge.payload}'),
        barcode('pdf417', '{badge.serial}'),
        barcode('code128', '{badge.serial}'),
      ]),
      'front',
      data,
      engineContext(),
    );
    for (const item of list.items) {
      expect(item.kind).toBe('bars');
      if (item.kind !== 'bars') continue;
      expect(item.runs.length).toBeGreaterThan(30);
      const columns = Math.max(
        ...Array.from(
          { length: item.runs.length / 3 },
          (_, i) => (item.runs[3 * i] as number) + (item.runs[3 * i + 2] as number),
        ),
      );
      expect(item.x + columns * item.moduleWidth).toBeLessThanOrEqual(45 + 1e-6);
    }
  });

  it('content too long for a DataMatrix fails the card naming the element', async () => {
    const data = await card();
    expect(() =>
      layoutSide(
        layoutWith([barcode('datamatrix', `${'{badge.payload}'.repeat(1)}${'x'.repeat(4000)}`)]),
        'front',
        data,
        engineContext(),
      ),
    ).toThrow(/front element "datamatrix": .*too many for a datamatrix symbol/);
  });

  it('photos cover, fit inside, or cover keeping the top (faces) of their box', () => {
    const image = { format: 'jpeg' as const, width: 400, height: 400, bytes: new Uint8Array() };
    const base = { element: 'photo', kind: 'image' as const, x: 0, y: 0, width: 20, height: 26, image, radius: 0 };
    const place = (fit: 'cover' | 'contain' | 'top') =>
      imagePlacement({ ...base, fit } as Extract<DisplayItem, { kind: 'image' }>);
    expect(place('cover')).toEqual({ x: -3, y: 0, width: 26, height: 26 });
    expect(place('contain')).toEqual({ x: 0, y: 3, width: 20, height: 20 });
    expect(place('top')).toEqual({ x: -3, y: 0, width: 26, height: 26 });
    const tall = { ...image, width: 300, height: 600 };
    expect(imagePlacement({ ...base, image: tall, fit: 'top' } as Extract<DisplayItem, { kind: 'image' }>).y).toBe(0);
    expect(imagePlacement({ ...base, image: tall, fit: 'cover' } as Extract<DisplayItem, { kind: 'image' }>).y).toBeLessThan(0);
  });

  it('conditions: an element shows only when its rule holds', async () => {
    const data = await card({ typeCode: 'visitor' });
    const layout = layoutWith([
      { name: 'vip', type: 'rect', x: 1, y: 1, width: 5, height: 5, fill: '#000000', when: { zone: 'VL' } },
      { name: 'not-vip', type: 'rect', x: 1, y: 1, width: 5, height: 5, fill: '#000000', when: { not: { zone: 'VL' } } },
      {
        name: 'hall',
        type: 'rect',
        x: 1,
        y: 1,
        width: 5,
        height: 5,
        fill: '#000000',
        when: { all: [{ zone: 'H1' }, { type: ['visitor'] }] },
      },
    ]);
    expect(layoutSide(layout, 'front', data, engineContext()).items.map((i) => i.element)).toEqual(['not-vip', 'hall']);
  });
});
