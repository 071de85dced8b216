/**
 * The badge font, loaded once per thread: Noto Sans SC (SIL Open Font License), which
 * covers Chinese, Latin with Vietnamese diacritics, and punctuation such as "·".
 *
 * The same fontkit font measures text for the layout engine, gives glyph outlines to the
 * SVG backend, and is embedded (subset) by pdfkit, so preview and print break lines alike.
 */
import { readFileSync } from 'node:fs';
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
  shared ??= openFonts();
  return shared;
}

export function fontFile(weight: FontWeight): string {
  const root = dirname(createRequire(import.meta.url).resolve('@expo-google-fonts/noto-sans-sc/package.json'));
  return join(root, FILES[weight]);
}

function openFonts(): FontSet {
  const face = (weight: FontWeight): FontFace => {
    const bytes = readFileSync(fontFile(weight));
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
