/**
 * The page ships its CJK font: Noto Sans SC, the family the cards are printed with, so Chinese
 * never shows as boxes on a counter laptop without system CJK fonts. Served from the page's
 * own origin (the CSP's default-src 'self'), regular and bold.
 *
 * Decision: @fontsource's slices of the font (about 100 a weight, each a unicode-range of
 * woff2, 1-80 KB), not the whole TTF: Chromium fetches only the slices holding characters
 * the page shows. The whole font (10.5 MB a weight, which the cards' PDFs still use) held up
 * the desk's first roster rows by 250-400 ms while Chromium read it (bench ui, first data).
 */
import '@fontsource/noto-sans-sc/400.css';
import '@fontsource/noto-sans-sc/700.css';

export const PAGE_FONT = '"Noto Sans SC", system-ui, sans-serif';

/**
 * Fetches the font's slices for `text` (at the page's regular weight). Text in the page asks
 * for its slices by itself; text drawn on a canvas (the Today charts) does not, and would show
 * as boxes on a computer without a system CJK font, so whoever draws it asks first.
 */
export function pageFontFor(text: string): Promise<unknown> {
  return document.fonts.load(`16px ${PAGE_FONT}`, text);
}
