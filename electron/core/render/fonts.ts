/**
 * The badge font, loaded once per thread: Noto Sans SC (SIL Open Font License), which
 * covers Chinese, Latin with Vietnamese diacritics, and punctuation such as "·".
 *
 * The same fontkit font measures text for the layout engine, gives glyph outlines to the
 * SVG backend, and is embedded (subset) by pdfkit, so preview and print break lines alike.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as fontkit from 'fontkit';

export type FontWeight = 'regular' | 'bold';

export interface FontFace {
  weight: FontWeight;
  bytes: Buffer;
  font: fontkit.Font;
}

export interface FontSet {
  regular: FontFace;
  bold: FontFace;
  /** Width of a string at 1 pt, in points (cached: names are measured many times while fitting). */
  width(text: string, weight: FontWeight): number;
}

const FILES: Record<FontWeight, string> = {
  regular: '400Regular/NotoSansSC_400Regular.ttf',
  bold: '700Bold/NotoSansSC_700Bold.ttf',
};

let shared: FontSet | undefined;

/** The thread's font set; the first call reads about 20 MB of font files. */
export function badgeFonts(): FontSet {
  shared ??= openFonts({ regular: readShared(fontFile('regular')), bold: readShared(fontFile('bold')) });
  return shared;
}

/** The font files as read by this thread, in memory other threads can use without a copy. */
export function fontBytes(): Record<FontWeight, Uint8Array> {
  const fonts = badgeFonts();
  return { regular: fonts.regular.bytes, bold: fonts.bold.bytes };
}

/**
 * A rendering thread takes the font files its parent read (`fontBytes`) instead of reading
 * its own copy: 20 MB less per thread for the same glyphs.
 */
export function adoptFontBytes(bytes: Record<FontWeight, Uint8Array>): void {
  shared ??= openFonts(bytes);
}

function readShared(path: string): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const bytes = new Uint8Array(new SharedArrayBuffer(fstatSync(fd).size));
    let offset = 0;
    while (offset < bytes.length) {
      const read = readSync(fd, bytes, offset, bytes.length - offset, offset);
      if (read === 0) throw new Error(`${path} ended early`);
      offset += read;
    }
    return bytes;
  } finally {
    closeSync(fd);
  }
}

export function fontFile(weight: FontWeight): string {
  const root = dirname(createRequire(import.meta.url).resolve('@expo-google-fonts/noto-sans-sc/package.json'));
  return join(root, FILES[weight]);
}

function openFonts(files: Record<FontWeight, Uint8Array>): FontSet {
  const face = (weight: FontWeight): FontFace => {
    const bytes = Buffer.from(files[weight].buffer, files[weight].byteOffset, files[weight].byteLength);
    return { weight, bytes, font: fontkit.create(bytes) };
  };
  const regular = face('regular');
  const bold = face('bold');
  const cache = new Map<string, number>();
  return {
    regular,
    bold,
    width(text, weight) {
      const key = weight === 'bold' ? `b${text}` : `r${text}`;
      let width = cache.get(key);
      if (width === undefined) {
        const font = (weight === 'bold' ? bold : regular).font;
        width = font.layout(text).advanceWidth / font.unitsPerEm;
        if (cache.size > 50_000) cache.clear();
        cache.set(key, width);
      }
      return width;
    },
  };
}
