/**
 * The two forms of one badge's signed payload.
 *
 * Barcode form: printed on the card face before the card meets an encoder, so it binds no
 * chip: `BS1:` + Base45 of the COSE_Sign1. Chip form: signed once the chip's UID is known,
 * with that UID as external_aad, then wrapped as NDEF. A chip payload copied to another
 * chip, or a barcode payload written to a chip, does not verify there.
 */
import { base45Decode, base45Encode } from './base45.ts';
import { type BadgeClaims, encodeClaims } from './claims.ts';
import { type Signer, signSign1 } from './cose-sign1.ts';
import { malformed } from './errors.ts';
import { NTAG213_USER_BYTES, unwrapNdef, wrapNdef } from './ndef.ts';

export const BARCODE_PREFIX = 'BS1:';
/** Longest barcode text a gate accepts; anything longer is not ours. */
const MAX_BARCODE_CHARS = 600;
const MAX_PAYLOAD_BYTES = 400;

export function barcodeForm(claims: BadgeClaims, signer: Signer): string {
  return BARCODE_PREFIX + base45Encode(signSign1(encodeClaims(claims), signer));
}

export interface ChipForm {
  cose: Buffer;
  /** What is written from page 4 on. */
  ndef: Buffer;
}

export function chipForm(claims: BadgeClaims, signer: Signer, chipUid: Uint8Array): ChipForm {
  if (chipUid.length < 4 || chipUid.length > 10) throw malformed(`a ${chipUid.length}-byte chip UID is not a chip UID`);
  const cose = signSign1(encodeClaims(claims), signer, chipUid);
  return { cose, ndef: wrapNdef(cose) };
}

export function fitsNtag213(form: ChipForm): boolean {
  return form.ndef.length <= NTAG213_USER_BYTES;
}

export type PayloadForm = 'barcode' | 'chip';

/**
 * Takes what a scanner or reader produced: barcode text, or chip memory / COSE bytes as
 * bytes or hex. Returns the COSE bytes and which form they claim to be.
 */
export function readPayload(input: Uint8Array | string): { cose: Buffer; form: PayloadForm } {
  if (typeof input === 'string') {
    const text = input.trim();
    if (text.length > MAX_BARCODE_CHARS) throw malformed(`${text.length} characters is longer than any badge payload`);
    if (text.startsWith(BARCODE_PREFIX)) return { cose: base45Decode(text.slice(BARCODE_PREFIX.length)), form: 'barcode' };
    if (/^([0-9a-fA-F]{2})+$/.test(text)) return readPayload(Buffer.from(text, 'hex'));
    throw malformed('neither a badge barcode (BS1:...) nor hex bytes');
  }
  if (input.length === 0) throw malformed('no bytes');
  if (input.length > MAX_PAYLOAD_BYTES + 64) throw malformed(`${input.length} bytes is longer than any badge payload`);
  // Chip memory starts with a TLV (0x03 NDEF, or 0x00 padding); COSE starts with tag 18 or an array.
  if (input[0] === 0x03 || input[0] === 0x00) return { cose: unwrapNdef(input), form: 'chip' };
  return { cose: Buffer.from(input), form: 'chip' };
}
