/**
 * The SVG backend, for the live preview: the same display list the PDF is drawn from.
 * Text is drawn as the font's own glyph outlines (each glyph defined once, then reused),
 * so the preview needs no font installed and breaks and places every line as the print.
 */
import type { DisplayItem, DisplayList } from './display-list.ts';
import { imagePlacement } from './display-list.ts';
import type { FontSet } from './fonts.ts';
import { dataUrl } from './images.ts';
import { MM_PER_PT } from './text.ts';

export interface SvgOptions {
  /** Pixel size hints for a viewer; the drawing itself is always in millimetres. */
  pixelsPerMm?: number;
}

export function renderSvg(list: DisplayList, fonts: FontSet, options: SvgOptions = {}): string {
  const defs: string[] = [];
  const glyphs = new Set<string>();
  let clipCount = 0;
  const body: string[] = [];
  const scale = options.pixelsPerMm;
  const size = scale
    ? `width="${n(list.width * scale)}" height="${n(list.height * scale)}"`
    : `width="${n(list.width)}mm" height="${n(list.height)}mm"`;
  body.push(`<rect x="0" y="0" width="${n(list.width)}" height="${n(list.height)}" fill="${list.background}"/>`);
  for (const item of list.items) {
    const transform = item.rotate ? ` transform="rotate(${n(item.rotate.angle)} ${n(item.rotate.cx)} ${n(item.rotate.cy)})"` : '';
    body.push(`<g${transform}>${draw(item)}</g>`);
  }
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" ${size} viewBox="0 0 ${n(list.width)} ${n(list.height)}">`,
    `<defs>${defs.join('')}</defs>`,
    `<clipPath id="card"><rect x="0" y="0" width="${n(list.width)}" height="${n(list.height)}"/></clipPath>`,
    `<g clip-path="url(#card)">${body.join('')}</g>`,
    '</svg>',
  ].join('');

  function draw(item: DisplayItem): string {
    switch (item.kind) {
      case 'rect':
        return `<rect x="${n(item.x)}" y="${n(item.y)}" width="${n(item.width)}" height="${n(item.height)}"${item.radius ? ` rx="${n(item.radius)}"` : ''}${paint(item)}/>`;
      case 'ellipse':
        return `<ellipse cx="${n(item.x + item.width / 2)}" cy="${n(item.y + item.height / 2)}" rx="${n(item.width / 2)}" ry="${n(item.height / 2)}"${paint(item)}/>`;
      case 'path':
        return `<path transform="translate(${n(item.x)} ${n(item.y)}) scale(${n(item.scale)})" d="${item.d}"${paint(item, item.scale)}/>`;
      case 'bars': {
        const parts: string[] = [];
        const { runs } = item;
        for (let i = 0; i < runs.length; i += 3) parts.push(`M${runs[i]} ${runs[i + 1]}h${runs[i + 2]}v1h-${runs[i + 2]}z`);
        return `<path fill="${item.fill}" transform="translate(${n(item.x)} ${n(item.y)}) scale(${n(item.moduleWidth, 6)} ${n(item.moduleHeight, 6)})" d="${parts.join('')}"/>`;
      }
      case 'image': {
        clipCount += 1;
        const id = `clip${clipCount}`;
        defs.push(
          `<clipPath id="${id}"><rect x="${n(item.x)}" y="${n(item.y)}" width="${n(item.width)}" height="${n(item.height)}"${item.radius ? ` rx="${n(item.radius)}"` : ''}/></clipPath>`,
        );
        const at = imagePlacement(item);
        return `<image clip-path="url(#${id})" x="${n(at.x)}" y="${n(at.y)}" width="${n(at.width)}" height="${n(at.height)}" preserveAspectRatio="none" href="${dataUrl(item.image)}"/>`;
      }
      case 'text':
        return text(item);
    }
  }

  function text(item: Extract<DisplayItem, { kind: 'text' }>): string {
    const face = fonts[item.weight];
    const sizeMm = item.size * MM_PER_PT;
    const unit = sizeMm / face.font.unitsPerEm;
    const tracking = item.tracking * MM_PER_PT;
    const uses: string[] = [];
    for (const line of item.lines) {
      const run = face.font.layout(line.text);
      let x = line.x;
      run.glyphs.forEach((glyph, i) => {
        const position = run.positions[i] as { xAdvance: number; xOffset: number; yOffset: number };
        const id = `${item.weight[0]}${glyph.id}`;
        if (!glyphs.has(id)) {
          glyphs.add(id);
          defs.push(`<path id="${id}" d="${glyph.path.toSVG()}"/>`);
        }
        const gx = x + position.xOffset * unit;
        const gy = line.y - position.yOffset * unit;
        uses.push(`<use href="#${id}" transform="translate(${n(gx)} ${n(gy)}) scale(${n(unit, 6)} ${n(-unit, 6)})"/>`);
        x += position.xAdvance * unit + tracking;
      });
    }
    return `<g fill="${item.fill}">${uses.join('')}</g>`;
  }
}

function paint(style: { fill?: string | undefined; stroke?: string | undefined; strokeWidth: number }, scale = 1): string {
  const fill = ` fill="${style.fill ?? 'none'}"`;
  const stroke = style.stroke ? ` stroke="${style.stroke}" stroke-width="${n(style.strokeWidth / scale)}"` : '';
  return fill + stroke;
}

function n(value: number, digits = 3): string {
  return String(Math.round(value * 10 ** digits) / 10 ** digits);
}
