/**
 * Holders' photos from a folder or a zip, matched by holder id (`H-000123.jpg`), checked
 * to decode, and stored once by content hash under `<data>/photos/`.
 *
 * Files are written before the import's transaction and named by their SHA-256, so a crash
 * can leave at most an unreferenced file, never a holder pointing at a missing photo.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import sharp from 'sharp';
import yauzl from 'yauzl';
import { StationError } from '../errors.ts';

const PHOTO_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png']);
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;

export interface PhotoSource {
  /** The photo file for a holder id, or why there is none. */
  find(id: string): { name: string } | { missing: string };
  read(name: string): Promise<Buffer>;
  /** Photo files that matched no row, counted at the end. */
  unmatched(used: ReadonlySet<string>): number;
  close(): void;
}

export interface CheckedPhoto {
  hash: string;
  format: 'jpeg' | 'png';
  width: number;
  height: number;
  bytes: Buffer;
}

export async function openPhotoSource(path: string): Promise<PhotoSource> {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch (error) {
    throw new StationError('PHOTOS_UNREADABLE', `Cannot read the photos at ${path}: ${(error as Error).message}.`);
  }
  if (isDirectory) return folderSource(path);
  return zipSource(path);
}

function byHolder(names: Iterable<string>): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const name of names) {
    const extension = extname(name).toLowerCase();
    if (!PHOTO_EXTENSIONS.has(extension) || basename(name).startsWith('.')) continue;
    const id = basename(name, extname(name));
    map.set(id, [...(map.get(id) ?? []), name]);
  }
  return map;
}

function finder(map: Map<string, string[]>, where: string): PhotoSource['find'] {
  return (id) => {
    const names = map.get(id) ?? [];
    if (names.length === 1) return { name: names[0] as string };
    if (names.length === 0) return { missing: `no photo named ${id}.jpg, .jpeg or .png in ${where}` };
    return { missing: `several photos for this id in ${where} (${names.join(', ')}); keep one` };
  };
}

function folderSource(dir: string): PhotoSource {
  const map = byHolder(readdirSync(dir));
  return {
    find: finder(map, basename(dir)),
    read: async (name) => readFileSync(join(dir, name)),
    unmatched: (used) => countUnmatched(map, used),
    close: () => {},
  };
}

async function zipSource(path: string): Promise<PhotoSource> {
  let zip: yauzl.ZipFile;
  const entries = new Map<string, yauzl.Entry>();
  try {
    zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false });
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (entry: yauzl.Entry) => {
        if (!entry.fileName.endsWith('/')) entries.set(basename(entry.fileName), entry);
        zip.readEntry();
      });
      zip.on('end', resolve);
      zip.on('error', reject);
      zip.readEntry();
    });
  } catch (error) {
    throw new StationError(
      'PHOTOS_UNREADABLE',
      `${basename(path)} is neither a folder nor a readable zip of photos: ${(error as Error).message}.`,
    );
  }
  const map = byHolder(entries.keys());
  return {
    find: finder(map, basename(path)),
    read: async (name) => {
      const entry = entries.get(name) as yauzl.Entry;
      if (entry.uncompressedSize > MAX_PHOTO_BYTES) return Buffer.alloc(MAX_PHOTO_BYTES + 1);
      const stream = await zip.openReadStreamPromise(entry);
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },
    unmatched: (used) => countUnmatched(map, used),
    close: () => zip.close(),
  };
}

function countUnmatched(map: Map<string, string[]>, used: ReadonlySet<string>): number {
  let count = 0;
  for (const id of map.keys()) if (!used.has(id)) count += 1;
  return count;
}

/** Decodes the whole image (a truncated JPEG fails here), or says why it cannot be used. */
export async function checkPhoto(bytes: Buffer): Promise<CheckedPhoto | { reason: string }> {
  if (bytes.length > MAX_PHOTO_BYTES) return { reason: `is larger than ${MAX_PHOTO_BYTES / 1024 / 1024} MB` };
  try {
    const image = sharp(bytes, { failOn: 'truncated' });
    const metadata = await image.metadata();
    if (metadata.format !== 'jpeg' && metadata.format !== 'png') {
      return { reason: `is ${metadata.format ?? 'not an image'}, not a JPEG or PNG` };
    }
    await image.resize({ width: 8 }).raw().toBuffer();
    return {
      hash: createHash('sha256').update(bytes).digest('hex'),
      format: metadata.format,
      width: metadata.width ?? 0,
      height: metadata.height ?? 0,
      bytes,
    };
  } catch (error) {
    return { reason: `cannot be read as an image (${(error as Error).message.split('\n')[0]})` };
  }
}

export function photoPath(dataDir: string, hash: string, format: string): string {
  return join(dataDir, 'photos', hash.slice(0, 2), `${hash}.${format === 'jpeg' ? 'jpg' : format}`);
}

/** Writes the photo unless a file with its hash is already there; atomic by rename. */
export function storePhoto(dataDir: string, photo: CheckedPhoto): boolean {
  const path = photoPath(dataDir, photo.hash, photo.format);
  if (existsSync(path)) return false;
  mkdirSync(join(path, '..'), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, photo.bytes);
  renameSync(temporary, path);
  return true;
}
