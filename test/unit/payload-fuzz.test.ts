/**
 * Property tests: whatever bytes reach a gate, the verifier answers with a code and never
 * throws, and no changed byte, anywhere, ever verifies.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BadgeVerifier,
  barcodeForm,
  base45Decode,
  base45Encode,
  chipForm,
  type VerdictCode,
} from '../../electron/core/payload/index.ts';
import { exhibitorClaims, NOW, testEvent } from '../support/event-keys.ts';

const CODES: (VerdictCode | 'VALID')[] = [
  'VALID',
  'MALFORMED',
  'UNKNOWN_KID',
  'BAD_SIGNATURE',
  'NOT_YET_VALID',
  'EXPIRED',
  'REVOKED',
  'OUTSIDE_POLICY',
  'WRONG_CHIP',
  'STALE_REVOCATIONS',
];
const UID = Buffer.from('04a1b2c3d4e5f6', 'hex');

describe.each(['Ed25519', 'ES256'] as const)('the %s verifier under fire', (alg) => {
  const event = testEvent(alg);
  const station = event.station(7);
  const verifier = new BadgeVerifier({ roots: event.roots, trustList: event.trustList([station.certificate]), now: () => NOW });
  const claims = exhibitorClaims(event.secret);
  const barcodeCose = base45Decode(barcodeForm(claims, station.signer).slice(4));
  const chip = chipForm(claims, station.signer, UID);

  it('answers random bytes and random text with a code, never an exception', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.string({ maxLength: 300 }), (bytes, text) => {
        expect(CODES).toContain(verifier.verify(bytes).code);
        expect(CODES).toContain(verifier.verify(`BS1:${text}`).code);
        expect(CODES).toContain(verifier.verify(bytes, { chipUid: UID }).code);
      }),
      { numRuns: 300 },
    );
  });

  it('never accepts a barcode payload with any byte changed', () => {
    fc.assert(
      fc.property(fc.nat({ max: barcodeCose.length - 1 }), fc.integer({ min: 1, max: 255 }), (index, delta) => {
        const mutated = Buffer.from(barcodeCose);
        mutated[index] = ((mutated[index] as number) + delta) & 0xff;
        const verdict = verifier.verify(`BS1:${base45Encode(mutated)}`);
        expect(verdict.valid).toBe(false);
        expect(CODES).toContain(verdict.code);
      }),
      { numRuns: 400 },
    );
  });

  it('never accepts a chip payload with any byte changed, nor on another chip', () => {
    // Every byte of the NDEF message; the terminator after it is free memory, not payload.
    fc.assert(
      fc.property(fc.nat({ max: chip.ndef.length - 2 }), fc.integer({ min: 1, max: 255 }), (index, delta) => {
        const mutated = Buffer.from(chip.ndef);
        mutated[index] = ((mutated[index] as number) + delta) & 0xff;
        expect(verifier.verify(mutated, { chipUid: UID }).valid).toBe(false);
      }),
      { numRuns: 400 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 7, maxLength: 7 }), (uid) => {
        fc.pre(!Buffer.from(uid).equals(UID));
        expect(verifier.verify(chip.ndef, { chipUid: uid }).code).toBe('WRONG_CHIP');
      }),
      { numRuns: 100 },
    );
  });

  it('never accepts the same message re-encoded non-canonically', () => {
    // The outer array (after tag 18) written with a one-byte length instead of the short form.
    expect(barcodeCose[1]).toBe(0x84);
    const longArray = Buffer.concat([barcodeCose.subarray(0, 1), Buffer.from([0x98, 0x04]), barcodeCose.subarray(2)]);
    expect(verifier.verify(longArray)).toMatchObject({ valid: false, code: 'MALFORMED' });
    // The protected header's bstr with a one-byte length although it is shorter than 24.
    const protectedLength = (barcodeCose[2] as number) & 0x1f;
    const longHeader = Buffer.concat([barcodeCose.subarray(0, 2), Buffer.from([0x58, protectedLength]), barcodeCose.subarray(3)]);
    expect(verifier.verify(longHeader)).toMatchObject({ valid: false, code: 'MALFORMED' });
    // Untagged is allowed (same bytes signed), so only the canonical encodings matter.
    expect(verifier.verify(barcodeCose.subarray(1)).valid).toBe(true);
  });
});
