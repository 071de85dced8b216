/** Which script a character belongs to, for messages about glyphs the font lacks and for right-to-left names. */
const SCRIPTS: [number, number, string][] = [
  [0x0590, 0x05ff, 'Hebrew'],
  [0x0600, 0x06ff, 'Arabic'],
  [0x0700, 0x074f, 'Syriac'],
  [0x0750, 0x077f, 'Arabic Supplement'],
  [0x0780, 0x07bf, 'Thaana'],
  [0x0870, 0x08ff, 'Arabic Extended'],
  [0x0900, 0x097f, 'Devanagari'],
  [0x0980, 0x09ff, 'Bengali'],
  [0x0b80, 0x0bff, 'Tamil'],
  [0x0e00, 0x0e7f, 'Thai'],
  [0x0e80, 0x0eff, 'Lao'],
  [0x0f00, 0x0fff, 'Tibetan'],
  [0x1000, 0x109f, 'Myanmar'],
  [0x10a0, 0x10ff, 'Georgian'],
  [0x1100, 0x11ff, 'Hangul Jamo'],
  [0x1200, 0x137f, 'Ethiopic'],
  [0x1780, 0x17ff, 'Khmer'],
  [0x1800, 0x18af, 'Mongolian'],
  [0xa000, 0xa4cf, 'Yi'],
  [0xac00, 0xd7af, 'Hangul'],
  [0xfb1d, 0xfb4f, 'Hebrew'],
  [0xfb50, 0xfdff, 'Arabic Presentation Forms'],
  [0xfe70, 0xfeff, 'Arabic Presentation Forms'],
  [0x1f000, 0x1faff, 'Emoji and symbols'],
  [0x20000, 0x3134f, 'CJK Extension'],
];

export function scriptOf(codePoint: number): string {
  for (const [from, to, name] of SCRIPTS) if (codePoint >= from && codePoint <= to) return name;
  return 'Unicode';
}

const RTL = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/u;

export function hasRightToLeft(text: string): boolean {
  return RTL.test(text);
}

/** `"ق" (U+0642, Arabic)`: how a missing character is named in a message. */
export function describeCharacter(char: string): string {
  const codePoint = char.codePointAt(0) as number;
  return `"${char}" (U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}, ${scriptOf(codePoint)})`;
}
