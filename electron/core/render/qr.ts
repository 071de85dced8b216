/**
 * QR symbols through `qrcode` (soldair/node-qrcode, ISO/IEC 18004): its module matrix only,
 * drawn by our backends as vector rectangles. About 1 ms for a badge payload, against
 * 7-10 ms through bwip-js's PostScript emulation; a test checks that for the same version
 * and mask the modules are exactly BWIPP's.
 */
import QRCode from 'qrcode';

export type QrLevel = 'L' | 'M' | 'Q' | 'H';

export class QrTooLong extends Error {}

export interface QrSymbol {
  size: number;
  version: number;
  mask: number;
  /** Row-major, 1 = dark. */
  modules: Uint8Array;
}

export function encodeQr(text: string, level: QrLevel, options: { mask?: number } = {}): QrSymbol {
  let symbol: QRCode.QRCode;
  try {
    symbol = QRCode.create(text, {
      errorCorrectionLevel: level,
      ...(options.mask === undefined ? {} : { maskPattern: options.mask as QRCode.QRCodeMaskPattern }),
    });
  } catch (error) {
    if (/too big|amount of data/i.test((error as Error).message)) {
      throw new QrTooLong(`${text.length} characters do not fit a QR symbol at level ${level}`);
    }
    throw error;
  }
  return {
    size: symbol.modules.size,
    version: symbol.version,
    mask: symbol.maskPattern as number,
    modules: Uint8Array.from(symbol.modules.data, (bit) => (bit ? 1 : 0)),
  };
}
