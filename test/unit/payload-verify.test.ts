import { describe, expect, it } from 'vitest';
import {
  BadgeVerifier,
  barcodeForm,
  base45Decode,
  base45Encode,
  chipForm,
  decodeClaims,
  decodeSign1,
  encodeClaims,
  issueRevocationList,
  NTAG213_USER_BYTES,
  RevocationState,
  readRevocationList,
  readTrustList,
} from '../../electron/core/payload/index.ts';
import { DAY, exhibitorClaims, NOW, nowSeconds, testEvent } from '../support/event-keys.ts';

const UID = Buffer.from('04a1b2c3d4e5f6', 'hex');
const OTHER_UID = Buffer.from('04a1b2c3d4e5f7', 'hex');

describe.each(['Ed25519', 'ES256'] as const)('a badge signed with %s', (alg) => {
  const event = testEvent(alg);
  const station = event.station(7);
  const verifier = new BadgeVerifier({ roots: event.roots, trustList: event.trustList([station.certificate]), now: () => NOW });
  const claims = exhibitorClaims(event.secret);

  it('verifies at the gate from its barcode, naming station, badge and zones', () => {
    const barcode = barcodeForm(claims, station.signer);
    expect(barcode).toMatch(/^BS1:[0-9A-Z $%*+\-./:]+$/);
    const verdict = verifier.verify(barcode);
    expect(verdict).toMatchObject({
      valid: true,
      code: 'VALID',
      form: 'barcode',
      station: 7,
      claims: { badgeId: 12345, version: 2, type: 'E' },
    });
  });

  it('verifies from the chip it was written for, and fits an NTAG213', () => {
    const form = chipForm(claims, station.signer, UID);
    expect(form.ndef.length).toBeLessThanOrEqual(NTAG213_USER_BYTES);
    const chipMemory = Buffer.concat([form.ndef, Buffer.alloc(NTAG213_USER_BYTES - form.ndef.length)]);
    expect(verifier.verify(chipMemory, { chipUid: UID })).toMatchObject({ valid: true, form: 'chip' });
  });

  it('copied onto another chip, is refused as WRONG_CHIP', () => {
    const form = chipForm(claims, station.signer, UID);
    expect(verifier.verify(form.ndef, { chipUid: OTHER_UID })).toMatchObject({ valid: false, code: 'WRONG_CHIP' });
  });

  it('with its barcode written to a chip, is refused as WRONG_CHIP', () => {
    const cose = base45Decode(barcodeForm(claims, station.signer).slice(4));
    expect(verifier.verify(cose, { chipUid: UID })).toMatchObject({ valid: false, code: 'WRONG_CHIP' });
  });
});

