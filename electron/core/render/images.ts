/**
 * Photos and static art: read, recognised by their header (JPEG or PNG), never decoded
 * here. The PDF embeds a JPEG as it is and the SVG as a data URL; cropping is a clip, so
 * a photo costs no pixel work on the way to the printer.
 */
import { readFileSync } from 'node:fs';

export interface ImageSource {
  format: 'jpeg' | 'png';
  width: number;
  height: number;
  bytes: Uint8Array;
}

export class ImageUnreadable extends Error {}

export function readImageFile(path: string): ImageSource {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new ImageUnreadable(`cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  return probeImage(bytes);
}

/** Format and size from the header, and a check that the file is whole. */
export function probeImage(bytes: Uint8Array): ImageSource {
  const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (data.length > 8 && data.readUInt32BE(0) === 0x89504e47 && data.readUInt32BE(4) === 0x0d0a1a0a) {
    if (data.length < 33 || data.toString('latin1', 12, 16) !== 'IHDR') throw new ImageUnreadable('is a damaged PNG');
    if (data.indexOf('IEND', data.length - 12, 'latin1') < 0) throw new ImageUnreadable('is a PNG cut short');
    const width = data.readUInt32BE(16);
    const height = data.readUInt32BE(20);
    const colourType = data[25];
    // pdfkit embeds 8-bit greyscale, RGB, palette and alpha PNGs; 16-bit and interlaced ones it cannot.
    if (data[24] !== 8 || data[28] !== 0 || colourType === undefined) {
      throw new ImageUnreadable('is a 16-bit or interlaced PNG; save it as an ordinary 8-bit PNG or a JPEG');
    }
    return { format: 'png', width, height, bytes: data };
  }
  if (data.length > 4 && data[0] === 0xff && data[1] === 0xd8) {
    if (data[data.length - 2] !== 0xff || data[data.length - 1] !== 0xd9) throw new ImageUnreadable('is a JPEG cut short');
    let offset = 2;
    while (offset + 9 < data.length) {
      if (data[offset] !== 0xff) throw new ImageUnreadable('is a damaged JPEG');
      const marker = data[offset + 1] as number;
      const length = data.readUInt16BE(offset + 2);
      // Start-of-frame markers (baseline, progressive ...) carry the size.
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { format: 'jpeg', height: data.readUInt16BE(offset + 5), width: data.readUInt16BE(offset + 7), bytes: data };
      }
      offset += 2 + length;
    }
    throw new ImageUnreadable('is a damaged JPEG (no image size found)');
  }
  throw new ImageUnreadable('is neither a JPEG nor a PNG');
}

export function dataUrl(image: ImageSource): string {
  return `data:image/${image.format};base64,${Buffer.from(image.bytes.buffer, image.bytes.byteOffset, image.bytes.byteLength).toString('base64')}`;
}
