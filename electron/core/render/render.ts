/**
 * Rendering one card: its layout (by badge type), both sides as display lists, then a
 * PDF for the spooler or SVG for the preview.
 */
import type { Calibration } from './calibration.ts';
import type { RenderedCard } from './card-layout.ts';
import { badgeFonts, type FontSet } from './fonts.ts';
import { PdfCards } from './pdf.ts';
import { renderSvg } from './svg.ts';

export { engineContext, layoutCard, layoutFor, type RenderedCard } from './card-layout.ts';

/** One card as a PDF of its front and back, for the spooler. */
export async function cardPdf(rendered: RenderedCard, calibration?: Calibration, fonts: FontSet = badgeFonts()): Promise<Buffer> {
  const pdf = new PdfCards(fonts, { calibration, title: 'Badge' });
  pdf.addSide(rendered.front);
  if (rendered.back) pdf.addSide(rendered.back);
  return pdf.end();
}

/** Both sides as SVG, for the preview. */
export function cardSvg(rendered: RenderedCard, fonts: FontSet = badgeFonts()): { front: string; back: string | undefined } {
  return { front: renderSvg(rendered.front, fonts), back: rendered.back ? renderSvg(rendered.back, fonts) : undefined };
}
