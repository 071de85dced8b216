/**
 * Barcodes as vector rectangles: the symbol's module matrix (qrcode for QR, our Code 128
 * for printable text, bwip-js's PostScript BWIPP encoder for the rest), drawn as one
 * rectangle per horizontal run of dark modules, so print and preview are sharp at any
 * resolution and need no raster image.
 */
import { createRequire } from 'node:module';
import type bwipjsModule from 'bwip-js';
import { code128Widths } from './code128.ts';
import { encodeQr, QrTooLong } from './qr.ts';

let bwip: typeof bwipjsModule | undefined;
/** bwip-js is loaded on first use: a card with a QR and a Code 128 serial never waits for it. */
function bwipjs(): typeof bwipjsModule {
  bwip ??= createRequire(import.meta.url)('bwip-js') as typeof bwipjsModule;
  return bwip;
}

export type Symbology = 'qr' | 'datamatrix' | 'pdf417' | 'code128';

export interface BarcodeRects {
  /** Where module (0, 0) sits, in mm from the element's corner, and a module's size in mm. */
  left: number;
  top: number;
  moduleWidth: number;
  moduleHeight: number;
  /** column, row, length of each horizontal run of dark modules, in modules. */
  runs: Uint16Array;
  /** Modules across and down (bars for Code 128). */
  columns: number;
  rows: number;
}

export class BarcodeContentError extends Error {}

interface Matrix {
  columns: number;
  rows: number;
  dark(column: number, row: number): boolean;
}

const BCID: Record<Symbology, string> = { qr: 'qrcode', datamatrix: 'datamatrix', pdf417: 'pdf417', code128: 'code128' };

export function barcodeMatrix(symbology: Symbology, content: string, level: 'L' | 'M' | 'Q' | 'H'): Matrix {
  if (symbology === 'qr') {
    // Through qrcode: the same modules as BWIPP for a given version and mask, at a tenth of the cost.
    try {
      const symbol = encodeQr(content, level);
      return { columns: symbol.size, rows: symbol.size, dark: (column, row) => symbol.modules[row * symbol.size + column] === 1 };
    } catch (error) {
      if (error instanceof QrTooLong)
        throw new BarcodeContentError(`${content.length} characters are too many for a qr symbol at level ${level}`);
      throw error;
    }
  }
  if (symbology === 'code128') {
    const widths = code128Widths(content);
    if (widths) return barsFromWidths(widths);
  }
  let raw: unknown[];
  try {
    raw = bwipjs().raw({
      bcid: BCID[symbology],
      text: content,
      ...(symbology === 'pdf417' ? { rowmult: 1 } : {}),
    } as Parameters<typeof bwipjsModule.raw>[0]) as unknown[];
  } catch (error) {
    throw new BarcodeContentError(explain(symbology, content, error));
  }
  const symbol = raw[0] as Record<string, unknown>;
  if (Array.isArray(symbol.sbs)) return barsFromWidths(symbol.sbs as number[]);
  const pixs = symbol.pixs as number[];
  const columns = symbol.pixx as number;
  const rows = symbol.pixy as number;
  return { columns, rows, dark: (column, row) => pixs[row * columns + column] === 1 };
}

/** Code 128: alternating bar and space widths, starting with a bar. */
function barsFromWidths(widths: number[]): Matrix {
  const bars: boolean[] = [];
  widths.forEach((width, i) => {
    for (let n = 0; n < width; n += 1) bars.push(i % 2 === 0);
  });
  return { columns: bars.length, rows: 1, dark: (column) => bars[column] === true };
}

/**
 * Lays a symbol out in a box: square modules centred for QR and DataMatrix, stretched to
 * the box for PDF417 and Code 128 (their modules need not be square), with `quiet`
 * modules of white around it.
 */
export function barcodeRects(
  symbology: Symbology,
  content: string,
  level: 'L' | 'M' | 'Q' | 'H',
  width: number,
  height: number,
  quiet: number,
): BarcodeRects {
  const matrix = barcodeMatrix(symbology, content, level);
  const square = symbology === 'qr' || symbology === 'datamatrix';
  let moduleW: number;
  let moduleH: number;
  if (square) {
    moduleW = Math.min(width / (matrix.columns + 2 * quiet), height / (matrix.rows + 2 * quiet));
    moduleH = moduleW;
  } else {
    moduleW = width / (matrix.columns + 2 * quiet);
    moduleH = height / matrix.rows;
  }
  const left = (width - moduleW * matrix.columns) / 2;
  const top = (height - moduleH * matrix.rows) / 2;
  const runs: number[] = [];
  for (let row = 0; row < matrix.rows; row += 1) {
    let start = -1;
    for (let column = 0; column <= matrix.columns; column += 1) {
      const dark = column < matrix.columns && matrix.dark(column, row);
      if (dark && start < 0) start = column;
      if (!dark && start >= 0) {
        runs.push(start, row, column - start);
        start = -1;
      }
    }
  }
  if (moduleW * 1000 < 150) {
    throw new BarcodeContentError(
      `the ${symbology} symbol for this content has ${matrix.columns} modules across, too many for a ${fmt(width)} mm box (modules would be ${fmt(moduleW * 1000)} µm)`,
    );
  }
  return {
    left,
    top,
    moduleWidth: moduleW,
    moduleHeight: moduleH,
    runs: Uint16Array.from(runs),
    columns: matrix.columns,
    rows: matrix.rows,
  };
}

function explain(symbology: Symbology, content: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/too ?long|capacity|exceed|fit/i.test(message)) {
    return `${content.length} characters are too many for a ${symbology} symbol (${message.replace(/^bwipp\.\w+#?\d*:?\s*/, '')})`;
  }
  return `the ${symbology} symbol cannot encode this content: ${message}`;
}

function fmt(value: number): string {
  return String(Math.round(value * 10) / 10);
}
