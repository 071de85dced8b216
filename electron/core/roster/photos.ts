/**
 * Holders' photos from a folder or a zip, matched by holder id (`H-000123.jpg`) and checked
 * to decode; the import then keeps each once, encrypted, in the station's photo store
 * (photo-store.ts).
 */
import { createHash } from 'node:crypto';
import { constants, type Dirent, lstatSync, readdirSync, type Stats, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import sharp from 'sharp';
import yauzl from 'yauzl';
import { StationError } from '../errors.ts';
import { formatBytes } from './sniff.ts';
import { unreadable } from './unreadable.ts';

const PHOTO_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png']);
/** A badge photo is a few hundred kilobytes; a file ten times the largest camera JPEG is not one, and is not read. */
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;

export interface PhotoSource {
  /** The photo file for a holder id, or why there is none. */
  find(id: string): { name: string } | { missing: string };
  /** The photo file's bytes, or why it cannot be used: what it is and its size are looked at before it is read. */
  read(name: string): Promise<Buffer | { reason: string }>;
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
    throw unreadable('PHOTOS_UNREADABLE', path, error, 'folder or zip');
  }
  if (isDirectory) return folderSource(path);
  return zipSource(path);
}

/** Photo files by holder id; a name may come twice (a zip may hold one path twice), and is then listed twice. */
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

function tooLarge(bytes: number): { reason: string } {
  return { reason: `is ${formatBytes(bytes)}, over the ${formatBytes(MAX_PHOTO_BYTES)} limit for a photo: save it smaller` };
}

/** What a file is when it is not a plain file: a photo is read only from a regular file of its own. */
function notAFile(stat: Stats | Dirent): string | undefined {
  if (stat.isSymbolicLink()) return 'a symbolic link';
  if (stat.isDirectory()) return 'a folder';
  if (!stat.isFile()) return 'not a regular file';
  return undefined;
}

function notAFileReason(kind: string): { reason: string } {
  return { reason: `is ${kind}, not a photo file: put the photo itself there` };
}

/**
 * The folder's own files only, not its subfolders. A link, a folder or a device named like
 * a photo is refused rather than followed: a link could lead anywhere on the computer (and
 * its photo be stored and printed), and a device or a pipe would never end.
 */
function folderSource(dir: string): PhotoSource {
  let files: Dirent[];
  try {
    files = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    throw unreadable('PHOTOS_UNREADABLE', dir, error, 'folder or zip');
  }
  const map = byHolder(files.map((file) => file.name));
  return {
    find: finder(map, basename(dir)),
    read: (name) => readPhotoFile(join(dir, name)),
    unmatched: (used) => countUnmatched(map, used),
    close: () => {},
  };
}

/** Not following a link, and not waiting on a pipe (Windows has neither flag, nor pipes among files). */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

async function readPhotoFile(path: string): Promise<Buffer | { reason: string }> {
  const cannot = (error: unknown) => ({ reason: `cannot be read (${(error as { code?: string }).code ?? 'unknown error'})` });
  let stat: Stats;
  try {
    stat = lstatSync(path);
  } catch (error) {
    return cannot(error);
  }
  const kind = notAFile(stat);
  if (kind) return notAFileReason(kind);
  if (stat.size > MAX_PHOTO_BYTES) return tooLarge(stat.size);
  // Looked at again once open: the file could have been swapped for a link or grown since.
  let file: Awaited<ReturnType<typeof open>>;
  try {
    file = await open(path, OPEN_FLAGS);
  } catch (error) {
    return (error as { code?: string }).code === 'ELOOP' ? notAFileReason('a symbolic link') : cannot(error);
  }
  try {
    const opened = await file.stat();
    const openedKind = notAFile(opened);
    if (openedKind) return notAFileReason(openedKind);
    if (opened.size > MAX_PHOTO_BYTES) return tooLarge(opened.size);
    const bytes = await file.readFile();
    return bytes.length > MAX_PHOTO_BYTES ? tooLarge(bytes.length) : bytes;
  } catch (error) {
    return cannot(error);
  } finally {
    await file.close();
  }
}

interface ZipPhoto {
  entry: yauzl.Entry;
  /** Why the entry is not a photo file, if it is not one. */
  notAFile?: string;
}

/** Unix file types, in the high half of a zip entry's external attributes when a Unix tool made it. */
const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;
/** The MS-DOS folder attribute, in the low byte. */
const DOS_DIRECTORY = 0x10;

function zipEntryKind(entry: yauzl.Entry): string | undefined {
  const type = (entry.externalFileAttributes >>> 16) & S_IFMT;
  if (type === S_IFLNK) return 'a symbolic link';
  if (entry.fileName.endsWith('/') || type === S_IFDIR || entry.externalFileAttributes & DOS_DIRECTORY) return 'a folder';
  if (type !== 0 && type !== S_IFREG) return 'not a regular file';
  return undefined;
}

/**
 * Every entry, in whatever folder of the zip, by its whole path: two photos of one name
 * in two folders are two photos for one holder, reported as the folder source reports two
 * files for one id (H-1.jpg and H-1.png), not one silently taken over the other.
 */
async function zipSource(path: string): Promise<PhotoSource> {
  let zip: yauzl.ZipFile;
  const names: string[] = [];
  const photos = new Map<string, ZipPhoto>();
  try {
    zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false });
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (entry: yauzl.Entry) => {
        const name = entry.fileName.replace(/\/$/, '');
        names.push(name);
        if (!photos.has(name)) photos.set(name, { entry, notAFile: zipEntryKind(entry) });
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
  const map = byHolder(names);
  return {
    find: finder(map, basename(path)),
    read: async (name) => {
      const { entry, notAFile: kind } = photos.get(name) as ZipPhoto;
      if (kind) return notAFileReason(kind);
      if (entry.uncompressedSize > MAX_PHOTO_BYTES) return tooLarge(entry.uncompressedSize);
      try {
        // yauzl stops a stream that inflates to more than the entry says it holds.
        const stream = await zip.openReadStreamPromise(entry);
        const chunks: Buffer[] = [];
        for await (const chunk of stream) chunks.push(chunk as Buffer);
        return Buffer.concat(chunks);
      } catch (error) {
        return { reason: `cannot be read from ${basename(path)} (${(error as Error).message})` };
      }
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
  if (bytes.length > MAX_PHOTO_BYTES) return tooLarge(bytes.length);
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