describe('what a gate refuses', () => {
  const event = testEvent();
  const station = event.station(7, { allowedTypes: ['E', 'V'], maxZoneMask: 0x10ff });
  const revoker = event.revocationSigner();
  const trustList = event.trustList([station.certificate, revoker.certificate]);
  const claims = exhibitorClaims(event.secret);
  const verifierAt = (now: number, extra: Partial<ConstructorParameters<typeof BadgeVerifier>[0]> = {}) =>
    new BadgeVerifier({ roots: event.roots, trustList, now: () => now, ...extra });

  it('a badge before its first day and after its last', () => {
    const barcode = barcodeForm(claims, station.signer);
    expect(verifierAt((claims.notBefore - 60) * 1000).verify(barcode)).toMatchObject({ code: 'NOT_YET_VALID' });
    expect(verifierAt(claims.expires * 1000).verify(barcode)).toMatchObject({ code: 'EXPIRED' });
  });

  it('a badge signed by a station no certificate names', () => {
    const stranger = testEvent().station(7);
    expect(verifierAt(NOW).verify(barcodeForm(claims, stranger.signer))).toMatchObject({ code: 'UNKNOWN_KID' });
  });

  it('a badge outside its station’s policy: a type, a zone, an expiry it may not sign', () => {
    const v = verifierAt(NOW);
    expect(v.verify(barcodeForm({ ...claims, type: 'P' }, station.signer))).toMatchObject({ code: 'OUTSIDE_POLICY' });
    expect(v.verify(barcodeForm({ ...claims, zoneMask: 1 << 14 }, station.signer))).toMatchObject({ code: 'OUTSIDE_POLICY' });
    expect(v.verify(barcodeForm({ ...claims, expires: nowSeconds + 90 * DAY }, station.signer))).toMatchObject({
      code: 'OUTSIDE_POLICY',
    });
  });

  it('a badge outliving its station certificate', () => {
    const shortLived = event.station(8, { notAfter: nowSeconds + 5 * DAY });
    const v = new BadgeVerifier({ roots: event.roots, trustList: event.trustList([shortLived.certificate]), now: () => NOW });
    expect(v.verify(barcodeForm(claims, shortLived.signer))).toMatchObject({ code: 'OUTSIDE_POLICY' });
  });

  it('a badge from a certificate that has expired', () => {
    const lapsed = event.station(9, { notAfter: nowSeconds + 5 * DAY, latestBadgeExpiry: nowSeconds + 5 * DAY });
    const v = new BadgeVerifier({
      roots: event.roots,
      trustList: event.trustList([lapsed.certificate]),
      now: () => NOW + 6 * DAY * 1000,
    });
    expect(v.verify(barcodeForm({ ...claims, expires: nowSeconds + 5 * DAY }, lapsed.signer))).toMatchObject({
      valid: false,
      code: 'EXPIRED',
    });
  });

  it('a reprinted badge’s older version, a revoked chip, a revoked station', () => {
    const state = new RevocationState();
    const list = issueRevocationList(
      {
        seq: 5,
        issuedAt: nowSeconds - 3600,
        base: 0,
        badges: new Map([[7, new Map([[12345, 3]])]]),
        chips: new Set([UID.toString('hex')]),
        stations: new Set(),
      },
      revoker.signer,
    );
    state.apply(readRevocationList(list, event.roots, readTrustList(trustList, event.roots)));
    const v = verifierAt(NOW, { revocations: state });
    expect(v.verify(barcodeForm(claims, station.signer))).toMatchObject({ code: 'REVOKED' });
    expect(v.verify(barcodeForm({ ...claims, version: 3 }, station.signer))).toMatchObject({
      valid: true,
      revocationsChecked: true,
    });
    expect(v.verify(chipForm({ ...claims, version: 3 }, station.signer, UID).ndef, { chipUid: UID })).toMatchObject({
      code: 'REVOKED',
    });

    state.apply(
      readRevocationList(
        issueRevocationList(
          { seq: 6, issuedAt: nowSeconds, base: 5, badges: new Map(), chips: new Set(), stations: new Set([7]) },
          revoker.signer,
        ),
        event.roots,
        readTrustList(trustList, event.roots),
      ),
    );
    expect(v.verify(barcodeForm({ ...claims, version: 3 }, station.signer))).toMatchObject({ code: 'REVOKED' });
  });

  it('anything, while its revocation list is older than a day', () => {
    const state = new RevocationState();
    state.apply(
      readRevocationList(
        issueRevocationList(
          { seq: 1, issuedAt: nowSeconds - 2 * DAY, base: 0, badges: new Map(), chips: new Set(), stations: new Set() },
          revoker.signer,
        ),
        event.roots,
        readTrustList(trustList, event.roots),
      ),
    );
    expect(verifierAt(NOW, { revocations: state }).verify(barcodeForm(claims, station.signer))).toMatchObject({
      code: 'STALE_REVOCATIONS',
    });
  });

  it('an older revocation list (no rollback), and one with a bad signature', () => {
    const trust = readTrustList(trustList, event.roots);
    const state = new RevocationState();
    const list = (seq: number) =>
      issueRevocationList(
        { seq, issuedAt: nowSeconds, base: 0, badges: new Map(), chips: new Set(), stations: new Set() },
        revoker.signer,
      );
    state.apply(readRevocationList(list(9), event.roots, trust));
    expect(() => state.apply(readRevocationList(list(8), event.roots, trust))).toThrow(
      expect.objectContaining({ code: 'REVOCATIONS_ROLLBACK' }),
    );
    const forged = list(10);
    forged[forged.length - 1] = (forged.at(-1) as number) ^ 0x01;
    expect(() => readRevocationList(forged, event.roots, trust)).toThrow(
      expect.objectContaining({ code: 'REVOCATIONS_INVALID' }),
    );
    const byStation = issueRevocationList(
      { seq: 11, issuedAt: nowSeconds, base: 0, badges: new Map(), chips: new Set(), stations: new Set() },
      station.signer,
    );
    expect(() => readRevocationList(byStation, event.roots, trust)).toThrow(/may not sign revocation lists/);
  });

  it('a certificate signed by another event’s root', () => {
    const other = testEvent();
    const foreign = other.station(9).certificate;
    expect(() => readTrustList(event.trustList([station.certificate, foreign]), event.roots)).toThrow(
      /root this event does not trust/,
    );
  });
});

