import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Command, Option } from 'commander';
import { loadCatalog } from '../../core/catalog/index.ts';
import { epochSeconds, systemClock } from '../../core/clock.ts';
import { StationError } from '../../core/errors.ts';
import {
  certifyStation,
  createEventRoot,
  enrolStation,
  generateStationKey,
  openEventRoot,
  readStationTrust,
  reissueTrustList,
  rootFingerprint,
  stationKeyHeader,
} from '../../core/keys/index.ts';
import { parseAlgorithm, publicKeyFromRaw, publicKeyPem } from '../../core/payload/index.ts';
import { withStation } from '../context.ts';
import { run } from '../run.ts';
import { keyFromPassphrase, parseTime, ROOT_PASSPHRASE_ENV, STATION_PASSPHRASE_ENV } from '../secrets.ts';

const passphraseOption = () =>
  new Option('--passphrase-file <file>', 'read the passphrase from this file instead of the environment');

export function registerKeys(program: Command): void {
  const keys = program.command('keys').description("the event root ceremony and this station's signing key");
  const root = keys.command('root').description('at the offline ceremony: the event root key');

  root
    .command('create')
    .description(`make the event root key and event secret in --root DIR (passphrase: $${ROOT_PASSPHRASE_ENV})`)
    .requiredOption('--root <dir>', 'the ceremony folder (removable media)')
    .addOption(
      new Option('--alg <alg>', 'signature algorithm for the whole event')
        .choices(['Ed25519', 'ES256', 'ed25519', 'es256'])
        .default('Ed25519'),
    )
    .addOption(passphraseOption())
    .action(
      run((options: { root: string; alg: string; passphraseFile?: string }) => {
        const created = createEventRoot(
          options.root,
          parseAlgorithm(options.alg),
          keyFromPassphrase(ROOT_PASSPHRASE_ENV, options.passphraseFile),
        );
        const fingerprint = rootFingerprint(created);
        return {
          result: { root: options.root, alg: created.alg, fingerprint },
          text: `Event root made in ${options.root} (${created.alg}). Fingerprint to read out at every enrolment: ${fingerprint}`,
        };
      }),
    );

  root
    .command('certify')
    .description('certify a station request; writes the enrolment bundle to carry back to the station')
    .requiredOption('--root <dir>', 'the ceremony folder')
    .requiredOption('--request <file>', "the station's request (station.request)")
    .requiredOption('--out <file>', 'where to write the enrolment bundle')
    .option('--types <list>', 'badge types the station may sign: codes or letters, comma-separated, or all', 'all')
    .option('--zones <list>', 'zones the station may grant: codes, comma-separated, or all', 'all')
    .requiredOption('--valid-from <date>', 'certificate valid from')
    .requiredOption('--valid-until <date>', 'certificate valid until')
    .option('--latest-expiry <date>', 'no badge may expire after this (default: --valid-until)')
    .addOption(passphraseOption())
    .action(
      run(
        (options: {
          root: string;
          request: string;
          out: string;
          types: string;
          zones: string;
          validFrom: string;
          validUntil: string;
          latestExpiry?: string;
          passphraseFile?: string;
        }) => {
          const catalog = loadCatalog();
          const notAfter = parseTime(options.validUntil, true, '--valid-until');
          const event = openEventRoot(options.root, keyFromPassphrase(ROOT_PASSPHRASE_ENV, options.passphraseFile));
          const certified = certifyStation(options.root, event, readFileSync(options.request), {
            allowedTypes: pick(options.types, catalog.types, (type) => [type.code, type.letter]).map((type) => type.letter),
            maxZoneMask: pick(options.zones, catalog.zones, (zone) => [zone.code]).reduce(
              (mask, zone) => (mask | (1 << zone.bit)) >>> 0,
              0,
            ),
            notBefore: parseTime(options.validFrom, false, '--valid-from'),
            notAfter,
            latestBadgeExpiry: options.latestExpiry ? parseTime(options.latestExpiry, true, '--latest-expiry') : notAfter,
            issuedAt: epochSeconds(systemClock),
          });
          writeFileSync(options.out, certified.bundle);
          return {
            result: {
              station: certified.station,
              kid: certified.kid,
              trustListSeq: certified.trustList.seq,
              bundle: options.out,
            },
            text: `Station ${String(certified.station).padStart(3, '0')} certified (kid ${certified.kid}); trust list ${certified.trustList.seq} issued. Carry ${options.out} to the station.`,
          };
        },
      ),
    );

  root
    .command('trust-list')
    .description('issue the next trust list from every certificate in --root DIR')
    .requiredOption('--root <dir>', 'the ceremony folder')
    .addOption(passphraseOption())
    .action(
      run((options: { root: string; passphraseFile?: string }) => {
        const event = openEventRoot(options.root, keyFromPassphrase(ROOT_PASSPHRASE_ENV, options.passphraseFile));
        const list = reissueTrustList(options.root, event, epochSeconds(systemClock));
        return {
          result: { seq: list.seq, file: join(options.root, 'trust.list') },
          text: `Trust list ${list.seq} written to ${join(options.root, 'trust.list')}.`,
        };
      }),
    );

  const station = keys.command('station').description('on the station: its own signing key');

  station
    .command('generate')
    .description(`make this station's key (passphrase: $${STATION_PASSPHRASE_ENV}) and its certificate request`)
    .addOption(
      new Option('--alg <alg>', "the event's signature algorithm")
        .choices(['Ed25519', 'ES256', 'ed25519', 'es256'])
        .default('Ed25519'),
    )
    .addOption(passphraseOption())
    .action(
      run((options: { alg: string; passphraseFile?: string }, context) =>
        withStation(context, 'keys station generate', (opened, log, person) => {
          generateStationKey(
            context.dataDir,
            opened.number,
            parseAlgorithm(options.alg),
            keyFromPassphrase(STATION_PASSPHRASE_ENV, options.passphraseFile),
          );
          opened.ledger.append({
            type: 'KEY_EVENT',
            actor: person.actor,
            subject: `station:${opened.number}`,
            data: { event: 'station key generated', alg: parseAlgorithm(options.alg) },
          });
          log.info({ station: opened.number }, 'station key generated');
          const request = join(context.dataDir, 'keys', 'station.request');
          return { result: { station: opened.number, request }, text: `Station key made. Take ${request} to the ceremony.` };
        }),
      ),
    );

  station
    .command('enrol')
    .description('install the enrolment bundle from the ceremony')
    .argument('<bundle>', 'the bundle file')
    .option('--root-fingerprint <fp>', 'the event root fingerprint read out at the ceremony (strongly advised)')
    .addOption(passphraseOption())
    .action(
      run((options: { rootFingerprint?: string; passphraseFile?: string }, context, [bundle]) =>
        withStation(context, 'keys station enrol', (opened, log, person) => {
          // The core records the enrolment in the ledger (STATION_ENROLLED): from it on, checkpoints must be signed.
          const enrolled = enrolStation(
            context.dataDir,
            readFileSync(bundle as string),
            keyFromPassphrase(STATION_PASSPHRASE_ENV, options.passphraseFile),
            {
              station: opened,
              actor: person.actor,
              ...(options.rootFingerprint ? { rootFingerprint: options.rootFingerprint } : {}),
            },
          );
          log.info({ station: opened.number, kid: enrolled.kid }, 'station enrolled');
          return {
            result: enrolled,
            text: `Station ${opened.number} enrolled: kid ${enrolled.kid}, event root ${enrolled.fingerprint}.`,
          };
        }),
      ),
    );

  keys
    .command('show')
    .description("this station's key, certificate and policy (public facts only)")
    .action(
      run((_options, context) =>
        withStation(context, 'keys show', () => {
          const header = stationKeyHeader(context.dataDir);
          const trust = readStationTrust(context.dataDir);
          const certificate = trust?.certificate.certificate;
          const result = {
            key: header ? { alg: header.alg, station: header.station } : null,
            enrolled: Boolean(trust),
            kid: trust?.certificate.kid.toString('hex') ?? null,
            root: trust ? rootFingerprint(trust.root) : null,
            certificate: certificate
              ? {
                  validFrom: iso(certificate.notBefore),
                  validUntil: iso(certificate.notAfter),
                  types: certificate.allowedTypes,
                  maxZoneMask: certificate.maxZoneMask,
                  latestBadgeExpiry: iso(certificate.latestBadgeExpiry),
                }
              : null,
            trustList: trust ? { seq: trust.trustList.seq, stations: trust.trustList.certificates.size } : null,
          };
          const text = !header
            ? 'No station key yet: run "badge-station keys station generate".'
            : !certificate
              ? `Station key (${header.alg}) made; not enrolled yet.`
              : `Station ${header.station}, ${header.alg}, kid ${result.kid}, root ${result.root}\n  valid ${result.certificate?.validFrom} to ${result.certificate?.validUntil}, types ${certificate.allowedTypes.join(',')}, trust list ${result.trustList?.seq}`;
          return { result, text };
        }),
      ),
    );

  keys
    .command('export')
    .description('write public keys (SPKI PEM), the certificate and the trust list for independent verifiers')
    .requiredOption('--out <dir>', 'destination folder')
    .action(
      run((options: { out: string }, context) =>
        withStation(context, 'keys export', () => {
          const trust = readStationTrust(context.dataDir);
          if (!trust) throw new StationError('KEY_MISSING', 'This station is not enrolled: there is nothing to export yet.');
          mkdirSync(options.out, { recursive: true });
          const certificate = trust.certificate.certificate;
          writeFileSync(
            join(options.out, 'station.pub.pem'),
            publicKeyPem(publicKeyFromRaw(certificate.alg, certificate.publicKey)),
          );
          writeFileSync(join(options.out, 'root.pub.pem'), publicKeyPem(publicKeyFromRaw(trust.root.alg, trust.root.publicKey)));
          writeFileSync(join(options.out, 'station.cert'), trust.certificate.encoded);
          writeFileSync(join(options.out, 'root.public.json'), readFileSync(join(context.dataDir, 'keys', 'root.public.json')));
          writeFileSync(join(options.out, 'trust.list'), readFileSync(join(context.dataDir, 'keys', 'trust.list')));
          return { result: { out: options.out }, text: `Public keys, certificate and trust list written to ${options.out}.` };
        }),
      ),
    );
}

function pick<T>(list: string, all: readonly T[], names: (item: T) => string[]): T[] {
  if (list.trim().toLowerCase() === 'all') return [...all];
  return list.split(',').map((raw) => {
    const name = raw.trim();
    const found = all.find((item) => names(item).some((candidate) => candidate.toLowerCase() === name.toLowerCase()));
    if (!found) throw new StationError('USAGE', `"${name}" is not in the event's catalog (templates/).`);
    return found;
  });
}

function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}
