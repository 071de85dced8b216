import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../electron/core/catalog/index.ts';
import { KNOWN_VARIABLES, loadLayouts, parseLayout } from '../../electron/core/render/index.ts';

describe('the default layouts', () => {
  it('every badge type of the catalogue has its own layout, and each loads', () => {
    const layouts = loadLayouts();
    for (const type of loadCatalog().types) {
      const layout = layouts.get(type.code);
      expect(layout?.types).toEqual([type.code]);
      expect(layout?.card).toMatchObject({ width: 85.6, height: 53.98 });
      expect(layout?.back?.elements.length).toBeGreaterThan(5);
    }
  });

  it('a layout of an unknown element type says which element and what types exist', () => {
    const layout = {
      name: 'x',
      types: ['guest'],
      card: { width: 85.6, height: 53.98 },
      front: { elements: [{ name: 'logo', type: 'svg' }] },
    };
    expect(() => parseLayout(layout, 'x.json')).toThrow(/x\.json: front element "logo" \(elements\[0\]\): .*text, rect/);
  });

  it('a missing field is named', () => {
    const layout = {
      name: 'x',
      types: ['guest'],
      card: { width: 85.6, height: 53.98 },
      front: { elements: [{ name: 'qr', type: 'barcode', x: 1, y: 1, width: 10, height: 10, symbology: 'qr' }] },
    };
    expect(() => parseLayout(layout, 'x.json')).toThrow('x.json: front element "qr" (elements[0]): content: is missing');
  });

  it('the variables a layout may use are the documented ones', () => {
    expect(KNOWN_VARIABLES).toEqual(
      expect.arrayContaining(['holder.name', 'type.name_zh', 'badge.serial', 'badge.payload', 'lanyard.colour']),
    );
  });
});
