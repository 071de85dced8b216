/**
 * Enrolment: how a station key becomes an event's station.
 *
 * The station sends a certificate request (its public keys, signed by its own signing key
 * to prove it holds it). At the offline ceremony the root certifies it and returns an
 * enrolment bundle, signed by the root: the certificate, the trust list, and the event
 * secret encrypted to the station's X25519 key, so only that station can read it.
 */
import {
  createCipheriv,
  createDecipheriv,
  createPublicKey,
  diffieHellman,
  hkdfSync,
  type KeyObject,
  randomBytes,
} from 'node:crypto';
import { StationError } from '../errors.ts';
import { type CborMap, decodeStrict, encodeCanonical } from '../payload/cbor.ts';
import {
  decodeSign1,
  freshKeyPair,
  kidOf,
  publicKeyFromRaw,
  type RootPublicKey,
  rawPublicKey,
  type SignatureAlgorithm,
  type Signer,
  signerFor,
  signSign1,
  sigStructure,
  verifyByRoot,
  verifyWith,
} from '../payload/index.ts';

export interface CertificateRequest {
  station: number;
  alg: SignatureAlgorithm;
  publicKey: Buffer;
  agreementKey: Buffer;
}

export interface EnrolmentBundle {
  certificate: Buffer;
  trustList: Buffer;
  root: RootPublicKey;
  eventSecret: Buffer;
}

const INFO = Buffer.from('badge-station/enrolment/v1');

export function makeRequest(station: number, alg: SignatureAlgorithm, signingKey: KeyObject, agreementKey: KeyObject): Buffer {
  const publicKey = rawPublicKey(alg, createPublicKey(signingKey));
  const agreement = rawX25519(createPublicKey(agreementKey));
  const body = new Map<number, number | string | Buffer>([
    [1, station],
    [2, alg],
    [3, publicKey],
    [4, agreement],
  ]);
  return signSign1(encodeCanonical(body), signerFor(alg, signingKey, kidOf(publicKey)));
}

/** Reads a request and checks that whoever made it holds the signing key. */
export function readRequest(bytes: Uint8Array): CertificateRequest {
  try {
    const message = decodeSign1(bytes);
    const body = decodeStrict(message.payload) as CborMap;
    const station = body.get(1);
    const alg = body.get(2);
    const publicKey = body.get(3);
    const agreementKey = body.get(4);
    if (typeof station !== 'number' || (alg !== 'Ed25519' && alg !== 'ES256')) throw new Error('fields');
    if (!(publicKey instanceof Uint8Array) || !(agreementKey instanceof Uint8Array) || agreementKey.length !== 32)
      throw new Error('keys');
    const signed = sigStructure(message.protectedBytes, Buffer.alloc(0), message.payload);
    if (!verifyWith(alg, publicKeyFromRaw(alg, publicKey), signed, message.signature)) throw new Error('signature');
    return { station, alg, publicKey: Buffer.from(publicKey), agreementKey: Buffer.from(agreementKey) };
  } catch (error) {
    throw new StationError(
      'TRUST_INVALID',
      `The certificate request is not valid (${(error as Error).message}); ask the station for a new one.`,
    );
  }
}

export function makeBundle(
  request: CertificateRequest,
  certificate: Buffer,
  trustList: Buffer,
  root: RootPublicKey,
  rootSignerKey: Signer,
  eventSecret: Buffer,
): Buffer {
  const ephemeral = freshKeyPair('x25519');
  const ephemeralPublic = rawX25519(ephemeral.publicKey);
  const key = wrappingKey(ephemeral.privateKey, x25519FromRaw(request.agreementKey), ephemeralPublic, request.agreementKey);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(kidOf(certificate));
  const sealed = Buffer.concat([cipher.update(eventSecret), cipher.final(), cipher.getAuthTag()]);
  const body = new Map<number, unknown>([
    [1, certificate],
    [2, trustList],
    [3, root.alg],
    [4, root.publicKey],
    [5, [ephemeralPublic, iv, sealed]],
  ]);
  return signSign1(encodeCanonical(body as CborMap), rootSignerKey);
}

/** Opens a bundle with the station's agreement key; the root's signature is checked first. */
export function openBundle(bytes: Uint8Array, agreementKey: KeyObject): EnrolmentBundle {
  try {
    const message = decodeSign1(bytes);
    const body = decodeStrict(message.payload) as CborMap;
    const [certificate, trustList, alg, rootPublic, sealedPart] = [1, 2, 3, 4, 5].map((key) => body.get(key));
    if (!(certificate instanceof Uint8Array) || !(trustList instanceof Uint8Array) || !(rootPublic instanceof Uint8Array))
      throw new Error('fields');
    if (alg !== 'Ed25519' && alg !== 'ES256') throw new Error('root algorithm');
    const root: RootPublicKey = { alg, publicKey: Buffer.from(rootPublic) };
    verifyByRoot(message, [root], 'enrolment bundle');
    const [ephemeralPublic, iv, sealed] = sealedPart as Uint8Array[];
    if (!ephemeralPublic || !iv || !sealed || sealed.length < 17) throw new Error('sealed secret');
    const ownPublic = rawX25519(createPublicKey(agreementKey));
    const key = wrappingKey(agreementKey, x25519FromRaw(Buffer.from(ephemeralPublic)), Buffer.from(ephemeralPublic), ownPublic);
    const decipher = createDecipheriv('aes-256-gcm', key, iv).setAAD(kidOf(certificate));
    decipher.setAuthTag(sealed.subarray(sealed.length - 16));
    const eventSecret = Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()]);
    return { certificate: Buffer.from(certificate), trustList: Buffer.from(trustList), root, eventSecret };
  } catch (error) {
    if (error instanceof StationError) throw error;
    throw new StationError(
      'TRUST_INVALID',
      `The enrolment bundle cannot be used here (${(error as Error).message}): it is damaged, or made for another station's request.`,
    );
  }
}

function wrappingKey(own: KeyObject, peer: KeyObject, ephemeralPublic: Buffer, stationPublic: Buffer): Buffer {
  const shared = diffieHellman({ privateKey: own, publicKey: peer });
  return Buffer.from(hkdfSync('sha256', shared, Buffer.concat([ephemeralPublic, stationPublic]), INFO, 32));
}

export function generateAgreementKey(): KeyObject {
  return freshKeyPair('x25519').privateKey;
}

/** The 32 raw bytes: the tail of the SPKI encoding (see freshKeyPair for why not JWK). */
function rawX25519(publicKey: KeyObject): Buffer {
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  return Buffer.from(spki.subarray(spki.length - 32));
}

function x25519FromRaw(raw: Buffer): KeyObject {
  return createPublicKey({ format: 'jwk', key: { kty: 'OKP', crv: 'X25519', x: raw.toString('base64url') } });
}
