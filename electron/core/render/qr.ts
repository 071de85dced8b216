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
    // Left to choose, qrcode tries the eight masks through a BitMatrix a module at a time,
    // over half of a badge's layout; given one, it skips that and bestMasked chooses instead.
    symbol = QRCode.create(alphanumericSegment(text) ?? text, {
      errorCorrectionLevel: level,
      maskPattern: (options.mask ?? 0) as QRCode.QRCodeMaskPattern,
    });
  } catch (error) {
    if (/too big|amount of data/i.test((error as Error).message)) {
      throw new QrTooLong(`${text.length} characters do not fit a QR symbol at level ${level}`);
    }
    throw error;
  }
  const size = symbol.modules.size;
  if (options.mask !== undefined) {
    // qrcode's matrix holds 0 and 1 already: a copy, not a per-module callback.
    return { size, version: symbol.version, mask: options.mask, modules: symbol.modules.data.slice() };
  }
  const { data, reservedBit } = symbol.modules as unknown as { data: Uint8Array; reservedBit: Uint8Array };
  return { size, version: symbol.version, ...bestMasked(data, reservedBit, size, level) };
}

/**
 * The mask qrcode would choose (its penalty rules N1-N4, counted exactly as it counts them,
 * the lowest penalty and the first of equals) and the symbol under it, from the symbol
 * under mask 0. The unit test checks both against qrcode's own choice.
 */
function bestMasked(masked0: Uint8Array, reserved: Uint8Array, size: number, level: QrLevel) {
  const unmasked = masked0.slice();
  applyMask(unmasked, reserved, size, 0);
  const candidate = new Uint8Array(unmasked.length);
  let best = { mask: 0, modules: candidate, penalty: Number.POSITIVE_INFINITY };
  for (let mask = 0; mask < 8; mask += 1) {
    candidate.set(unmasked);
    applyMask(candidate, reserved, size, mask);
    placeFormat(candidate, size, formatBits(level, mask));
    const points = penalty(candidate, size);
    if (points < best.penalty) best = { mask, modules: candidate.slice(), penalty: points };
  }
  return { mask: best.mask, modules: best.modules };
}

function maskAt(mask: number, i: number, j: number): boolean {
  switch (mask) {
    case 0:
      return (i + j) % 2 === 0;
    case 1:
      return i % 2 === 0;
    case 2:
      return j % 3 === 0;
    case 3:
      return (i + j) % 3 === 0;
    case 4:
      return (Math.floor(i / 2) + Math.floor(j / 3)) % 2 === 0;
    case 5:
      return ((i * j) % 2) + ((i * j) % 3) === 0;
    case 6:
      return (((i * j) % 2) + ((i * j) % 3)) % 2 === 0;
    default:
      return (((i * j) % 3) + ((i + j) % 2)) % 2 === 0;
  }
}

function applyMask(modules: Uint8Array, reserved: Uint8Array, size: number, mask: number): void {
  for (let row = 0, at = 0; row < size; row += 1) {
    for (let col = 0; col < size; col += 1, at += 1) {
      if (reserved[at] === 0 && maskAt(mask, row, col)) modules[at] = (modules[at] as number) ^ 1;
    }
  }
}

const LEVEL_BITS: Record<QrLevel, number> = { L: 1, M: 0, Q: 3, H: 2 };

/** The 15 format bits: level and mask, BCH(15,5) protected, XORed with 101010000010010. */
function formatBits(level: QrLevel, mask: number): number {
  const data = (LEVEL_BITS[level] << 3) | mask;
  let rest = data << 10;
  for (let bit = 14; bit >= 10; bit -= 1) if (rest & (1 << bit)) rest ^= 0x537 << (bit - 10);
  return ((data << 10) | rest) ^ 0x5412;
}

/** Where qrcode's setupFormatInfo puts the format bits, and the dark module beside them. */
function placeFormat(modules: Uint8Array, size: number, bits: number): void {
  for (let i = 0; i < 15; i += 1) {
    const bit = (bits >> i) & 1;
    const row = i < 6 ? i : i < 8 ? i + 1 : size - 15 + i;
    modules[row * size + 8] = bit;
    const col = i < 8 ? size - i - 1 : i < 9 ? 15 - i : 15 - i - 1;
    modules[8 * size + col] = bit;
  }
  modules[(size - 8) * size + 8] = 1;
}

/** qrcode's N1 (runs of five or more), N2 (2x2 blocks), N3 (finder-like 1:1:3:1:1) and N4 (dark share). */
function penalty(m: Uint8Array, size: number): number {
  let n1 = 0;
  let n2 = 0;
  let n3 = 0;
  let dark = 0;
  for (let a = 0; a < size; a += 1) {
    let runRow = 0;
    let runCol = 0;
    let lastRow = -1;
    let lastCol = -1;
    let bitsRow = 0;
    let bitsCol = 0;
    for (let b = 0; b < size; b += 1) {
      const inRow = m[a * size + b] as number;
      const inCol = m[b * size + a] as number;
      dark += inRow;
      if (inRow === lastRow) runRow += 1;
      else {
        if (runRow >= 5) n1 += 3 + runRow - 5;
        lastRow = inRow;
        runRow = 1;
      }
      if (inCol === lastCol) runCol += 1;
      else {
        if (runCol >= 5) n1 += 3 + runCol - 5;
        lastCol = inCol;
        runCol = 1;
      }
      bitsRow = ((bitsRow << 1) & 0x7ff) | inRow;
      bitsCol = ((bitsCol << 1) & 0x7ff) | inCol;
      if (b >= 10) {
        if (bitsRow === 0x5d0 || bitsRow === 0x05d) n3 += 1;
        if (bitsCol === 0x5d0 || bitsCol === 0x05d) n3 += 1;
      }
      if (a < size - 1 && b < size - 1) {
        const block =
          inRow + (m[a * size + b + 1] as number) + (m[(a + 1) * size + b] as number) + (m[(a + 1) * size + b + 1] as number);
        if (block === 0 || block === 4) n2 += 1;
      }
    }
    if (runRow >= 5) n1 += 3 + runRow - 5;
    if (runCol >= 5) n1 += 3 + runCol - 5;
  }
  const n4 = Math.abs(Math.ceil((dark * 100) / (size * size) / 5) - 10);
  return n1 + n2 * 3 + n3 * 40 + n4 * 10;
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
