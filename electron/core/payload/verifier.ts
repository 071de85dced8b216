/**
 * The gate's verifier: no database, no network, no Electron. Configured with the event
 * root, a trust list and a revocation list, it answers `valid` or exactly one code.
 */
import type { Clock } from '../clock.ts';
import { verifyWith } from './algorithms.ts';
import type { RootPublicKey, TrustedCertificate } from './certificate.ts';
import { type BadgeClaims, decodeClaims } from './claims.ts';
import { decodeSign1, sigStructure } from './cose-sign1.ts';
import { PayloadError, type VerdictCode } from './errors.ts';
import { type PayloadForm, readPayload } from './forms.ts';
import type { RevocationState } from './revocations.ts';
import { readTrustList, type TrustList } from './trust-list.ts';

export interface VerifierOptions {
  roots: readonly RootPublicKey[];
  trustList: Uint8Array | TrustList;
  /** Without one, revocation is not checked and the verdict says so. */
  revocations?: RevocationState;
  /** A revocation list older than this is STALE_REVOCATIONS (default 24 h). */
  maxRevocationAgeSeconds?: number;
  /**
   * The gate's clock. Always given: a gate passes `systemClock`, a test the clock it dated
   * its badges with, so no verdict silently depends on the day it is asked.
   */
  now: Clock;
}

export type Verdict =
  | {
      valid: true;
      code: 'VALID';
      message: string;
      form: PayloadForm;
      station: number;
      kid: string;
      claims: BadgeClaims;
      revocationsChecked: boolean;
    }
  | {
      valid: false;
      code: VerdictCode;
      message: string;
      form?: PayloadForm;
      station?: number;
      kid?: string;
      claims?: BadgeClaims;
    };

const EMPTY = Buffer.alloc(0);

export class BadgeVerifier {
  readonly trust: TrustList;
  readonly #options: VerifierOptions;

  constructor(options: VerifierOptions) {
    this.#options = options;
    this.trust = options.trustList instanceof Uint8Array ? readTrustList(options.trustList, options.roots) : options.trustList;
  }

  verify(input: Uint8Array | string, context: { chipUid?: Uint8Array } = {}): Verdict {
    let form: PayloadForm | undefined;
    try {
      const read = readPayload(input);
      form = context.chipUid ? 'chip' : read.form;
      const message = decodeSign1(read.cose);
      const claims = decodeClaims(message.payload);
      const kid = message.kid.toString('hex');
      const signer = this.trust.certificates.get(kid);
      if (signer?.certificate.role !== 'station') {
        return { valid: false, code: 'UNKNOWN_KID', message: `No station certificate has kid ${kid}.`, form, kid, claims };
      }
      const station = signer.certificate.station;
      const fail = (code: VerdictCode, text: string): Verdict => ({
        valid: false,
        code,
        message: text,
        form,
        station,
        kid,
        claims,
      });
      if (message.alg !== signer.certificate.alg)
        return fail('BAD_SIGNATURE', 'The algorithm is not the one of its certificate.');
      const aad = context.chipUid ?? EMPTY;
      if (
        !verifyWith(
          signer.certificate.alg,
          signer.key,
          sigStructure(message.protectedBytes, aad, message.payload),
          message.signature,
        )
      ) {
        return context.chipUid
          ? fail('WRONG_CHIP', 'The payload is not signed for this chip: it was copied from another card (or altered).')
          : fail('BAD_SIGNATURE', 'The signature does not verify: the payload was altered or forged.');
      }
      const policy = this.#policyProblem(signer, claims);
      if (policy) return fail('OUTSIDE_POLICY', policy);
      const now = Math.floor(this.#options.now() / 1000);
      if (now < claims.notBefore) return fail('NOT_YET_VALID', `Valid from ${iso(claims.notBefore)}.`);
      if (now >= claims.expires) return fail('EXPIRED', `Expired ${iso(claims.expires)}.`);
      const revoked = this.#revocationProblem(station, claims, context.chipUid);
      if (revoked) return fail('REVOKED', revoked);
      const revocations = this.#options.revocations;
      if (revocations) {
        const age = now - revocations.issuedAt;
        const maxAge = this.#options.maxRevocationAgeSeconds ?? 86_400;
        if (age > maxAge) {
          return fail(
            'STALE_REVOCATIONS',
            `The revocation list is ${Math.round(age / 3600)} h old (limit ${Math.round(maxAge / 3600)} h): update it.`,
          );
        }
      }
      return {
        valid: true,
        code: 'VALID',
        message: revocations ? 'Valid.' : 'Valid (no revocation list was checked).',
        form,
        station,
        kid,
        claims,
        revocationsChecked: Boolean(revocations),
      };
    } catch (error) {
      if (error instanceof PayloadError)
        return {
          valid: false,
          code: error.code,
          message: `Not a valid badge payload: ${error.message}.`,
          ...(form ? { form } : {}),
        };
      throw error;
    }
  }

  #policyProblem({ certificate }: TrustedCertificate, claims: BadgeClaims): string | undefined {
    if (!certificate.allowedTypes.includes(claims.type))
      return `Station ${certificate.station} may not sign type ${claims.type} badges.`;
    if ((claims.zoneMask & ~certificate.maxZoneMask) >>> 0 !== 0)
      return `Station ${certificate.station} may not grant these zones.`;
    if (claims.expires > certificate.latestBadgeExpiry) return `The badge outlives what station ${certificate.station} may sign.`;
    if (claims.notBefore < certificate.notBefore || claims.expires > certificate.notAfter) {
      return `The badge outlives its station certificate (valid ${iso(certificate.notBefore)} to ${iso(certificate.notAfter)}).`;
    }
    return undefined;
  }

  #revocationProblem(station: number, claims: BadgeClaims, chipUid: Uint8Array | undefined): string | undefined {
    const entries = this.#options.revocations?.entries;
    if (!entries) return undefined;
    if (entries.stations.has(station)) return `Every badge of station ${station} is revoked.`;
    const minVersion = entries.badges.get(station)?.get(claims.badgeId);
    if (minVersion !== undefined && claims.version < minVersion)
      return `Version ${claims.version} was replaced by version ${minVersion}.`;
    if (chipUid && entries.chips.has(Buffer.from(chipUid).toString('hex'))) return 'This chip was revoked.';
    return undefined;
  }
}

function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}
