/**
 * The two signature algorithms an event may choose, through node:crypto.
 *
 * Both give 64-byte signatures (ES256 as raw r||s, as COSE wants, not DER). Public keys
 * travel raw inside certificates (32 bytes Ed25519, 65 bytes uncompressed P-256) and
 * leave as SPKI PEM for anyone who wants to verify with other tools.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign, verify } from 'node:crypto';
import { malformed } from './errors.ts';

export type SignatureAlgorithm = 'Ed25519' | 'ES256';

/** COSE algorithm numbers (RFC 9053). */
export const COSE_ALGORITHM: Record<SignatureAlgorithm, number> = { Ed25519: -8, ES256: -7 };

export function algorithmFromCose(alg: unknown): SignatureAlgorithm {
  if (alg === -8) return 'Ed25519';
  if (alg === -7) return 'ES256';
  throw malformed(`unknown signature algorithm ${String(alg)}`);
}

export function parseAlgorithm(name: string): SignatureAlgorithm {
  const found = (['Ed25519', 'ES256'] as const).find((alg) => alg.toLowerCase() === name.toLowerCase());
  if (!found) throw malformed(`"${name}" is not a signature algorithm the station knows: use Ed25519 or ES256`);
  return found;
}

export function generateSigningKeyPair(alg: SignatureAlgorithm): { privateKey: KeyObject; publicKey: KeyObject } {
  return alg === 'Ed25519' ? freshKeyPair('ed25519') : freshKeyPair('ec', { namedCurve: 'P-256' });
}

/**
 * A new key pair as key objects of their own, made from the encoded keys the generation
 * gives back. Node 20 can deadlock when the key objects of `generateKeyPairSync` are
 * exported while V8 collects the finished generation job: the export holds the key's
 * mutex, allocates, the collector destroys the job, whose destructor takes the same mutex
 * (seen as a test worker hung for ever in `ExportJWKEdKey` -> `~KeyGenJob`). Keys that
 * share nothing with the job cannot meet it.
 */
export function freshKeyPair(
  type: 'ed25519' | 'x25519' | 'ec',
  options: { namedCurve?: string } = {},
): { privateKey: KeyObject; publicKey: KeyObject } {
  const encoded = generateKeyPairSync(type as 'ec', {
    namedCurve: options.namedCurve as string,
    privateKeyEncoding: { type: 'pkcs8', format: 'der' },
    publicKeyEncoding: { type: 'spki', format: 'der' },
  });
  return {
    privateKey: createPrivateKey({ key: encoded.privateKey, format: 'der', type: 'pkcs8' }),
    publicKey: createPublicKey({ key: encoded.publicKey, format: 'der', type: 'spki' }),
  };
}

export function signWith(alg: SignatureAlgorithm, privateKey: KeyObject, data: Uint8Array): Buffer {
  return alg === 'Ed25519' ? sign(null, data, privateKey) : sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' });
}

export function verifyWith(alg: SignatureAlgorithm, publicKey: KeyObject, data: Uint8Array, signature: Uint8Array): boolean {
  if (signature.length !== 64) return false;
  return alg === 'Ed25519'
    ? verify(null, data, publicKey, signature)
    : verify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature);
}

/**
 * The raw public key (32 bytes for Ed25519, the 65-byte uncompressed point for P-256): the
 * tail of its SPKI encoding, whose header is fixed for each algorithm.
 */
export function rawPublicKey(alg: SignatureAlgorithm, publicKey: KeyObject): Buffer {
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  return Buffer.from(spki.subarray(spki.length - (alg === 'Ed25519' ? 32 : 65)));
}

export function publicKeyFromRaw(alg: SignatureAlgorithm, raw: Uint8Array): KeyObject {
  const bytes = Buffer.from(raw);
  try {
    if (alg === 'Ed25519') {
      if (bytes.length !== 32) throw new Error('length');
      return createPublicKey({ format: 'jwk', key: { kty: 'OKP', crv: 'Ed25519', x: bytes.toString('base64url') } });
    }
    if (bytes.length !== 65 || bytes[0] !== 0x04) throw new Error('length');
    return createPublicKey({
      format: 'jwk',
      key: {
        kty: 'EC',
        crv: 'P-256',
        x: bytes.subarray(1, 33).toString('base64url'),
        y: bytes.subarray(33).toString('base64url'),
      },
    });
  } catch {
    throw malformed(`not an ${alg} public key`);
  }
}

export function publicKeyPem(publicKey: KeyObject): string {
  return publicKey.export({ format: 'pem', type: 'spki' }).toString();
}
