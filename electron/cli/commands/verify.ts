import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { loadCatalog } from '../../core/catalog/index.ts';
import { systemClock } from '../../core/clock.ts';
import { StationError } from '../../core/errors.ts';
import { KEY_FILES, keysDir, readRootPublic } from '../../core/keys/index.ts';
import { type BadgeClaims, BadgeVerifier, RevocationState, readRevocationList, readTrustList } from '../../core/payload/index.ts';
import type { CliContext } from '../context.ts';
import { run } from '../run.ts';

interface VerifyOptions {
  chipUid?: string;
  trust?: string;
  root?: string;
  revocations?: string;
  maxAgeHours: string;
}

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('check a badge payload offline, as a gate does: valid, or one reason')
    .argument('<payload>', 'barcode text (BS1:...), hex bytes, or a file holding either or raw chip memory')
    .option('--chip-uid <hex>', 'the UID of the chip the payload was read from')
    .option('--trust <file>', "a trust list (default: this station's)")
    .option('--root <file>', "the event root's root.public.json (default: this station's)")
    .option('--revocations <file>', 'a revocation list to check against')
    .option('--max-age-hours <h>', 'refuse a revocation list older than this', '24')
    .action(run((options: VerifyOptions, context, [payload]) => verify(context, payload as string, options)));
}

function verify(context: CliContext, payload: string, options: VerifyOptions) {
  const keys = keysDir(context.dataDir);
  const rootFile = options.root ?? join(keys, KEY_FILES.root);
  const trustFile = options.trust ?? join(keys, KEY_FILES.trustList);
  if (!existsSync(rootFile) || !existsSync(trustFile)) {
    throw new StationError(
      'KEY_MISSING',
      'No event trust to verify against: give --root and --trust, or run on an enrolled station (--data).',
    );
  }
  const roots = [readRootPublic(rootFile)];
  const trustList = readTrustList(readFileSync(trustFile), roots);
  let revocations: RevocationState | undefined;
  if (options.revocations) {
    revocations = new RevocationState();
    revocations.apply(readRevocationList(readFileSync(options.revocations), roots, trustList));
  }
  const maxAgeHours = Number(options.maxAgeHours);
  if (!(maxAgeHours > 0))
    throw new StationError('USAGE', `--max-age-hours must be a positive number, not "${options.maxAgeHours}".`);
  const chipUid = options.chipUid ? hexBytes(options.chipUid, '--chip-uid') : undefined;
  const verifier = new BadgeVerifier({
    roots,
    trustList,
    ...(revocations ? { revocations } : {}),
    maxRevocationAgeSeconds: maxAgeHours * 3600,
    // A gate's check: on this computer's clock.
    now: systemClock,
  });
  const verdict = verifier.verify(readInput(payload), chipUid ? { chipUid } : {});
  const claims = verdict.claims ? named(verdict.claims, verdict.station) : undefined;
  const result = { ...verdict, claims };
  const summary = claims
    ? `\n  ${claims.serial} ${claims.type} zones ${claims.zones.join(' ') || '-'} valid ${claims.notBefore} to ${claims.expires}`
    : '';
  if (!verdict.valid)
    return { result, text: summary.trim(), failure: { code: verdict.code, message: `${verdict.code}: ${verdict.message}` } };
  return { result, text: `VALID (${verdict.form}, station ${String(verdict.station).padStart(3, '0')})${summary}` };
}

/** Claims with their names, as the office reads them. */
function named(claims: BadgeClaims, station: number | undefined) {
  const catalog = loadCatalog();
  const stationPart = station === undefined ? '???' : String(station).padStart(3, '0');
  return {
    badgeId: claims.badgeId,
    version: claims.version,
    type: catalog.types.find((type) => type.letter === claims.type)?.code ?? claims.type,
    serial: `${claims.type}-${stationPart}-${String(claims.badgeId).padStart(7, '0')}-${claims.version}`,
    zones: catalog.zones.filter((zone) => (claims.zoneMask >>> zone.bit) & 1).map((zone) => zone.code),
    zoneMask: claims.zoneMask,
    notBefore: new Date(claims.notBefore * 1000).toISOString(),
    expires: new Date(claims.expires * 1000).toISOString(),
    holderHash: claims.holderHash.toString('hex'),
  };
}

function readInput(payload: string): string | Buffer {
  if (payload.startsWith('BS1:') || /^([0-9a-fA-F]{2})+$/.test(payload) || !existsSync(payload)) return payload;
  const bytes = readFileSync(payload);
  const text = bytes.toString('utf8').trim();
  return text.startsWith('BS1:') || /^([0-9a-fA-F]{2})+$/.test(text) ? text : bytes;
}

function hexBytes(text: string, option: string): Buffer {
  const clean = text.replace(/[\s:]/g, '');
  if (!/^([0-9a-fA-F]{2})+$/.test(clean))
    throw new StationError('USAGE', `${option} must be hex bytes like 04A1B2C3D4E5F6, not "${text}".`);
  return Buffer.from(clean, 'hex');
}
