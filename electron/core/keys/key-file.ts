/**
 * Key files: a public header anyone may read, and the private part sealed under a
 * key-encryption key. Written once, atomically, readable by the owner only; reading never
 * writes, so a wrong passphrase or a damaged file leaves the file exactly as it was.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { z } from 'zod';
import { StationError } from '../errors.ts';
import { canonicalJson } from '../ledger/index.ts';
import type { SignatureAlgorithm } from '../payload/index.ts';
import type { KeyEncryptionKey, SealedBox } from './key-encryption.ts';

const FORMAT = 'badge-station/key-file/1';

export interface KeyFileHeader {
  format: typeof FORMAT;
  role: 'event-root' | 'station';
  /** Three digits for a station key; absent for the root. */
  station?: string;
  alg: SignatureAlgorithm;
  /** Raw public key, base64. */
  publicKey: string;
}

export interface KeySecrets {
  signingKey: KeyObject;
  /** X25519, for receiving the event secret at enrolment (station keys). */
  agreementKey?: KeyObject;
  /** 32 bytes: holder hashes and chip passwords (the root makes it; a station gets it at enrolment). */
  eventSecret?: Buffer;
}

/** A sealed box as stored in a file (key-encryption.ts's SealedBox). */
export const sealedSchema = z.object({
  kdf: z.union([
    z.object({ name: z.literal('scrypt'), salt: z.string(), N: z.number(), r: z.number(), p: z.number() }),
    z.object({ name: z.literal('host') }),
  ]),
  iv: z.string(),
  tag: z.string(),
  data: z.string(),
});
const fileSchema = z.object({
  format: z.literal(FORMAT),
  role: z.enum(['event-root', 'station']),
  station: z
    .string()
    .regex(/^\d{3}$/)
    .optional(),
  alg: z.enum(['Ed25519', 'ES256']),
  publicKey: z.string().min(1),
  sealed: sealedSchema,
});
const secretsSchema = z.object({
  signingKey: z.string(),
  agreementKey: z.string().optional(),
  eventSecret: z.string().optional(),
});

export function writeKeyFile(
  path: string,
  header: KeyFileHeader,
  secrets: KeySecrets,
  kek: KeyEncryptionKey,
  replace = false,
): void {
  if (!replace && existsSync(path)) {
    throw new StationError(
      'KEY_EXISTS',
      `${path} already holds a key; it was not overwritten. Move it aside first if you mean to replace it.`,
    );
  }
  const plain = Buffer.from(
    JSON.stringify({
      signingKey: der(secrets.signingKey),
      ...(secrets.agreementKey ? { agreementKey: der(secrets.agreementKey) } : {}),
      ...(secrets.eventSecret ? { eventSecret: secrets.eventSecret.toString('base64') } : {}),
    }),
  );
  const sealed: SealedBox = kek.seal(plain, headerBytes(header));
  plain.fill(0);
  atomicWrite(path, `${JSON.stringify({ ...header, sealed }, null, 2)}\n`);
}

export function readKeyHeader(path: string): KeyFileHeader & { sealed: SealedBox } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new StationError('KEY_MISSING', `There is no key file at ${path}.`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw damaged(path, 'it is not JSON');
  }
  const file = fileSchema.safeParse(parsed);
  if (!file.success) throw damaged(path, `${file.error.issues[0]?.path.join('.') || 'its layout'} is wrong`);
  const { sealed, ...header } = file.data;
  return { ...(header as KeyFileHeader), sealed: sealed as SealedBox };
}

export function openKeyFile(path: string, kek: KeyEncryptionKey): { header: KeyFileHeader; secrets: KeySecrets } {
  const { sealed, ...header } = readKeyHeader(path);
  const plain = kek.open(sealed, headerBytes(header));
  try {
    const inner = secretsSchema.parse(JSON.parse(plain.toString('utf8')));
    return {
      header,
      secrets: {
        signingKey: privateKey(inner.signingKey),
        ...(inner.agreementKey ? { agreementKey: privateKey(inner.agreementKey) } : {}),
        ...(inner.eventSecret ? { eventSecret: Buffer.from(inner.eventSecret, 'base64') } : {}),
      },
    };
  } catch {
    throw damaged(path, 'its sealed part does not hold keys');
  } finally {
    plain.fill(0);
  }
}

function headerBytes(header: KeyFileHeader): Buffer {
  const { format, role, station, alg, publicKey } = header;
  return Buffer.from(canonicalJson({ format, role, alg, publicKey, ...(station ? { station } : {}) }));
}

function der(key: KeyObject): string {
  return key.export({ format: 'der', type: 'pkcs8' }).toString('base64');
}

function privateKey(base64: string): KeyObject {
  return createPrivateKey({ key: Buffer.from(base64, 'base64'), format: 'der', type: 'pkcs8' });
}

function damaged(path: string, why: string): StationError {
  return new StationError(
    'KEY_FILE_CORRUPT',
    `The key file ${path} is damaged (${why}). It was left as it is; restore it from its backup.`,
  );
}

/** Owner-only, and never half-written: a crash leaves the old file or the new one. */
export function atomicWrite(path: string, content: string | Buffer): void {
  const temporary = `${path}.${process.pid}.tmp`;
  const fd = openSync(temporary, 'w', 0o600);
  try {
    writeSync(fd, typeof content === 'string' ? Buffer.from(content) : content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
}
