/**
 * Per-printer calibration: how far a printer's image lands from where it should (x and y
 * in mm), a scale, and whether the card goes through upside down. Stored in the station's
 * data folder (`printers/calibration.json`) and applied when a PDF is made for that
 * printer, never baked into a layout.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { StationError } from '../errors.ts';
import type { DisplayItem, DisplayList } from './display-list.ts';
import type { FontSet } from './fonts.ts';
import { fitText } from './text.ts';

export const calibrationSchema = z.strictObject({
  offsetX: z.number().min(-5, 'must be within ±5 mm').max(5, 'must be within ±5 mm').default(0),
  offsetY: z.number().min(-5, 'must be within ±5 mm').max(5, 'must be within ±5 mm').default(0),
  scaleX: z.number().min(0.95, 'must be 0.95 to 1.05').max(1.05, 'must be 0.95 to 1.05').default(1),
  scaleY: z.number().min(0.95, 'must be 0.95 to 1.05').max(1.05, 'must be 0.95 to 1.05').default(1),
  rotate180: z.boolean().default(false),
});

export type Calibration = z.infer<typeof calibrationSchema>;

export const NO_CALIBRATION: Calibration = { offsetX: 0, offsetY: 0, scaleX: 1, scaleY: 1, rotate180: false };

const fileSchema = z.strictObject({ printers: z.record(z.string(), calibrationSchema) });

function calibrationFile(dataDir: string): string {
  return join(dataDir, 'printers', 'calibration.json');
}

export function readCalibrations(dataDir: string): Record<string, Calibration> {
  const path = calibrationFile(dataDir);
  if (!existsSync(path)) return {};
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new StationError(
      'CALIBRATION_INVALID',
      `${path}: ${(error as Error).message}; fix or delete the file and calibrate again.`,
    );
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StationError(
      'CALIBRATION_INVALID',
      `${path}: ${issue?.path.join('.')}: ${issue?.message}; calibrate that printer again.`,
    );
  }
  return parsed.data.printers;
}

/** A printer's calibration, or none (no offsets) for a printer never calibrated. */
export function calibrationFor(dataDir: string, printer: string): Calibration {
  return readCalibrations(dataDir)[printer] ?? NO_CALIBRATION;
}

export function saveCalibration(dataDir: string, printer: string, calibration: Partial<Calibration>): Calibration {
  const parsed = calibrationSchema.safeParse(calibration);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StationError('CALIBRATION_INVALID', `Calibration of ${printer}: ${issue?.path.join('.')} ${issue?.message}.`);
  }
  const all = { ...readCalibrations(dataDir), [printer]: parsed.data };
  const path = calibrationFile(dataDir);
  mkdirSync(join(dataDir, 'printers'), { recursive: true });
  writeFileSync(`${path}.tmp`, `${JSON.stringify({ printers: all }, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
  return parsed.data;
}

/**
 * The calibration card: a frame 2 mm inside the edge, millimetre ticks along the edges
 * and a centre cross, so a technician reads the drift off a printed card, and the
 * offsets in force printed on it. It is marked as a calibration card and carries nothing else.
 */
export function calibrationCard(
  printer: string,
  calibration: Calibration,
  fonts: FontSet,
  width = 85.6,
  height = 53.98,
): DisplayList {
  const items: DisplayItem[] = [];
  const line = (x: number, y: number, w: number, h: number) =>
    items.push({ element: 'calibration', kind: 'rect', x, y, width: w, height: h, radius: 0, fill: '#000000', strokeWidth: 0 });
  items.push({
    element: 'calibration',
    kind: 'rect',
    x: 2,
    y: 2,
    width: width - 4,
    height: height - 4,
    radius: 0,
    stroke: '#1F5FBF',
    strokeWidth: 0.2,
  });
  for (let x = 0; x <= width; x += 1) line(x - 0.05, 0, 0.1, x % 10 === 0 ? 4 : x % 5 === 0 ? 2.5 : 1.5);
  for (let x = 0; x <= width; x += 1) line(x - 0.05, height - (x % 10 === 0 ? 4 : x % 5 === 0 ? 2.5 : 1.5), 0.1, 4);
  for (let y = 0; y <= height; y += 1) line(0, y - 0.05, y % 10 === 0 ? 4 : y % 5 === 0 ? 2.5 : 1.5, 0.1);
  for (let y = 0; y <= height; y += 1) line(width - (y % 10 === 0 ? 4 : y % 5 === 0 ? 2.5 : 1.5), y - 0.05, 4, 0.1);
  line(width / 2 - 6, height / 2 - 0.075, 12, 0.15);
  line(width / 2 - 0.075, height / 2 - 6, 0.15, 12);
  const text = (value: string, y: number, size: number, weight: 'regular' | 'bold') => {
    const fitted = fitText(
      value,
      {
        width: width - 16,
        height: size * 0.5,
        size,
        minSize: 4,
        maxLines: 1,
        leading: 1.2,
        tracking: 0,
        weight,
        align: 'center',
        valign: 'middle',
      },
      fonts,
    );
    items.push({
      element: 'calibration',
      kind: 'text',
      size: fitted.size,
      weight,
      fill: '#000000',
      tracking: 0,
      lines: fitted.lines.map((l) => ({ text: l.text, x: 8 + l.x, y: y + l.y })),
    });
  };
  text('校准卡 CALIBRATION CARD · 无效 NOT VALID', 8, 9, 'bold');
  text(`Printer ${printer}`, 14, 7, 'regular');
  text(
    `x ${signed(calibration.offsetX)} mm · y ${signed(calibration.offsetY)} mm · scale ${calibration.scaleX.toFixed(3)} × ${calibration.scaleY.toFixed(3)}${calibration.rotate180 ? ' · rotated 180°' : ''}`,
    height - 18,
    7,
    'regular',
  );
  text('The cross should sit at the card centre; ticks every 1 mm, long every 10 mm.', height - 13, 6, 'regular');
  return { side: 'front', width, height, background: '#FFFFFF', items, warnings: [] };
}

function signed(value: number): string {
  return `${value >= 0 ? '+' : ''}${value.toFixed(2)}`;
}
