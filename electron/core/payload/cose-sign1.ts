/**
 * COSE_Sign1 (RFC 9052 §4.2) as the station writes and reads it.
 *
 * Protected header: alg and kid, nothing else. The unprotected header is always empty on
 * write and ignored on read: nothing there is signed, so nothing there is trusted. The
 * signature covers Sig_structure ["Signature1", protected, external_aad, payload], where
 * external_aad carries the chip UID for the chip form, binding the payload to one chip.
 */
import { algorithmFromCose, COSE_ALGORITHM, type SignatureAlgorithm } from './algorithms.ts';
import { type CborMap, decodeLenient, decodeStrict, encodeCanonical } from './cbor.ts';
import { malformed } from './errors.ts';

/** CBOR tag 18 (COSE_Sign1) in its one-byte form. */
const TAG_BYTE = Buffer.from([0xd2]);
const HEADER_ALG = 1;
const HEADER_KID = 4;
const EMPTY = Buffer.alloc(0);

export interface Signer {
  alg: SignatureAlgorithm;
  kid: Buffer;
  sign(data: Buffer): Buffer;
}

/** A COSE_Sign1 taken apart, nothing checked yet. */
export interface Sign1Parts {
  protectedBytes: Buffer;
  protectedHeader: CborMap;
  unprotectedHeader: CborMap;
  payload: Buffer;
  signature: Buffer;
}

/** A COSE_Sign1 in the station's own profile: canonical, alg and kid protected. */
export interface Sign1Message extends Sign1Parts {
  alg: SignatureAlgorithm;
  kid: Buffer;
}

export function signSign1(payload: Buffer, signer: Signer, externalAad: Uint8Array = EMPTY): Buffer {
  const protectedBytes = encodeCanonical(
    new Map<number, number | Buffer>([
      [HEADER_ALG, COSE_ALGORITHM[signer.alg]],
      [HEADER_KID, signer.kid],
    ]),
  );
  const signature = signer.sign(sigStructure(protectedBytes, externalAad, payload));
  return Buffer.concat([TAG_BYTE, encodeCanonical([protectedBytes, new Map(), payload, signature])]);
}

/** The bytes a COSE_Sign1 signature covers. */
export function sigStructure(protectedBytes: Uint8Array, externalAad: Uint8Array, payload: Uint8Array): Buffer {
  return encodeCanonical(['Signature1', protectedBytes, externalAad, payload]);
}

/** Takes any well-formed COSE_Sign1 apart (tagged or not, any CBOR encoding). */
export function parseSign1(bytes: Uint8Array, strict = false): Sign1Parts {
  const decode = strict ? decodeStrict : decodeLenient;
  // Tag 18 is the one byte 0xD2. Read it here rather than through cbor-x's tag registry,
  // which other libraries in the same process may have filled with classes of their own.
  const first = bytes[0] ?? 0;
  if (first >= 0xc0 && first <= 0xdb && first !== TAG_BYTE[0]) throw malformed('a CBOR tag other than COSE_Sign1 (18)');
  const message = decode(first === TAG_BYTE[0] ? bytes.subarray(1) : bytes);
  if (!Array.isArray(message) || message.length !== 4) throw malformed('not a COSE_Sign1 array of four');
  const [protectedBytes, unprotected, payload, signature] = message as unknown[];
  if (!isBytes(protectedBytes) || !isBytes(payload) || !isBytes(signature) || !(unprotected instanceof Map)) {
    throw malformed('COSE_Sign1 fields have the wrong types');
  }
  const header = protectedBytes.length === 0 ? new Map() : decode(protectedBytes);
  if (!(header instanceof Map)) throw malformed('protected header is not a map');
  return {
    protectedBytes: Buffer.from(protectedBytes),
    protectedHeader: header as CborMap,
    unprotectedHeader: unprotected as CborMap,
    payload: Buffer.from(payload),
    signature: Buffer.from(signature),
  };
}

/** Parses a message in the station's profile; anything else is MALFORMED. */
export function decodeSign1(bytes: Uint8Array): Sign1Message {
  const parts = parseSign1(bytes, true);
  const kid = parts.protectedHeader.get(HEADER_KID);
  if (!isBytes(kid) || kid.length === 0) throw malformed('protected header has no kid');
  if (parts.protectedHeader.size !== 2) throw malformed('protected header holds more than alg and kid');
  return { ...parts, alg: algorithmFromCose(parts.protectedHeader.get(HEADER_ALG)), kid: Buffer.from(kid) };
}

export function isBytes(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array;
}
