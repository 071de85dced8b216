import bwipjs from 'bwip-js';
import { describe, expect, it } from 'vitest';
import { barcodeRects } from '../../electron/core/render/barcodes.ts';
import { code128Widths } from '../../electron/core/render/code128.ts';

function bwipp(text: string): string {
  const symbol = (bwipjs.raw as unknown as (options: Record<string, unknown>) => { sbs: number[] }[])({
    bcid: 'code128',
    text,
  })[0];
  return (symbol?.sbs ?? []).join('');
}

describe('Code 128 draws the bars BWIPP (bwip-js) draws', () => {
  it('serials, digit runs of every length at the start, middle and end, and random printable text', () => {
    const texts = ['', '1', '12', '123', '1234', '12345', 'E-007-0000001-1', 'X-000-0000000-0', 'a1234567b', 'A 1234', '12AB'];
    for (let n = 1; n <= 9; n += 1) {
      const digits = '1234567890'.slice(0, n);
      texts.push(digits, `${digits}AB`, `AB${digits}`, `A${digits}B`, `a${digits}~`);
    }
    let seed = 11;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let i = 0; i < 3000; i += 1) {
      const length = random(30);
      let text = '';
      while (text.length < length) {
        text += random(2) ? '0123456789'.slice(0, 1 + random(9)) : String.fromCharCode(32 + random(95));
      }
      texts.push(text.slice(0, length));
    }
    for (const text of texts) expect([text, code128Widths(text)?.join('')]).toEqual([text, bwipp(text)]);
  });

  it('text outside printable ASCII is left to bwip-js', () => {
    expect(code128Widths('Ä-1')).toBeUndefined();
    expect(code128Widths('A\tB')).toBeUndefined();
    const rects = barcodeRects('code128', 'Ä-1', 'M', 40, 10, 10);
    expect(rects.columns).toBeGreaterThan(0);
  });
});
