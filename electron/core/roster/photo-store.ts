/**
 * Holders' photos in `<data>/photos/`, encrypted under keys drawn from the station's data key
 * (station/data-key.ts): a copied data folder holds no face and no way to tell whose photo
 * a file is.
 *
 * - Each photo is one file, AES-256-GCM with a fresh nonce, its content hash as associated
 *   data (a file moved onto another photo's name does not open), written atomically.
 * - A file's name is an HMAC of the photo's content hash, not the hash itself: the hash of a
 *   known picture (a public portrait) would otherwise say that person is in the roster.
 * - Stored once per content: a second holder with the same photo, or a re-import, writes
 *   nothing. A crash can leave at most an unreferenced file, never a holder pointing at a
 *   missing photo (files are written before the import's transaction commits).
 *
 * Photos stored in clear by a station from before encryption at rest (`<hash>.jpg|png`)
 * are moved in by `encryptLegacyPhotos`, each encrypted before its clear file is removed, so
 * it may be cut short at any point and run again.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { StationError } from '../errors.ts';
import { atomicWrite } from '../keys/index.ts';

const MAGIC = Buffer.from('BSP1');
const NONCE = 12;
const TAG = 16;
const LEGACY_NAME = /^([0-9a-f]{64})\.(jpg|png)$/;

export interface StoredPhoto {
  hash: string;
  bytes: Buffer;
}

export class PhotoStore {
  readonly folder: string;
  readonly #sealKey: Buffer;
  readonly #nameKey: Buffer;
  readonly #madeFolders = new Set<string>();

  constructor(dataDir: string, dataKey: Buffer) {
    this.folder = join(dataDir, 'photos');
    // Two keys of their own from the data key, so neither use can be turned against the other.
    this.#sealKey = Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), 'badge-station photos: seal', 32));
    this.#nameKey = Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), 'badge-station photos: names', 32));
  }

  /** Where the photo with this content hash is kept. */
  pathOf(hash: string): string {
    const name = createHmac('sha256', this.#nameKey).update(hash).digest('hex');
    return join(this.folder, name.slice(0, 2), `${name}.photo`);
  }

  has(hash: string): boolean {
    return existsSync(this.pathOf(hash));
  }

  /** Writes the photo unless it is already kept; true when it wrote it. */
  store(photo: StoredPhoto): boolean {
    const path = this.pathOf(photo.hash);
    if (existsSync(path)) return false;
    const folder = join(path, '..');
    // Holders' faces: for this user only, like the database (station.ts).
    if (!this.#madeFolders.has(folder)) {
      mkdirSync(folder, { recursive: true, mode: 0o700 });
      this.#madeFolders.add(folder);
    }
    atomicWrite(path, this.#seal(photo));
    return true;
  }

  /** The photo's bytes; PHOTO_MISSING or PHOTO_DAMAGED saying what to do. */
  async read(hash: string): Promise<Buffer> {
    const path = this.pathOf(hash);
    let sealed: Buffer;
    try {
      sealed = await readFile(path);
    } catch {
      throw missing(path);
    }
    return this.#open(hash, sealed, path);
  }

  readSync(hash: string): Buffer {
    const path = this.pathOf(hash);
    let sealed: Buffer;
    try {
      sealed = readFileSync(path);
    } catch {
      throw missing(path);
    }
    return this.#open(hash, sealed, path);
  }

  /** Photos a station kept in clear before encryption at rest, encrypted in and removed; how many. */
  encryptLegacyPhotos(): number {
    if (!existsSync(this.folder)) return 0;
    let moved = 0;
    for (const sub of readdirSync(this.folder, { withFileTypes: true })) {
      if (!sub.isDirectory()) continue;
      const dir = join(this.folder, sub.name);
      for (const file of readdirSync(dir)) {
        const legacy = LEGACY_NAME.exec(file);
        if (!legacy) {
          // A clear photo's half-written copy from before: nothing refers to it.
          if (/\.tmp$/.test(file) && LEGACY_NAME.test(file.replace(/\.\d+\.tmp$/, ''))) rmSync(join(dir, file), { force: true });
          continue;
        }
        const clear = join(dir, file);
        this.store({ hash: legacy[1] as string, bytes: readFileSync(clear) });
        rmSync(clear);
        moved += 1;
      }
    }
    return moved;
  }

  #seal(photo: StoredPhoto): Buffer {
    const nonce = randomBytes(NONCE);
    const cipher = createCipheriv('aes-256-gcm', this.#sealKey, nonce).setAAD(Buffer.from(photo.hash));
    const data = Buffer.concat([cipher.update(photo.bytes), cipher.final()]);
    return Buffer.concat([MAGIC, nonce, cipher.getAuthTag(), data]);
  }

  #open(hash: string, sealed: Buffer, path: string): Buffer {
    const head = MAGIC.length + NONCE + TAG;
    if (sealed.length < head || !sealed.subarray(0, MAGIC.length).equals(MAGIC)) throw damaged(path);
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#sealKey, sealed.subarray(MAGIC.length, MAGIC.length + NONCE))
        .setAAD(Buffer.from(hash))
        .setAuthTag(sealed.subarray(MAGIC.length + NONCE, head));
      return Buffer.concat([decipher.update(sealed.subarray(head)), decipher.final()]);
    } catch {
      throw damaged(path);
    }
  }
}

function missing(path: string): StationError {
  return new StationError(
    'PHOTO_MISSING',
    `The photo file ${path} is gone from the data folder: import the holder's photo again.`,
    {
      path,
    },
  );
}

function damaged(path: string): StationError {
  return new StationError(
    'PHOTO_DAMAGED',
    `The photo file ${path} is damaged or was not written by this station: import the holder's photo again.`,
    { path },
  );
}
