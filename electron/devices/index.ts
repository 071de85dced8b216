/**
 * The station's printers as drivers: a CUPS queue (with a PC/SC encoder inside, when it
 * has one) or a demo printer (with its demo encoder). The pipeline sees only its ports.
 *
 * Its own room, between the core and the drivers (it may import both, never electron):
 * the CLI and the desk's core process wire the same devices (`stationDevices`).
 */
import { randomInt } from 'node:crypto';
import { isAbsolute, join } from 'node:path';
import { chipPassword, DemoEncoder } from '../../native/chips/index.ts';
import {
  CupsCardPrinter,
  CupsSpooler,
  cardMoveCommands,
  checkProfile,
  DemoPrinter,
  jobOptions,
  PROFILES,
  type PrinterProfile,
  printerProfile,
  type Ribbon,
} from '../../native/printers/index.ts';
import type { Catalog } from '../core/catalog/index.ts';
import type { ChipContext } from '../core/chips/index.ts';
import { StationError } from '../core/errors.ts';
import type { DeviceWiring, EncoderPort, PipelineDevice, PrinterPort, StationPrinter } from '../core/jobs/index.ts';
import type { StationKeyring } from '../core/keys/index.ts';
import type { Logger } from '../core/log/index.ts';
import { calibrationFor } from '../core/render/index.ts';
import type { Station } from '../core/station/index.ts';
import { demoCards, keepDemoChip, placeDemoCard, takeDemoCard } from './demo-cards.ts';
import { demoPrinterAt, deskReaders, printerMakes, printerStatus, withDeskCard } from './desk.ts';

export { type EncoderChange, watchDeskEncoders } from './desk.ts';

export interface DeviceOptions {
  /** Demo printers: no fsync per card (benchmarks of the software alone). */
  volatile?: boolean;
}

export function openDevices(dataDir: string, printers: readonly StationPrinter[], options: DeviceOptions = {}): PipelineDevice[] {
  // A fresh run seed: blank cards are new cards, never a UID an earlier run bound. Demo
  // encoders in one run differ in the seed's low bits, which keeps their UIDs apart.
  const run = randomInt(2 ** 31) * 65_536;
  return printers.map((printer, index) => ({
    ...(printer.driver === 'demo' ? demoDevice(dataDir, printer, run + index, options) : cupsDevice(printer)),
    calibration: calibrationFor(dataDir, printer.name),
  }));
}

/** Where a demo printer's cards go: its folder, relative to the data folder unless absolute. */
export function demoFolder(dataDir: string, printer: StationPrinter): string {
  return isAbsolute(printer.target) ? printer.target : join(dataDir, printer.target);
}

function demoDevice(
  dataDir: string,
  printer: StationPrinter,
  seed: number,
  options: DeviceOptions,
): Omit<PipelineDevice, 'calibration'> {
  const encoder = printer.encoder?.startsWith('demo')
    ? new DemoEncoder({ name: `Demo encoder (${printer.name})`, seed, defective: badChips(printer.encoder) })
    : undefined;
  const demo = new DemoPrinter({
    name: printer.name,
    outputDir: demoFolder(dataDir, printer),
    paceMs: printer.paceMs ?? 2000,
    cardsLoaded: Number.MAX_SAFE_INTEGER,
    ribbonPanels: Number.MAX_SAFE_INTEGER,
    durable: !options.volatile,
    ...(encoder ? { encoder } : {}),
  });
  return {
    printer: demoPort(demo),
    // Benchmarks (volatile) measure the software alone, and their huge runs would leave a file per card.
    ...(encoder
      ? { encoder: options.volatile ? encoder : keepingChips(encoder, printer.name, demoFolder(dataDir, printer)) }
      : {}),
  };
}

/**
 * A demo encoder whose passed cards keep their chips: each card that moves on to be
 * printed leaves its chip's memory in the printer's folder, so the technician can pick the
 * printed card up and try it on the demo station's virtual desk encoder.
 */
function keepingChips(encoder: DemoEncoder, printer: string, folder: string): EncoderPort {
  return {
    name: encoder.name,
    present: (call) => encoder.present(call),
    eject: () => encoder.eject(),
    pass: () => {
      const chip = encoder.chipAtStation;
      if (chip) keepDemoChip(folder, printer, chip);
      encoder.pass();
    },
  };
}

