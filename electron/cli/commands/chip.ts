/**
 * The technician's chip tools: read a chip (what is on it, does it verify, which badge),
 * encode a replacement chip for a badge, wipe test and voided cards; and the encoders
 * this computer sees.
 */
import { type Command, Option } from 'commander';
import { type ChipEncoder, type ChipSession, chipPassword, isChipError } from '../../../native/chips/index.ts';
import type { HidDeviceInfo, HidEncoderListing } from '../../../native/hid/index.ts';
import { loadCatalog } from '../../core/catalog/index.ts';
import type { ChipOutcome, ChipReport, ChipStation } from '../../core/chips/index.ts';
import { type ErrorCode, StationError } from '../../core/errors.ts';
import { readStationTrust, type StationKeyring, stationClockGuard, unlockStation } from '../../core/keys/index.ts';
import type { Logger } from '../../core/log/index.ts';
import type { Station } from '../../core/station/index.ts';
import { chipContext } from '../../devices/index.ts';
import { withStation } from '../context.ts';
import type { CommandOutcome } from '../output.ts';
import { run } from '../run.ts';
import { keyFromPassphrase, STATION_PASSPHRASE_ENV } from '../secrets.ts';

// The PC/SC and HID bindings and the chip flow load when a chip command runs, not for every command.
const chipFlow = () => import('../../core/chips/index.ts');
const pcsc = () => import('../../../native/pcsc/index.ts');
const hid = () => import('../../../native/hid/index.ts');

interface ReaderOptions {
  reader?: string;
  wait: string;
}

interface KeyOptions {
  passphraseFile?: string;
}

const readerOptions = (command: Command) =>
  command
    .option('--reader <name>', 'the reader (its name or part of it; default: the first)')
    .option('--wait <seconds>', 'how long to wait for a card', '30');

const passphraseOption = () =>
  new Option('--passphrase-file <file>', `read the station passphrase from this file instead of $${STATION_PASSPHRASE_ENV}`);

export function registerChip(program: Command): void {
  const chip = program.command('chip').description("the technician's chip tools (PC/SC readers and USB HID encoders)");

  readerOptions(chip.command('read').description('read the chip on the reader: UID, type, payload, verdict, badge')).action(
    run((options: ReaderOptions, context) =>
      withStation(context, 'chip read', (station) =>
        withCard(options, async (card) => {
          const report = await (await chipFlow()).readChip(station, readStationTrust(context.dataDir), card);
          return { result: report, text: describeReport(report) };
        }),
      ),
    ),
  );

  readerOptions(
    chip
      .command('encode')
      .description('encode a chip for a badge; a replacement when the badge has one: the old chip is revoked')
      .option('--badge <serial>', 'the badge serial, e.g. E-007-0012345-2')
      .option('--job <job>', 'at the desk encoder: every badge of this print job printed without a chip, card after card')
      .addOption(passphraseOption()),
  ).action(
    run((options: ReaderOptions & KeyOptions & { badge?: string; job?: string }, context) =>
      withStation(context, 'chip encode', (station, log, person): Promise<CommandOutcome> => {
        if (Boolean(options.badge) === Boolean(options.job))
          throw new StationError(
            'USAGE',
            "Say which chips: --badge SERIAL, or --job N for a print job's cards printed without a chip.",
          );
        const keyring = unlockStation(
          context.dataDir,
          keyFromPassphrase(STATION_PASSPHRASE_ENV, options.passphraseFile),
          stationClockGuard(station),
        );
        if (options.job) return encodeJobAtDesk(station, log, person.actor, keyring, options, Number(options.job));
        const badge = options.badge as string;
        return withCard(options, async (card) => {
          const outcome = await (await chipFlow()).encodeChip(
            chipContext(station, keyring, loadCatalog(), person.actor, log),
            card,
            badge,
            { replace: true },
          );
          return describeOutcome(outcome);
        });
      }),
    ),
  );

  readerOptions(
    chip
      .command('wipe')
      .description('wipe a test or voided card for reuse (a live badge’s card is refused)')
      .addOption(passphraseOption()),
  ).action(
    run((options: ReaderOptions & KeyOptions, context) =>
      withStation(context, 'chip wipe', (station, _log, person) => {
        let keyring: StationKeyring | undefined;
        const passwordFor = (uid: Buffer) => {
          keyring ??= unlockStation(
            context.dataDir,
            keyFromPassphrase(STATION_PASSPHRASE_ENV, options.passphraseFile),
            stationClockGuard(station),
          );
          return chipPassword(keyring.eventSecret, uid);
        };
        return withCard(options, async (card) => {
          const wiped = await (await chipFlow()).wipeChip(
            {
              station,
              trust: readStationTrust(context.dataDir),
              passwordFor,
              actor: person.actor,
              // A card that only looks live: an admin's own word is the approval (a technician's is not).
              ...(person.role === 'admin' ? { approvedBy: person.actor } : {}),
            },
            card,
          );
          return {
            result: { uid: wiped.uid, was: wiped.was.verdict.code },
            text: `Chip ${wiped.uid} wiped (it held: ${wiped.was.verdict.code}); it is blank and unprotected.`,
          };
        });
      }),
    ),
  );
}

