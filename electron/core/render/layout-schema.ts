/**
 * What a badge layout file looks like (templates/layouts/*.json): a card in millimetres,
 * a front and a back, each a list of named elements drawn in order.
 *
 * Strings may hold variables (`{holder.name}`, `{type.name_zh}`, `{badge.serial}` ...);
 * colours may too (`{type.colour}`), so one layout can serve several types.
 */
import { z } from 'zod';

const mm = z.number().finite();
const positive = z.number().finite().positive('must be more than 0');
/** A colour like #1F5FBF, or a variable that gives one. */
const colour = z
  .string()
  .regex(/^(#[0-9A-Fa-f]{6}|\{[a-z_]+\.[a-z_]+\})$/, 'must be a colour like #1F5FBF or a variable like {type.colour}');
const name = z.string().regex(/^[a-z][a-z0-9_-]*$/, 'must be lower-case letters, digits, - or _, like name or zone-chips');

export type Condition =
  | { zone: string }
  | { type: string[] }
  | { has: string }
  | { kind: string[] }
  | { not: Condition }
  | { all: Condition[] }
  | { any: Condition[] };

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ zone: z.string().regex(/^[A-Z][A-Z0-9]$/, 'must be a zone code like VL') }),
    z.strictObject({ type: z.array(z.string()).min(1) }),
    z.strictObject({ has: z.string().regex(/^[a-z_]+\.[a-z_]+$/, 'must be a variable name like holder.photo') }),
    z.strictObject({ kind: z.array(z.enum(['badge', 'calibration', 'test', 'training'])).min(1) }),
    z.strictObject({ not: conditionSchema }),
    z.strictObject({ all: z.array(conditionSchema).min(1) }),
    z.strictObject({ any: z.array(conditionSchema).min(1) }),
  ]),
);

/** Where and how big, and what it needs to be shown. */
const box = {
  name,
  x: mm,
  y: mm,
  width: positive,
  height: positive,
  /** Degrees clockwise about the element's centre. */
  rotate: z.number().finite().optional(),
  when: conditionSchema.optional(),
};

export const textSchema = z.strictObject({
  ...box,
  type: z.literal('text'),
  text: z.string(),
  /** Point size it starts at, and the smallest it may shrink to before wrapping. */
  size: positive,
  min_size: positive.optional(),
  max_lines: z.int().min(1).max(6).default(1),
  weight: z.enum(['regular', 'bold']).default('regular'),
  colour: colour.default('#000000'),
  align: z.enum(['left', 'center', 'right']).default('left'),
  valign: z.enum(['top', 'middle', 'bottom']).default('top'),
  /** Line height as a multiple of the size. */
  leading: z.number().min(0.8).max(3).default(1.2),
  /** Letter spacing in points. */
  tracking: z.number().min(-2).max(20).default(0),
  /** Upper-case the text (Latin only; Chinese is unaffected). */
  upper: z.boolean().default(false),
});

export const rectSchema = z.strictObject({
  ...box,
  type: z.literal('rect'),
  fill: colour.optional(),
  stroke: colour.optional(),
  stroke_width: z.number().min(0).default(0.3),
  radius: z.number().min(0).default(0),
});

export const ellipseSchema = z.strictObject({
  ...box,
  type: z.literal('ellipse'),
  fill: colour.optional(),
  stroke: colour.optional(),
  stroke_width: z.number().min(0).default(0.3),
});

/** A line or polygon given as points in millimetres relative to the element's corner. */
export const polygonSchema = z.strictObject({
  ...box,
  type: z.literal('polygon'),
  points: z.array(z.tuple([mm, mm])).min(2),
  closed: z.boolean().default(true),
  fill: colour.optional(),
  stroke: colour.optional(),
  stroke_width: z.number().min(0).default(0.3),
});

/** Vector art: SVG path data in millimetres relative to the element's corner (scaled by `scale`). */
export const pathSchema = z.strictObject({
  ...box,
  type: z.literal('path'),
  d: z.string().regex(/^[MmLlHhVvCcSsQqTtAaZz0-9eE.,+\-\s]+$/, 'must be SVG path data such as "M0 0 L10 0 L5 8 Z"'),
  scale: z.number().positive().default(1),
  fill: colour.optional(),
  stroke: colour.optional(),
  stroke_width: z.number().min(0).default(0.3),
});

export const imageSchema = z.strictObject({
  ...box,
  type: z.literal('image'),
  /** `{holder.photo}` for the holder's photo, or a file under templates/art/. */
  source: z.string().min(1),
  /** cover: fill the box, cropping the edges; contain: all of it, letterboxed; top: cover, keeping the top (faces). */
  fit: z.enum(['cover', 'contain', 'top']).default('cover'),
  /** Shown when there is no image, or it cannot be read. */
  placeholder: z.string().default('照片 PHOTO'),
  radius: z.number().min(0).default(0),
  stroke: colour.optional(),
  stroke_width: z.number().min(0).default(0.3),
});

export const barcodeSchema = z.strictObject({
  ...box,
  type: z.literal('barcode'),
  symbology: z.enum(['qr', 'datamatrix', 'pdf417', 'code128']),
  content: z.string().min(1),
  /** QR error correction. */
  level: z.enum(['L', 'M', 'Q', 'H']).default('M'),
  colour: colour.default('#000000'),
  /** White margin inside the box, in modules (QR needs 4 for most scanners; printed cards manage with 2). */
  quiet: z.number().min(0).max(10).default(2),
  background: colour.optional(),
});

/** The zones a badge grants, as code chips (front) or a code + name legend (back). */
export const zonesSchema = z.strictObject({
  ...box,
  type: z.literal('zones'),
  style: z.enum(['chips', 'legend']),
  /** chips: granted only, or every zone of the event with the others greyed. */
  show: z.enum(['granted', 'all']).default('granted'),
  size: positive.default(8),
  colour: colour.default('#000000'),
  accent: colour.default('{type.colour}'),
});

export const elementSchema = z.discriminatedUnion('type', [
  textSchema,
  rectSchema,
  ellipseSchema,
  polygonSchema,
  pathSchema,
  imageSchema,
  barcodeSchema,
  zonesSchema,
]);

export const sideSchema = z.strictObject({
  background: colour.default('#FFFFFF'),
  elements: z.array(elementSchema),
});

export const layoutSchema = z.strictObject({
  $schema: z.string().optional(),
  name: z.string().min(1),
  /** Badge type codes this layout is for. */
  types: z.array(z.string()).min(1),
  card: z.strictObject({
    width: positive,
    height: positive,
    /** How far background art runs past the edge, so a printer's drift shows no white line. */
    bleed: z.number().min(0).max(5).default(1),
    /** Text and barcodes keep this far inside the edge. */
    safe: z.number().min(0).max(10).default(2),
  }),
  front: sideSchema,
  back: sideSchema.optional(),
});

export type Layout = z.infer<typeof layoutSchema>;
export type LayoutElement = z.infer<typeof elementSchema>;
export type TextElement = z.infer<typeof textSchema>;
export type ImageElement = z.infer<typeof imageSchema>;
export type BarcodeElement = z.infer<typeof barcodeSchema>;
export type ZonesElement = z.infer<typeof zonesSchema>;
export type Side = 'front' | 'back';
