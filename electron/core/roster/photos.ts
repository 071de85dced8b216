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
  // The format from the magic bytes: one sharp call per photo instead of two (metadata, then decode).
  const format = bytes[0] === 0xff && bytes[1] === 0xd8 ? 'jpeg' : bytes.subarray(0, 8).equals(PNG_MAGIC) ? 'png' : null;
  if (!format) return { reason: 'is not a JPEG or PNG image' };
  try {
    const { info } = await sharp(bytes, { failOn: 'truncated' }).raw().toBuffer({ resolveWithObject: true });
    return { hash: createHash('sha256').update(bytes).digest('hex'), format, width: info.width, height: info.height, bytes };
  } catch (error) {
    return { reason: `cannot be read as an image (${(error as Error).message.split('\n')[0]})` };
  }
}

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function photoPath(dataDir: string, hash: string, format: string): string {
  return join(dataDir, 'photos', hash.slice(0, 2), `${hash}.${format === 'jpeg' ? 'jpg' : format}`);
}

const madeFolders = new Set<string>();

/** Writes the photo unless a file with its hash is already there; atomic by rename. */
export function storePhoto(dataDir: string, photo: CheckedPhoto): boolean {
  const path = photoPath(dataDir, photo.hash, photo.format);
  if (existsSync(path)) return false;
  const folder = join(path, '..');
  if (!madeFolders.has(folder)) {
    mkdirSync(folder, { recursive: true });
    madeFolders.add(folder);
  }
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, photo.bytes);
  renameSync(temporary, path);
  return true;
}
