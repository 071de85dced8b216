import { describe, expect, it } from 'vitest';
import {
  badgeFonts,
  type DisplayList,
  layoutCard,
  layoutFor,
  loadLayouts,
  nonBadgeSerial,
  PdfCards,
  renderSvg,
} from '../../electron/core/render/index.ts';
import { card, difference, rasterisePdf, rasteriseSvgs } from '../support/render.ts';

const DPI = 254; // 10 pixels per mm
// Measured: about 0.002% apart when equal; a 0.5 mm shift of one element is over 1%.
const TOLERANCE = 0.001;

function shifted(list: DisplayList, element: string, dx: number): DisplayList {
  return {
    ...list,
    items: list.items.map((item) => {
      if (item.element !== element) return item;
      if (item.kind === 'text') return { ...item, lines: item.lines.map((line) => ({ ...line, x: line.x + dx })) };
      return { ...item, x: item.x + dx };
    }),
  };
}

describe('the preview is the print', () => {
  it('PDF (pdftoppm) and SVG (Chromium) of both sides match pixel for pixel, and a 0.5 mm shift does not', async () => {
    const fonts = badgeFonts();
    const data = await card({ typeCode: 'guest', name: 'Nguyễn Thị Minh Khai' });
    const rendered = layoutCard(layoutFor(loadLayouts(), data), data);
    const pdf = new PdfCards(fonts);
    pdf.addSide(rendered.front);
    pdf.addSide(rendered.back as DisplayList);
    const bytes = await pdf.end();
    const printed = [rasterisePdf(bytes, 1, DPI), rasterisePdf(bytes, 2, DPI)];
    const { width, height } = printed[0] as { width: number; height: number };
    const svgs = [
      renderSvg(rendered.front, fonts),
      renderSvg(rendered.back as DisplayList, fonts),
      renderSvg(shifted(rendered.front, 'qr', 0.5), fonts),
      renderSvg(shifted(rendered.front, 'name', 0.5), fonts),
      renderSvg(shifted(rendered.back as DisplayList, 'serial-code', 0.5), fonts),
    ];
    const [front, back, qrMoved, nameMoved, codeMoved] = await rasteriseSvgs(svgs, width, height);
    const measured = {
      front: difference(printed[0] as never, front as never),
      back: difference(printed[1] as never, back as never),
      qrMoved: difference(printed[0] as never, qrMoved as never),
      nameMoved: difference(printed[0] as never, nameMoved as never),
      codeMoved: difference(printed[1] as never, codeMoved as never),
    };
    expect(measured.front, JSON.stringify(measured)).toBeLessThan(TOLERANCE);
    expect(measured.back, JSON.stringify(measured)).toBeLessThan(TOLERANCE);
    expect(measured.qrMoved).toBeGreaterThan(TOLERANCE);
    expect(measured.nameMoved).toBeGreaterThan(TOLERANCE);
    expect(measured.codeMoved).toBeGreaterThan(TOLERANCE);
  });

  it('a rotated element (the test card band) lands in the same place in both', async () => {
    const fonts = badgeFonts();
    const data = await card({ kind: 'test', serial: nonBadgeSerial('test'), payload: 'TEST-NOT-VALID' });
    const rendered = layoutCard(layoutFor(loadLayouts(), data), data);
    const pdf = new PdfCards(fonts);
    pdf.addSide(rendered.front);
    const printed = rasterisePdf(await pdf.end(), 1, DPI);
    const [preview] = await rasteriseSvgs([renderSvg(rendered.front, fonts)], printed.width, printed.height);
    expect(difference(printed, preview as never)).toBeLessThan(TOLERANCE);
  });
});
