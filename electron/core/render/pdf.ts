/**
 * The PDF backend: display lists into pdfkit, one page per card side, in millimetres.
 * Text is real text in the embedded (subset) badge font, placed line by line where the
 * engine put it; barcodes are one filled path of rectangles written as raw operators.
 * A printer's calibration is applied here, at print time, and never to the layout.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { deflateSync } from 'node:zlib';
import PDFDocument from 'pdfkit';
import type { Calibration } from './calibration.ts';
import type { DisplayItem, DisplayList } from './display-list.ts';
import { imagePlacement } from './display-list.ts';
import type { FontSet } from './fonts.ts';
import { MM_PER_PT } from './text.ts';

const PT_PER_MM = 72 / 25.4;

export interface PdfOptions {
  calibration?: Calibration | undefined;
  title?: string;
}

/** One PDF being written: add sides in order, then end. */
export class PdfCards {
  private readonly doc: PDFKit.PDFDocument;
  private readonly chunks: Buffer[] = [];
  private readonly done: Promise<void>;
  private pages = 0;
  /** Pages whose objects have been let go (see `forgetWrittenPages`). */
  private forgotten = 0;
  private readonly out: Writable | undefined;

  constructor(
    fonts: FontSet,
    private readonly options: PdfOptions = {},
    out?: Writable,
  ) {
    this.doc = new PDFDocument({
      autoFirstPage: false,
      compress: true,
      info: { Title: options.title ?? 'Badges', Producer: 'Badge Station', Creator: 'Badge Station' },
      ...({ font: null } as object),
    });
    this.doc.registerFont('regular', fonts.regular.font as unknown as string);
    this.doc.registerFont('bold', fonts.bold.font as unknown as string);
    this.out = out;
    this.done = new Promise<void>((resolve, reject) => {
      if (out) {
        this.doc.pipe(out);
        out.on('finish', resolve);
        out.on('error', reject);
      } else {
        this.doc.on('data', (chunk: Buffer) => this.chunks.push(chunk));
        this.doc.on('end', () => resolve());
      }
      this.doc.on('error', reject);
    });
  }

  get pageCount(): number {
    return this.pages;
  }

  addSide(list: DisplayList): void {
    const doc = this.doc;
    doc.addPage({ size: [list.width * PT_PER_MM, list.height * PT_PER_MM], margin: 0 });
    this.pages += 1;
    this.forgetWrittenPages();
    compressFast((doc as unknown as { page: { content: PdfkitStream } }).page.content);
    doc.save();
    doc.scale(PT_PER_MM);
    applyCalibration(doc, list, this.options.calibration);
    doc.rect(0, 0, list.width, list.height).clip();
    doc.rect(-5, -5, list.width + 10, list.height + 10).fill(list.background);
    for (const item of list.items) {
      doc.save();
      if (item.rotate) doc.rotate(item.rotate.angle, { origin: [item.rotate.cx, item.rotate.cy] });
      this.draw(item);
      doc.restore();
    }
    doc.restore();
  }

  /**
   * Lets the file catch up: pdfkit pushes pages without regard to how fast the disk takes
   * them, so a long batch calls this between cards to keep memory flat.
   */
  async settle(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (!this.out) return;
    // pdfkit's own stream pauses while the file is busy; wait until both are nearly empty.
    while (this.doc.readableLength > 1 << 19 || this.out.writableLength > 1 << 20) {
      if (this.out.writableNeedDrain) await once(this.out, 'drain');
      else await new Promise<void>((resolve) => setTimeout(resolve, 1));
    }
  }

  /**
   * pdfkit keeps every written page's objects (dictionary, resources, content and image
   * references) until the end for the page tree, which needs only their object numbers; and
   * its fonts cache the glyph run of every word drawn, every serial included. For 10,000
   * cards that is most of the writing thread's memory, so both are let go as we go.
   */
  private forgetWrittenPages(): void {
    const internals = this.doc as unknown as PdfkitInternals;
    const kids = internals._root.data.Pages.data.Kids;
    // The last page is the one being drawn; pdfkit wrote the others when it was added.
    for (; this.forgotten < kids.length - 1; this.forgotten += 1) {
      const ref = kids[this.forgotten] as object;
      const text = String(ref);
      kids[this.forgotten] = Object.create(Object.getPrototypeOf(Object.getPrototypeOf(ref)), {
        toString: { value: () => text },
      });
    }
    if (this.pages % 256 === 0) {
      for (const font of Object.values(internals._fontFamilies)) {
        if (font.layoutCache) font.layoutCache = Object.create(null);
      }
    }
  }