describe('malformed payloads are refused with MALFORMED, never a crash', () => {
  const event = testEvent();
  const station = event.station(7);
  const verifier = new BadgeVerifier({ roots: event.roots, trustList: event.trustList([station.certificate]), now: () => NOW });
  const cose = base45Decode(barcodeForm(exhibitorClaims(event.secret), station.signer).slice(4));

  it.each([
    ['truncated', cose.subarray(0, cose.length - 10)],
    ['oversized', Buffer.concat([cose, Buffer.alloc(2000)])],
    ['empty', Buffer.alloc(0)],
    ['not CBOR', Buffer.from('ffffffff', 'hex')],
    ['a CBOR map instead of COSE', Buffer.from('a10102', 'hex')],
    ['barcode text that is not Base45', 'BS1:abc'],
    ['Base45 with an impossible group (GGW)', 'BS1:GGW'],
    ['a chip whose NDEF length is cut off after its 0xFF mark (found by fuzzing)', Uint8Array.from([0x03, 0xff])],
    ['a chip whose three-byte NDEF length runs past its end', Uint8Array.from([0x03, 0xff, 0x01, 0x00, 0xd4])],
  ])('%s', (_name, input) => {
    expect(verifier.verify(input)).toMatchObject({ valid: false, code: 'MALFORMED' });
  });

  it('an unknown algorithm', () => {
    const message = decodeSign1(cose);
    const header = Buffer.from(message.protectedBytes);
    header[2] = 0x22; // alg -3: not a signature algorithm the station uses
    const forged = Buffer.from(cose);
    forged.set(header, cose.indexOf(message.protectedBytes));
    expect(verifier.verify(forged)).toMatchObject({
      code: 'MALFORMED',
      message: expect.stringContaining('unknown signature algorithm'),
    });
  });

  it('claims of the wrong CBOR types', () => {
    expect(() => decodeClaims(Buffer.from('a1206141', 'hex'))).toThrow(/badge id/);
    expect(() => decodeClaims(encodeClaims(exhibitorClaims(event.secret)).subarray(1))).toThrow(
      expect.objectContaining({ code: 'MALFORMED' }),
    );
  });
});

describe('Base45 (RFC 9285)', () => {
  it('round-trips the RFC examples', () => {
    expect(base45Encode(Buffer.from('AB'))).toBe('BB8');
    expect(base45Encode(Buffer.from('Hello!!'))).toBe('%69 VD92EX0');
    expect(base45Encode(Buffer.from('base-45'))).toBe('UJCLQE7W581');
    expect(base45Decode('QED8WEX0').toString()).toBe('ietf!');
  });

  it('refuses what is not Base45', () => {
    for (const bad of ['GGW', 'A', 'ab', 'AB~', 'ZZZZ'])
      expect(() => base45Decode(bad)).toThrow(expect.objectContaining({ code: 'MALFORMED' }));
  });
});
