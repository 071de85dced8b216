/**
 * Key-encryption keys: what private keys are sealed under, so none is ever in clear on disk.
 *
 * Two sources (ARCHITECTURE.md, "Secrets across processes"): the operator's passphrase,
 * stretched by scrypt (CLI and browser mode; the offline root ceremony), or 32 bytes the
 * host hands over (the desktop app unwraps them with Electron's safeStorage in the main
 * process). Sealing is AES-256-GCM with the key file's public header as associated data,
 * so a header swapped onto another file's secret does not open either.
 */
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { StationError } from '../errors.ts';

export interface SealedBox {
  kdf: { name: 'scrypt'; salt: string; N: number; r: number; p: number } | { name: 'host' };
  iv: string;
  tag: string;
  data: string;
}

export interface KeyEncryptionKey {
  readonly source: 'passphrase' | 'host';
  seal(plain: Buffer, aad: Buffer): SealedBox;
  open(box: SealedBox, aad: Buffer): Buffer;
}

// ~0.1 s and 32 MB per unlock here: cheap for a person, costly for a guesser.
const SCRYPT = { N: 2 ** 15, r: 8, p: 1 } as const;
const MIN_PASSPHRASE = 10;

export function passphraseKey(passphrase: string): KeyEncryptionKey {
  if (passphrase.length < MIN_PASSPHRASE) {
    throw new StationError('USAGE', `A key passphrase needs at least ${MIN_PASSPHRASE} characters.`);
  }
  const derive = (salt: Buffer, params: { N: number; r: number; p: number }) =>
    scryptSync(passphrase.normalize('NFC'), salt, 32, { ...params, maxmem: 256 * params.N * params.r });
  return {
    source: 'passphrase',
    seal(plain, aad) {
      const salt = randomBytes(16);
      return { kdf: { name: 'scrypt', salt: salt.toString('base64'), ...SCRYPT }, ...encrypt(derive(salt, SCRYPT), plain, aad) };
    },
    open(box, aad) {
      if (box.kdf.name !== 'scrypt') throw wrongSource('passphrase');
      const { N, r, p } = box.kdf;
      if (![N, r, p].every(Number.isSafeInteger) || N > 2 ** 20 || r > 32 || p > 16)
        throw corrupt('its scrypt parameters are out of range');
      return decrypt(derive(Buffer.from(box.kdf.salt, 'base64'), { N, r, p }), box, aad);
    },
  };
}

export function hostKey(key: Buffer): KeyEncryptionKey {
  if (key.length !== 32) throw new StationError('USAGE', 'The host key-encryption key must be 32 bytes.');
  return {
    source: 'host',
    seal: (plain, aad) => ({ kdf: { name: 'host' }, ...encrypt(key, plain, aad) }),
    open(box, aad) {
      if (box.kdf.name !== 'host') throw wrongSource('host');
      return decrypt(key, box, aad);
    },
  };
}

function encrypt(key: Buffer, plain: Buffer, aad: Buffer): Omit<SealedBox, 'kdf'> {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(aad);
  const data = Buffer.concat([cipher.update(plain), cipher.final()]);
  return { iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
}

function decrypt(key: Buffer, box: SealedBox, aad: Buffer): Buffer {
  const iv = Buffer.from(box.iv, 'base64');
  const tag = Buffer.from(box.tag, 'base64');
  if (iv.length !== 12 || tag.length !== 16) throw corrupt('its sealed part is damaged');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv).setAAD(aad).setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(box.data, 'base64')), decipher.final()]);
  } catch {
    throw new StationError(
      'KEY_PASSPHRASE_WRONG',
      'The key did not open: the passphrase is wrong (or the key file was altered). Nothing was changed; try again.',
    );
  }
}

function wrongSource(expected: string): StationError {
  return new StationError('KEY_PASSPHRASE_WRONG', `This key file is not sealed with a ${expected} key.`);
}

function corrupt(why: string): StationError {
  return new StationError('KEY_FILE_CORRUPT', `The key file is damaged: ${why}. Restore it from the ceremony backup.`);
}
