/**
 * Our COSE against someone else's: cose-kit (an independent implementation, used only
 * here as a test oracle) verifies what we sign and signs what we verify, and our decoder
 * checks the COSE working group's published COSE_Sign1 examples for our two algorithms.
 */
import { createPublicKey } from 'node:crypto';
import { coseSign, coseVerify } from 'cose-kit';
import { describe, expect, it } from 'vitest';
import {
  algorithmFromCose,
  barcodeForm,
  base45Decode,
  chipForm,
  generateSigningKeyPair,
  parseSign1,
  sigStructure,
  verifyWith,
} from '../../electron/core/payload/index.ts';
import { exhibitorClaims, testEvent } from '../support/event-keys.ts';

const UID = Buffer.from('04a1b2c3d4e5f6', 'hex');

// Published test vectors (cose-wg/Examples): data, reproduced to check against.
const PUBLISHED = [
  {
    name: 'eddsa-sig-01 (Ed25519)',
    key: {
      kty: 'OKP',
      crv: 'Ed25519',
      x: Buffer.from('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a', 'hex').toString('base64url'),
    },
    cbor: 'D28445A201270300A10442313154546869732069732074686520636F6E74656E742E58407142FD2FF96D56DB85BEE905A76BA1D0B7321A95C8C4D3607C5781932B7AFB8711497DFA751BF40B58B3BCC32300B1487F3DB34085EEF013BF08F4A44D6FEF0D',
  },
  {
    name: 'ecdsa-sig-01 (ES256)',
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: 'usWxHK2PmfnHKwXPS54m0kTcGJ90UiglWiGahtagnv8',
      y: 'IBOL-C3BttVivg-lSreASjpkttcsz-1rb7btKLv8EX4',
    },
    cbor: 'D28445A201260300A10442313154546869732069732074686520636F6E74656E742E58406520BBAF2081D7E0ED0F95F76EB0733D667005F7467CEC4B87B9381A6BA1EDE8E00DF29F32A37230F39A842A54821FDD223092819D7728EFB9D3A0080B75380B',
  },
];

describe('published COSE_Sign1 examples', () => {
  it.each(PUBLISHED)('$name decodes and verifies with our code', ({ key, cbor }) => {
    const message = parseSign1(Buffer.from(cbor, 'hex'));
    const alg = algorithmFromCose(message.protectedHeader.get(1));
    expect(message.payload.toString()).toBe('This is the content.');
    const publicKey = createPublicKey({ format: 'jwk', key });
    const signed = sigStructure(message.protectedBytes, Buffer.alloc(0), message.payload);
    expect(verifyWith(alg, publicKey, signed, message.signature)).toBe(true);
    const flipped = Buffer.from(message.signature);
    flipped[10] = (flipped[10] as number) ^ 1;
    expect(verifyWith(alg, publicKey, signed, flipped)).toBe(false);
  });
});

describe.each(['Ed25519', 'ES256'] as const)('cose-kit and Badge Station agree on %s', (alg) => {
  const event = testEvent(alg);
  const station = event.station(7);
  const publicKey = station.publicKey;
  const claims = exhibitorClaims(event.secret);

  it('cose-kit verifies our barcode form', async () => {
    const cose = base45Decode(barcodeForm(claims, station.signer).slice(4));
    await expect(coseVerify(cose, publicKey)).resolves.toMatchObject({ isValid: true });
  });

  it('cose-kit verifies our chip form only with the chip’s UID as external_aad', async () => {
    const { cose } = chipForm(claims, station.signer, UID);
    await expect(coseVerify(cose, publicKey, UID)).resolves.toMatchObject({ isValid: true });
    await expect(coseVerify(cose, publicKey, Buffer.from('04a1b2c3d4e5f7', 'hex'))).resolves.toMatchObject({ isValid: false });
  });

  it('we verify what cose-kit signs', async () => {
    const pair = generateSigningKeyPair(alg);
    const payload = Buffer.from('a payload signed elsewhere');
    const signed = await coseSign({ alg: alg === 'Ed25519' ? 'EdDSA' : 'ES256' }, undefined, payload, pair.privateKey);
    const message = parseSign1(signed);
    expect(message.payload.equals(payload)).toBe(true);
    expect(
      verifyWith(alg, pair.publicKey, sigStructure(message.protectedBytes, Buffer.alloc(0), message.payload), message.signature),
    ).toBe(true);
  });
});
