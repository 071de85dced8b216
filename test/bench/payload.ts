/**
 * Group `payload`: signing and verifying rates per algorithm (one core), the size of each
 * form, and the size of a revocation list for the reference expo (500,000 badges, 5%
 * reprinted, a few hundred lost chips).
 */
import {
  BadgeVerifier,
  barcodeForm,
  chipForm,
  issueRevocationList,
  type SignatureAlgorithm,
} from '../../electron/core/payload/index.ts';
import { exhibitorClaims, NOW, testEvent } from '../support/event-keys.ts';
import { note, report, seconds } from './report.ts';

const ROUNDS = 20_000;
const UID = Buffer.from('04a1b2c3d4e5f6', 'hex');

function rate(count: number, work: (i: number) => void): number {
  for (let i = 0; i < 500; i += 1) work(i); // warm up
  const taken = seconds(() => {
    for (let i = 0; i < count; i += 1) work(i);
  });
  return Math.round(count / taken);
}

function algorithm(alg: SignatureAlgorithm): void {
  const event = testEvent(alg);
  const station = event.station(7);
  const verifier = new BadgeVerifier({ roots: event.roots, trustList: event.trustList([station.certificate]), now: () => NOW });
  const claims = exhibitorClaims(event.secret);
  const suffix = alg.toLowerCase();
  // Signing a badge for a chip: claims encoded, Sig_structure built, signed, wrapped as NDEF.
  report({
    name: `payload_sign_per_s_${suffix}`,
    value: rate(ROUNDS, (i) => chipForm({ ...claims, badgeId: i + 1 }, station.signer, UID)),
    unit: 'payloads/s',
  });
  const chips = Array.from({ length: 1000 }, (_, i) => chipForm({ ...claims, badgeId: i + 1 }, station.signer, UID).ndef);
  report({
    name: `payload_verify_per_s_${suffix}`,
    value: rate(ROUNDS, (i) => {
      if (!verifier.verify(chips[i % chips.length] as Buffer, { chipUid: UID }).valid)
        throw new Error('a bench payload did not verify');
    }),
    unit: 'payloads/s',
  });
}

function sizes(): void {
  const event = testEvent('Ed25519');
  const station = event.station(7);
  // The largest claims the event can produce: a 7-digit counter, every zone, far expiry.
  const claims = exhibitorClaims(event.secret, { badgeId: 9_999_999, version: 9, zoneMask: 0xffffffff, expires: 4_000_000_000 });
  report({ name: 'payload_chip_ndef_bytes', value: chipForm(claims, station.signer, UID).ndef.length, unit: 'bytes' });
  report({ name: 'payload_barcode_chars', value: barcodeForm(claims, station.signer).length, unit: 'chars' });

  // 500,000 badges over 40 stations; 5% reprinted (mostly once, some twice); 500 lost chips.
  const badges = new Map<number, Map<number, number>>();
  let seed = 42;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  for (let n = 0; n < 25_000; n += 1) {
    // One reprinted badge in every 20, at a random place within its 20.
    const badge = n * 20 + Math.floor(random() * 20);
    const stationNumber = 1 + Math.floor(badge / 12_500);
    const perStation = badges.get(stationNumber) ?? new Map<number, number>();
    perStation.set(1 + (badge % 12_500), random() < 0.9 ? 2 : 3);
    badges.set(stationNumber, perStation);
  }
  const chips = new Set(Array.from({ length: 500 }, (_, i) => `04${(0x100000000000 + i * 7919).toString(16).slice(-12)}`));
  const list = issueRevocationList(
    { seq: 1, issuedAt: Math.floor(NOW / 1000), base: 0, badges, chips, stations: new Set([13]) },
    station.signer,
  );
  note(`revocation list: ${[...badges.values()].reduce((sum, m) => sum + m.size, 0)} badge entries, ${chips.size} chips`);
  report({ name: 'revocation_list_bytes_500k', value: list.length, unit: 'bytes' });
}

export async function payloadBench(): Promise<void> {
  algorithm('Ed25519');
  algorithm('ES256');
  sizes();
}