export function demoPort(demo: DemoPrinter): PrinterPort {
  return {
    name: demo.name,
    status: () => demo.status(),
    print: (card, signal) => demo.print(card, signal),
    lookup: (jobName, sentAt) => demo.lookup(jobName, sentAt),
    follow: (jobId, signal) => demo.follow(jobId, signal),
    // A demo printer holds no queue: a card it could not print is simply not printed.
    withdraw: async () => {},
  };
}

/** `demo` is a good demo encoder; `demo:bad-every=N` makes every Nth blank card a bad chip, for training. */
function badChips(spec: string | null): ((cardNumber: number) => boolean) | undefined {
  const every = Number(/bad-every=(\d+)/.exec(spec ?? '')?.[1] ?? 0);
  return every > 0 ? (cardNumber) => cardNumber % every === 0 : undefined;
}

function cupsDevice(printer: StationPrinter): Omit<PipelineDevice, 'calibration'> {
  const spooler = new CupsSpooler(printer.server ?? 'http://127.0.0.1:631');
  const card = new CupsCardPrinter(spooler, printer.target);
  const profile = stationProfile(printer);
  const settings = {
    ribbon: (printer.ribbon ?? profile.ribbons[0]) as Ribbon,
    overlay: printer.overlay !== false,
    rotate180: printer.rotate180 === true,
  };
  const port: PrinterPort = {
    name: printer.name,
    status: () => card.status(),
    // The profile's driver options go with every card: two-sided for a card with a back,
    // the ribbon loaded, the overlay and the printer's own turn.
    print: (job, signal) =>
      card.print(
        { jobName: job.jobName, pdf: job.pdf, options: jobOptions(profile, { ...settings, duplex: job.twoSided }) },
        signal,
      ),
    lookup: (jobName, sentAt) => card.lookup(jobName, sentAt),
    follow: (jobId, signal) => card.follow(jobId, signal),
    withdraw: (jobId) => spooler.cancel(printer.target, jobId),
  };
  const reader = printer.encoder?.startsWith('pcsc:') ? printer.encoder.slice('pcsc:'.length) : undefined;
  if (!reader) return { printer: port };
  const commands = cardMoveCommands(profile);
  if (!commands)
    throw new StationError('PRINTER_UNKNOWN', `${printer.name} has an encoder inside, but ${NO_CARD_MOVES(profile.id)}`);
  // The card moves go through the printer's own queue as raw jobs, in order with its prints.
  const move = async (what: string, bytes: Buffer) => {
    const jobId = await spooler.submitRaw(printer.target, what, bytes);
    await spooler.waitForJob(printer.target, jobId);
  };
  return {
    printer: port,
    encoder: pcscEncoder(reader, {
      toEncoder: () => move('card to the encoder', commands.toEncoder),
      reject: () => move('card to the reject box', commands.reject),
    }),
  };
}

/** The profile a CUPS printer was added with (generic when none was given). */
export function stationProfile(printer: StationPrinter): PrinterProfile {
  const id = printer.profile ?? 'generic-pdf';
  const profile = printerProfile(id);
  if (!profile)
    throw new StationError('PRINTER_UNKNOWN', `${printer.name} was added as a "${id}", a make this version does not know.`);
  return profile;
}

/** Why a printer without card moves cannot encode inline: a bad chip would be printed as a badge. */
export const NO_CARD_MOVES = (profile: string) =>
  `its make (${profile}) gives the station no way to move a card to the encoder or a bad one to the reject box, so a card whose chip failed would be printed as a badge. Give the printer's make (--profile evolis-primacy), or encode its chips at the desk encoder.`;

/**
 * The PC/SC reader inside a card printer. Before each card the printer is told to move a
 * blank card to the encoder; after a bad chip, to drop it in the reject box; a good card
 * stays where it is for its print job, which follows.
 */