export function registerDevices(program: Command): void {
  const devices = program.command('devices').description('card readers and encoders this computer sees');
  devices
    .command('list')
    .description('PC/SC readers and USB HID encoders with model, firmware, serial number and state')
    .action(
      run(async () => {
        const { readers: pcscReaders, service } = await (await pcsc()).listPcscReaders();
        let hidReaders: HidEncoderListing[] = [];
        try {
          hidReaders = await (await hid()).listHidEncoders();
        } catch {
          // no HID support in this build: PC/SC only
        }
        const readers = [
          ...pcscReaders,
          ...hidReaders.map(({ path: _path, vendorId: _vendor, productId: _product, ...reader }) => reader),
        ];
        const lines = readers.map(
          (r) =>
            `${r.name}  ${r.kind}  ${r.state}${r.firmware ? `  firmware ${r.firmware}` : ''}${r.serial ? `  serial ${r.serial}` : ''}${r.atr ? `  ATR ${r.atr}` : ''}`,
        );
        for (const problem of hidReaders.flatMap((r) => (r.problem ? [r.problem.message] : []))) lines.push(`  ${problem}`);
        if (!service)
          lines.unshift('The PC/SC service (pcscd) is not running: no PC/SC reader can be seen. Start it, or plug in a reader.');
        else if (pcscReaders.length === 0) lines.unshift('No PC/SC reader is connected.');
        if (hidReaders.length === 0) lines.push('No USB HID encoder (BALTECH) is connected.');
        return { result: { service, readers }, text: lines.join('\n') };
      }),
    );
}

/** A card from the reader for one piece of work, released whatever happens; driver errors as station errors. */
/**
 * The desk encoder after a bulk print on printers without encoders: the station names
 * each badge in print order ("place the card E-007-... on the encoder"), the operator
 * takes that card from the printed stack, and its chip is encoded and bound to it.
 */
async function encodeJobAtDesk(
  station: Station,
  log: Logger,
  actor: string,
  keyring: StationKeyring,
  options: ReaderOptions,
  job: number,
): Promise<CommandOutcome> {
  if (!Number.isInteger(job) || job <= 0)
    throw new StationError('USAGE', '--job must be a print job number (see badge-station jobs list).');
  const seconds = Number(options.wait);
  if (!(seconds > 0)) throw new StationError('USAGE', `--wait must be a number of seconds, not "${options.wait}".`);
  const [{ JobStore }, { runChipJob }] = await Promise.all([import('../../core/jobs/index.ts'), chipFlow()]);
  const serials = new JobStore(station.db, station.ledger).printedWithoutChip(job);
  if (serials.length === 0)
    return { result: { job, encoded: 0, rejected: 0 }, text: `Every printed badge of job ${job} has its chip.` };
  const encoder = await deskEncoder(options.reader, seconds * 1000);
  try {
    const outcomes = await runChipJob(chipContext(station, keyring, loadCatalog(), actor, log), encoder, serials, {
      waitTimeoutMs: seconds * 1000,
      onEvent(event) {
        if (event.type === 'waiting') process.stderr.write(`Place the card ${event.serial} on the encoder.\n`);
        if (event.type === 'encoded')
          process.stderr.write(`  ${event.outcome.serial}: chip ${event.outcome.uid} encoded. Take the card off.\n`);
        if (event.type === 'rejected')
          process.stderr.write(
            `  ${event.outcome.serial}: ${event.outcome.message} Put the card in the reject box; place a blank card with the same face.\n`,
          );
      },
    });
    const encoded = outcomes.filter((outcome) => outcome.ok).length;
    const rejected = outcomes.length - encoded;
    return {
      result: { job, encoded, rejected, outcomes },
      text: `Job ${job}: ${encoded} chips encoded at the desk${rejected ? `, ${rejected} cards rejected` : ''}.`,
    };
  } catch (error) {
    if (isChipError(error)) throw new StationError(`CHIP_${error.code}` as ErrorCode, error.message);
    throw error;
  } finally {
    await encoder.close();
  }
}

