import bwipjs from 'bwip-js';
import { describe, expect, it } from 'vitest';
import { encodeQr } from '../../electron/core/render/qr.ts';
import { signedPayload } from '../support/render.ts';

function bwipp(text: string, level: string, options: Record<string, unknown> = {}) {
  const symbol = (bwipjs.raw as unknown as (options: Record<string, unknown>) => unknown[])({
    bcid: 'qrcode',
    text,
    eclevel: level,
    ...options,
  })[0] as {
    pixx: number;
    pixs: number[];
  };
  return { size: symbol.pixx, modules: Uint8Array.from(symbol.pixs) };
}

describe('the QR encoder draws the symbols BWIPP (bwip-js) draws', () => {
  it('badge payloads at every level: the same version, and the same modules for the same mask', () => {
    for (let i = 0; i < 12; i += 1) {
      const text = signedPayload(1000 + i * 7919);
      for (const level of ['L', 'M', 'Q', 'H'] as const) {
        const ours = encodeQr(text, level);
        const theirs = bwipp(text, level, { version: String(ours.version), mask: ours.mask + 1 });
        expect(ours.size).toBe(theirs.size);
        expect(Buffer.from(ours.modules).equals(Buffer.from(theirs.modules))).toBe(true);
        // Left to choose, BWIPP picks the same size of symbol.
        expect(bwipp(text, level).size).toBe(ours.size);
      }
    }
  });

  it('text beyond version 40 is refused', () => {
    expect(() => encodeQr('A'.repeat(4300), 'M')).toThrow(/do not fit a QR symbol/);
  });
});