function pcscEncoder(reader: string, moves: { toEncoder(): Promise<void>; reject(): Promise<void> }): EncoderPort {
  // Loaded only for such a printer: the PC/SC binding needs pcsclite on the machine.
  const encoder = import('../../native/pcsc/index.ts').then(({ PcscEncoder }) => new PcscEncoder({ reader }));
  let last: Buffer | undefined;
  // A card moved to the encoder that the reader then failed to give (an error as it was
  // connected): it is still sitting there, so the next attempt reads it rather than moving
  // a second card on top of it. Only once: if it is not there either (the printer dropped
  // it, or had no card), the attempt after moves a card again.
  let leftAtEncoder = false;
  return {
    name: reader,
    async present(call) {
      const pcsc = await encoder;
      if (leftAtEncoder) leftAtEncoder = false;
      else {
        await moves.toEncoder();
        leftAtEncoder = true;
      }
      // The next card is any card but the one just done: the printer may swap them faster
      // than the reader reports the empty slot in between.
      for (;;) {
        const card = await pcsc.waitForCard(call);
        if (!last?.equals(card.uid)) {
          last = card.uid;
          leftAtEncoder = false;
          return card;
        }
        await card.release();
        await pcsc.waitForRemoval(call);
      }
    },
    eject: () => moves.reject(),
    pass: () => {},
  };
}

/**
 * What encoding a chip takes at this station. The card's password comes from the event
 * secret and the chip's UID by the chips driver's rule, which the core does not import.
 */
export function chipContext(
  station: Station,
  keyring: StationKeyring,
  catalog: Catalog,
  actor: string,
  log?: Logger,
): ChipContext {
  return {
    station,
    keyring,
    catalog,
    passwordFor: (uid) => chipPassword(keyring.eventSecret, uid),
    actor,
    ...(log ? { log } : {}),
  };
}

/**
 * Checks a CUPS printer before the station takes it on: its make is known and can print
 * cards the way they were asked for (ribbon, overlay, turn, both sides), the queue's own
 * driver (its PPD) has every option those cards will carry, and an encoder inside has the
 * card moves that keep a bad chip out of the output tray. Returns the printer as stored.
 */
export async function checkCupsPrinter(printer: StationPrinter): Promise<StationPrinter> {
  const id = printer.profile ?? 'generic-pdf';
  const profile = printerProfile(id);
  if (!profile)
    throw new StationError(
      'USAGE',
      `"${id}" is not a printer make this station knows: use one of ${PROFILES.map((each) => each.id).join(', ')}.`,
    );
  const ribbon = (printer.ribbon ?? profile.ribbons[0]) as Ribbon;
  if (!profile.ribbons.includes(ribbon))
    throw new StationError(
      'USAGE',
      `A ${profile.make} ${profile.models[0]} takes ${profile.ribbons.join(', ')} ribbons, not "${printer.ribbon}".`,
    );
  const settings = { ribbon, duplex: true, overlay: printer.overlay !== false, rotate180: printer.rotate180 === true };
  try {
    jobOptions(profile, settings);
  } catch (error) {
    throw new StationError('USAGE', (error as Error).message);
  }
  if (printer.encoder?.startsWith('pcsc:') && !cardMoveCommands(profile))
    throw new StationError('USAGE', `${printer.name} cannot have an encoder inside: ${NO_CARD_MOVES(profile.id)}`);
  let ppd: string;
  try {
    ppd = await new CupsSpooler(printer.server ?? 'http://127.0.0.1:631', { timeoutMs: 5000 }).ppd(printer.target);
  } catch (error) {
    throw new StationError(
      'PRINTER_UNKNOWN',
      `${printer.target} could not be checked: ${(error as Error).message} Add the queue in the system's printer settings first.`,
    );
  }
  const problems = checkProfile(profile, ppd, settings);
  if (problems.length > 0)
    throw new StationError(
      'USAGE',
      `${printer.target}'s driver does not match a ${profile.make} ${profile.models[0]} (${profile.id}): ${problems.join('; ')}. Give the printer's make with --profile, or install its maker's driver for the queue.`,
    );
  return { ...printer, profile: profile.id, ribbon };
}

/** The station's devices as the core takes them (the core never imports a driver). */
export const stationDevices: DeviceWiring = {
  open: openDevices,
  chipContext,
  checkCupsPrinter,
  printerMakes,
  printerStatus: (dataDir, printer) =>
    printerStatus(printer, () =>
      printer.driver === 'demo'
        ? demoPrinterAt(printer, demoFolder(dataDir, printer))
        : new CupsCardPrinter(new CupsSpooler(printer.server ?? 'http://127.0.0.1:631', { timeoutMs: 3000 }), printer.target),
    ),
  deskReaders,
  withDeskCard,
  demoCards,
  placeDemoCard,
  takeDemoCard,
};
