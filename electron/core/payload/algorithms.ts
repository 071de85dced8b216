/**
 * The two signature algorithms an event may choose, through node:crypto.
 *
 * Both give 64-byte signatures (ES256 as raw r||s, as COSE wants, not DER). Public keys
 * travel raw inside certificates (32 bytes Ed25519, 65 bytes uncompressed P-256) and
 * leave as SPKI PEM for anyone who wants to verify with other tools.
 */
import { createPublicKey, generateKeyPairSync, type KeyObject, sign, verify } from 'node:crypto';
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
  return alg === 'Ed25519' ? generateKeyPairSync('ed25519') : generateKeyPairSync('ec', { namedCurve: 'P-256' });
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

export function rawPublicKey(alg: SignatureAlgorithm, publicKey: KeyObject): Buffer {
  const jwk = publicKey.export({ format: 'jwk' });
  if (alg === 'Ed25519') return Buffer.from(jwk.x as string, 'base64url');
  return Buffer.concat([
    Buffer.from([0x04]),
    Buffer.from(jwk.x as string, 'base64url'),
    Buffer.from(jwk.y as string, 'base64url'),
  ]);
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
