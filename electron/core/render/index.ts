// Badge rendering: layouts as data -> display list -> PDF (print) or SVG (preview).

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
