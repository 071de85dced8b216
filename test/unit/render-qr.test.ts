import bwipjs from 'bwip-js';
import QRCode from 'qrcode';
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

  it('any text, in any mode: the mask qrcode would choose by its penalty rules, and the same modules', () => {
    const texts = ['https://example.org/badge?id=42&k=v', '欧阳娜娜 Nguyễn Thị Minh Khai', '0123456789012345678901', 'x'];
    for (let i = 0; i < 40; i += 1) texts.push(`${signedPayload(77 + i * 131)}${'abc'.repeat(i % 5)}`);
    expectAsQrcode(texts);
  });

  it('alphanumeric text given as one segment makes the symbol qrcode would make by searching every split', () => {
    const set = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const texts = [signedPayload(4242), '12345ABC', 'ABC12345', 'A1B2C3', '99999', 'BS1:00000X11111'];
    for (let i = 0; i < 300; i += 1) {
      const length = 1 + random(260);
      let text = '';
      while (text.length < length) {
        // Runs of up to 5 digits, the longest given straight as alphanumeric, and some of 6-9 that are not.
        text += random(3) === 0 ? '0123456789'.slice(0, 1 + random(9)) : (set[10 + random(35)] as string);
      }
      texts.push(text.slice(0, length));
    }
    expectAsQrcode(texts);
  });

  it('text beyond version 40 is refused', () => {
    expect(() => encodeQr('A'.repeat(4300), 'M')).toThrow(/do not fit a QR symbol/);
  });
});

/** Each text at every level: the version, mask and modules qrcode makes when left to choose. */
function expectAsQrcode(texts: string[]): void {
  for (const text of texts) {
    for (const level of ['L', 'M', 'Q', 'H'] as const) {
      const theirs = QRCode.create(text, { errorCorrectionLevel: level });
      const ours = encodeQr(text, level);
      expect([ours.version, ours.mask]).toEqual([theirs.version, theirs.maskPattern]);
      expect(Buffer.from(ours.modules).equals(Buffer.from(theirs.modules.data))).toBe(true);
    }
  }
}