  /** The whole PDF (when not streaming to a file). */
  async end(): Promise<Buffer> {
    this.doc.end();
    await this.done;
    return Buffer.concat(this.chunks);
  }

  private draw(item: DisplayItem): void {
    const doc = this.doc;
    switch (item.kind) {
      case 'rect':
        if (item.radius > 0) doc.roundedRect(item.x, item.y, item.width, item.height, item.radius);
        else doc.rect(item.x, item.y, item.width, item.height);
        paint(doc, item);
        return;
      case 'ellipse':
        doc.ellipse(item.x + item.width / 2, item.y + item.height / 2, item.width / 2, item.height / 2);
        paint(doc, item);
        return;
      case 'path':
        doc.translate(item.x, item.y).scale(item.scale);
        doc.path(item.d);
        paint(doc, item, item.scale);
        return;
      case 'bars': {
        doc.fillColor(item.fill);
        // In module units under one transform: "3 5 2 1 re" per run. pdfkit's rect() per run is
        // far slower for a 1,000-run QR, and whole numbers keep the content stream small.
        const ops: string[] = [`q ${r(item.moduleWidth)} 0 0 ${r(item.moduleHeight)} ${r(item.x)} ${r(item.y)} cm`];
        const { runs } = item;
        for (let i = 0; i < runs.length; i += 3) ops.push(`${runs[i]} ${runs[i + 1]} ${runs[i + 2]} 1 re`);
        ops.push('f Q');
        doc.addContent(ops.join('\n'));
        return;
      }
      case 'image': {
        doc.save();
        if (item.radius > 0) doc.roundedRect(item.x, item.y, item.width, item.height, item.radius).clip();
        else doc.rect(item.x, item.y, item.width, item.height).clip();
        const at = imagePlacement(item);
        doc.image(Buffer.from(item.image.bytes.buffer, item.image.bytes.byteOffset, item.image.bytes.byteLength), at.x, at.y, {
          width: at.width,
          height: at.height,
        });
        doc.restore();
        return;
      }
      case 'text': {
        doc
          .font(item.weight)
          .fontSize(item.size * MM_PER_PT)
          .fillColor(item.fill);
        for (const line of item.lines) {
          doc.text(line.text, line.x, line.y, {
            lineBreak: false,
            baseline: 'alphabetic',
            characterSpacing: item.tracking * MM_PER_PT,
          });
        }
        return;
      }
    }
  }
}

/** A pdfkit stream object, as `compressFast` changes it (pdfkit 0.17-0.20). */
interface PdfkitStream {
  compress: boolean;
  buffer: Uint8Array[];
  data: Record<string, unknown>;
  finalize(): void;
}

/**
 * Page content compressed at zlib's fastest level instead of its default: half the time
 * (compressing was a third of writing a card, on the thread every card goes through) for
 * a batch PDF about 8% larger. pdfkit has no option for the level.
 */
function compressFast(content: PdfkitStream): void {
  if (!content.compress) return;
  content.compress = false;
  const finalize = content.finalize.bind(content);
  content.finalize = () => {
    if (content.buffer.length > 0) {
      content.buffer = [deflateSync(Buffer.concat(content.buffer), { level: 1 })];
      content.data.Filter = 'FlateDecode';
    }
    finalize();
  };
}

/** The pdfkit internals `forgetWrittenPages` uses (pdfkit 0.17-0.20). */
interface PdfkitInternals {
  _root: { data: { Pages: { data: { Kids: unknown[] } } } };
  _fontFamilies: Record<string, { layoutCache?: object }>;
}

function applyCalibration(doc: PDFKit.PDFDocument, list: DisplayList, calibration: Calibration | undefined): void {
  if (!calibration) return;
  if (calibration.rotate180) doc.rotate(180, { origin: [list.width / 2, list.height / 2] });
  doc.translate(calibration.offsetX, calibration.offsetY);
  if (calibration.scaleX !== 1 || calibration.scaleY !== 1) {
    doc
      .translate(list.width / 2, list.height / 2)
      .scale(calibration.scaleX, calibration.scaleY)
      .translate(-list.width / 2, -list.height / 2);
  }
}

function paint(
  doc: PDFKit.PDFDocument,
  style: { fill?: string | undefined; stroke?: string | undefined; strokeWidth: number },
  scale = 1,
): void {
  if (style.stroke) doc.lineWidth(style.strokeWidth / scale).strokeColor(style.stroke);
  if (style.fill && style.stroke) doc.fillAndStroke(style.fill, style.stroke);
  else if (style.fill) doc.fill(style.fill);
  else if (style.stroke) doc.stroke();
}

function r(value: number): string {
  return String(Math.round(value * 10_000) / 10_000);
}
