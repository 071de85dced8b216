/**
 * QR symbols through `qrcode` (soldair/node-qrcode, ISO/IEC 18004): its module matrix only,
 * drawn by our backends as vector rectangles. A test checks that for the same version and
 * mask the modules are exactly BWIPP's.
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
    symbol = QRCode.create(alphanumericSegment(text) ?? text, {
      errorCorrectionLevel: level,
      ...(options.mask === undefined ? {} : { maskPattern: options.mask as QRCode.QRCodeMaskPattern }),
    });
  } catch (error) {
    if (/too big|amount of data/i.test((error as Error).message)) {
      throw new QrTooLong(`${text.length} characters do not fit a QR symbol at level ${level}`);
    }
    throw error;
  }
  // qrcode's matrix holds 0 and 1 already: a copy, not a per-module callback.
  return {
    size: symbol.modules.size,
    version: symbol.version,
    mask: symbol.maskPattern as number,
    modules: symbol.modules.data.slice(),
  };
}

/** Upper-case letters, digits and ` $%*+-./:`: QR's alphanumeric set, which Base45 payloads stay within. */
const ALPHANUMERIC = /^[0-9A-Z $%*+\-./:]*$/;
/**
 * Digits in a row that might be as cheap as a numeric segment: from 7 at either end of the
 * text (one more segment header, 4 + 10-14 bits, against 2.17 bits saved per digit), more
 * in the middle. Without such a run, one alphanumeric segment is strictly the shortest.
 */
const DIGIT_RUN = /[0-9]{6}/;

/**
 * The segment qrcode's optimiser would choose, given directly when it is certain: its
 * shortest-path search over every split costs more than the rest of the symbol for a
 * ~190-character payload (`test/unit/render-qr.test.ts` checks the two agree).
 */
function alphanumericSegment(text: string): QRCode.QRCodeSegment[] | undefined {
  // All digits is one numeric segment: left to qrcode.
  if (!ALPHANUMERIC.test(text) || DIGIT_RUN.test(text) || !/[^0-9]/.test(text)) return undefined;
  return [{ data: text, mode: 'alphanumeric' }];
}
