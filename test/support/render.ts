/** Cards to render, and the tools that look at the output: pdftoppm, pdftotext, Chromium, pixelmatch. */
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import { loadCatalog } from '../../electron/core/catalog/index.ts';
import { barcodeForm } from '../../electron/core/payload/index.ts';
import { type CardData, demoPortrait, eventOnCard } from '../../electron/core/render/index.ts';
import { launchChromium } from './chromium.ts';
import { exhibitorClaims, testEvent } from './event-keys.ts';
import { tempDir } from './station.ts';

export const catalog = loadCatalog();
const event = testEvent();
const station = event.station(7);

export function signedPayload(badgeId = 12345): string {
  return barcodeForm(exhibitorClaims(event.secret, { badgeId }), station.signer);
}

export async function card(overrides: Partial<CardData> & { typeCode?: string; name?: string } = {}): Promise<CardData> {
  const type = catalog.type(overrides.typeCode ?? 'exhibitor');
  if (!type) throw new Error('no such type');
  const { typeCode: _, name, ...rest } = overrides;
  return {
    kind: 'badge',
    holder: {
      id: 'H-0000001',
      name: name ?? '欧阳娜娜',
      latin_name: 'OUYANG NANA',
      organisation: '上海国际会展中心有限公司',
      country: 'China 中国',
    },
    type,
    zones: catalog.zones.filter((zone) => type.default_zones.includes(zone.code)),
    allZones: catalog.zones,
    serial: `${type.letter}-007-0012345-1`,
    payload: signedPayload(),
    photo: { bytes: await demoPortrait(1) },
    // The dates its payload is valid, as a station prints them.
    event: eventOnCard(exhibitorClaims(event.secret)),
    ...rest,
  };
}

function need(tool: string): void {
  if (!existsSync(tool))
    throw new Error(`${tool} is missing: install it (apt-get install poppler-utils chromium); these tests never skip`);
}

/** Page `page` (1-based) of a PDF as a PNG at `dpi`. */
export function rasterisePdf(pdf: Buffer, page: number, dpi: number): PNG {
  need('/usr/bin/pdftoppm');
  const dir = tempDir('render-');
  const file = join(dir, 'card.pdf');
  writeFileSync(file, pdf);
  const png = execFileSync('/usr/bin/pdftoppm', [
    '-png',
    '-r',
    String(dpi),
    '-f',
    String(page),
    '-l',
    String(page),
    '-singlefile',
    file,
  ]);
  return PNG.sync.read(png);
}

/** `raw`: in the order the PDF draws it, not as pdftotext reads columns. */
export function pdfText(pdf: Buffer, { raw = false } = {}): string {
  need('/usr/bin/pdftotext');
  const dir = tempDir('render-');
  const file = join(dir, 'card.pdf');
  writeFileSync(file, pdf);
  return execFileSync('/usr/bin/pdftotext', ['-enc', 'UTF-8', ...(raw ? ['-raw'] : []), file, '-'], { encoding: 'utf8' });
}

/** SVGs rasterised by Chromium at exactly `width` x `height` pixels. */
export async function rasteriseSvgs(svgs: string[], width: number, height: number): Promise<PNG[]> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: 1 });
    const out: PNG[] = [];
    for (const svg of svgs) {
      const sized = svg.replace(/width="[^"]+mm" height="[^"]+mm"/, `width="${width}" height="${height}"`);
      await page.setContent(`<html><body style="margin:0">${sized}</body></html>`);
      out.push(PNG.sync.read(await page.screenshot({ clip: { x: 0, y: 0, width, height } })));
    }
    return out;
  } finally {
    await browser.close();
  }
}

/**
 * Share of pixels that differ beyond anti-aliasing noise, compared at half the resolution
 * (2 x 2 averages) and ignoring differences in shade: poppler draws small text a little
 * heavier than Chromium does (same places, darker strokes), while a
 * displaced element differs by whole modules and letters.
 */
export function difference(a: PNG, b: PNG): number {
  if (a.width !== b.width || a.height !== b.height)
    throw new Error(`sizes differ: ${a.width}x${a.height} vs ${b.width}x${b.height}`);
  const [x, y] = [half(a), half(b)] as [PNG, PNG];
  const diff = pixelmatch(x.data, y.data, undefined, x.width, x.height, { threshold: 0.6, includeAA: false });
  return diff / (x.width * x.height);
}

function half(image: PNG): PNG {
  const width = Math.floor(image.width / 2);
  const height = Math.floor(image.height / 2);
  const out = new PNG({ width, height });
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      for (let c = 0; c < 4; c += 1) {
        const at = (dx: number, dy: number) => image.data[((2 * y + dy) * image.width + 2 * x + dx) * 4 + c] as number;
        out.data[(y * width + x) * 4 + c] = (at(0, 0) + at(1, 0) + at(0, 1) + at(1, 1)) / 4;
      }
    }
  }
  return out;
}
