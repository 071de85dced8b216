/**
 * Deterministic CBOR (RFC 8949 §4.2.1) on top of cbor-x.
 *
 * Everything the station signs is encoded one way only: shortest lengths and integers,
 * map keys in bytewise order of their encodings. Decoding is strict the same way: bytes
 * that would not come out of `encodeCanonical` again are refused, so a re-encoded COSE
 * message (a longer length, a duplicate key, a reordered map) never verifies.
 */
import { Decoder, Encoder } from 'cbor-x';
import { malformed } from './errors.ts';

export type CborValue = number | bigint | string | boolean | null | Uint8Array | CborValue[] | CborMap;
export type CborMap = Map<number | string, CborValue>;

const encoder = new Encoder({
  useRecords: false,
  mapsAsObjects: false,
  variableMapSize: true,
  tagUint8Array: false,
  useFloat32: 0,
});
const decoder = new Decoder({ useRecords: false, mapsAsObjects: false });

export function encodeCanonical(value: CborValue): Buffer {
  return encoder.encode(sortMaps(value));
}

/** Decodes well-formed CBOR in any encoding: for reading other people's COSE examples. */
export function decodeLenient(bytes: Uint8Array): unknown {
  try {
    return decoder.decode(bytes);
  } catch (error) {
    throw malformed(`not CBOR: ${(error as Error).message}`);
  }
}

/** Decodes, and refuses anything that is not in canonical form. */
export function decodeStrict(bytes: Uint8Array): unknown {
  const decoded = decodeLenient(bytes);
  let again: Buffer;
  try {
    again = encodeCanonical(decoded as CborValue);
  } catch {
    throw malformed('CBOR holds values the station never writes');
  }
  if (!again.equals(bytes)) throw malformed('CBOR is not in canonical form');
  return decoded;
}

function sortMaps(value: CborValue): unknown {
  if (value instanceof Map) {
    const entries = [...value.entries()].map(([key, inner]) => [key, sortMaps(inner), encoder.encode(key)] as const);
    entries.sort((a, b) => Buffer.compare(a[2], b[2]));
    return new Map(entries.map(([key, inner]) => [key, inner]));
  }
  if (Array.isArray(value)) return value.map(sortMaps);
  return value;
}