/**
 * The encoder a chip command uses: a BALTECH HID encoder when --reader names one (its name
 * or serial number, as `devices list` shows them), or when no reader is named and PC/SC has
 * none; otherwise the PC/SC reader (the first, or the one named).
 */
async function deskEncoder(reader: string | undefined, waitTimeoutMs: number): Promise<ChipEncoder & ChipStation> {
  const { BALTECH_VENDOR_ID, BrpHidEncoder, encoderName, nodeHid } = await hid();
  let baltech: HidDeviceInfo[] = [];
  try {
    baltech = (await nodeHid().devicesAsync()).filter((device) => device.vendorId === BALTECH_VENDOR_ID && device.path);
  } catch {
    // no HID support here: PC/SC only
  }
  const named = reader ? baltech.find((device) => encoderName(device) === reader || device.serialNumber === reader) : undefined;
  const onlyHid = !reader && baltech.length > 0 && (await (await pcsc()).listPcscReaders()).readers.length === 0;
  const device = named ?? (onlyHid ? baltech[0] : undefined);
  if (device) return new BrpHidEncoder({ device: device.serialNumber ?? device.path, waitTimeoutMs });
  const { PcscEncoder } = await pcsc();
  return new PcscEncoder({ ...(reader ? { reader } : {}), waitTimeoutMs });
}

async function withCard<T>(options: ReaderOptions, work: (card: ChipSession) => Promise<T>) {
  const seconds = Number(options.wait);
  if (!(seconds > 0)) throw new StationError('USAGE', `--wait must be a number of seconds, not "${options.wait}".`);
  const encoder = await deskEncoder(options.reader, seconds * 1000);
  try {
    const card = await encoder.waitForCard();
    try {
      return await work(card);
    } finally {
      await card.release();
    }
  } catch (error) {
    if (isChipError(error)) throw new StationError(`CHIP_${error.code}` as ErrorCode, error.message);
    throw error;
  } finally {
    await encoder.close();
  }
}

function describeOutcome(outcome: ChipOutcome) {
  if (outcome.ok) {
    const text =
      outcome.event === 'CHIP_REPLACED'
        ? `Replacement chip ${outcome.uid} encoded for ${outcome.serial}; chip ${outcome.revokedUid} is revoked.`
        : `Chip ${outcome.uid} (${outcome.model}) encoded for ${outcome.serial}, read back and verified.`;
    return { result: outcome, text: `${text} ${outcome.commands} commands, ${outcome.ms} ms.` };
  }
  return {
    result: outcome,
    text: '',
    failure: { code: `CHIP_${outcome.code}`, message: `The card was not encoded (${outcome.code}): ${outcome.message}` },
  };
}

function describeReport(report: ChipReport): string {
  const catalog = loadCatalog();
  const claims = report.payload;
  const zones = claims
    ? catalog.zones
        .filter((zone) => (claims.zoneMask >>> zone.bit) & 1)
        .map((zone) => zone.code)
        .join(' ')
    : '';
  const type = claims ? (catalog.types.find((t) => t.letter === claims.type)?.code ?? claims.type) : '';
  return [
    `Chip ${report.uid} on ${report.reader}`,
    `  type       ${report.model}, ${report.capacity} bytes${report.protected ? ', password-protected' : ''}`,
    `  payload    ${report.ndef ? `${report.ndef.length / 2} bytes` : 'none'}`,
    ...(claims
      ? [
          `  claims     ${type} badge ${claims.badgeId} version ${claims.version}, zones ${zones || '-'}`,
          `             valid ${claims.notBefore} to ${claims.expires}`,
        ]
      : []),
    `  verdict    ${report.verdict.code}${report.verdict.valid ? '' : `: ${report.verdict.message}`}`,
    `  badge      ${report.badge ? `${report.badge.serial} (${report.badge.status})` : '-'}`,
    `  this chip  ${report.chip ? `${report.chip.status} chip of ${report.chip.serial}` : 'not bound to a badge here'}`,
  ].join('\n');
}
