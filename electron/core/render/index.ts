/**
 * Badge rendering: layouts as data -> display list -> PDF (print) or SVG (preview).
 *
 * Layouts are JSON in templates/layouts/, checked on load (layout-schema.ts, variables.ts:
 * LAYOUT_INVALID names file, element and field). One engine (engine.ts) makes every
 * decision (variables, conditions, text fitting, barcode modules, photo crop) into a
 * display list; pdf.ts and svg.ts only draw it, so print and preview cannot disagree.
 * test/integration/render-parity.test.ts rasterises both (pdftoppm, Chromium) and compares
 * them pixel for pixel. Problems that leave a usable card are warnings the print pipeline
 * reports per card (TEXT_TRUNCATED, GLYPH_MISSING, NAME_RTL_REPLACED, IMAGE_MISSING ...);
 * a card that cannot be made fails alone (RENDER_FAILED, naming the element).
 *
 * Test, training and calibration cards (`kind`) carry a marked band on both sides, and the
 * engine refuses to draw one with an event serial or a `BS1:` payload. A printer's
 * calibration (calibration.ts) is applied as a page transform when its PDF is made, never
 * to a layout or display list. Batches (batch.ts) lay cards out on worker threads and write
 * one PDF in order; measured figures are in test/bench/RESULTS.md.
 *
 * Decisions: one font, Noto Sans SC (fonts.ts), measured and embedded as the same fontkit
 * object; no bidi shaping engine is bundled, so an Arabic or Hebrew name is replaced by the
 * holder's Latin name and said so. Not yet: bidi shaping, SVG files as static art (vector
 * art is `path` elements), a preview in the desk UI (it can call `cardSvg`).
 */

export { type BatchOptions, type BatchReport, renderBatch } from './batch.ts';
export {
  type Calibration,
  calibrationCard,
  calibrationFor,
  NO_CALIBRATION,
  readCalibrations,
  saveCalibration,
} from './calibration.ts';
export {
  type CardData,
  type CardHolder,
  type CardKind,
  type CardPhoto,
  type EventInfo,
  eventOnCard,
  KIND_MARK,
  nonBadgeSerial,
} from './card.ts';
export { DEMO_HOLDERS, demoCards, demoPortrait } from './demo.ts';
export type { DisplayItem, DisplayList, RenderWarning } from './display-list.ts';
export { type EngineContext, holds, layoutSide } from './engine.ts';
export { adoptFontBytes, badgeFonts, type FontSet, fontBytes, fontFile } from './fonts.ts';
export type { Layout, LayoutElement, Side } from './layout-schema.ts';
export { boundingBox, loadLayout, loadLayouts, parseLayout } from './layouts.ts';
export { PdfCards } from './pdf.ts';
export { cardPdf, cardSvg, engineContext, layoutCard, layoutFor, type RenderedCard } from './render.ts';
export { renderSvg } from './svg.ts';
export { KNOWN_VARIABLES } from './variables.ts';
