/**
 * The station's printers as drivers: a CUPS queue (with a PC/SC encoder inside, when it
 * has one) or a demo printer (with its demo encoder). The pipeline sees only its ports.
 */
import { randomInt } from 'node:crypto';
import { isAbsolute, join } from 'node:path';
import { chipPassword, DemoEncoder } from '../../native/chips/index.ts';
import { CupsCardPrinter, CupsSpooler, DemoPrinter } from '../../native/printers/index.ts';
import type { Catalog } from '../core/catalog/index.ts';
import type { ChipContext } from '../core/chips/index.ts';
import type { EncoderPort, PipelineDevice, PrinterPort, StationPrinter } from '../core/jobs/index.ts';
import type { StationKeyring } from '../core/keys/index.ts';
import type { Logger } from '../core/log/index.ts';
import { calibrationFor } from '../core/render/index.ts';
import type { Station } from '../core/station/index.ts';

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
  return { printer: demoPort(demo), ...(encoder ? { encoder } : {}) };
}

export function demoPort(demo: DemoPrinter): PrinterPort {
  return {
    name: demo.name,
    status: () => demo.status(),
    print: (card, signal) => demo.print(card, signal),
    lookup: (jobName) => demo.lookup(jobName),
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
  const port: PrinterPort = {
    name: printer.name,
    status: () => card.status(),
    print: (job, signal) => card.print(job, signal),
    lookup: (jobName) => card.lookup(jobName),
    follow: (jobId, signal) => card.follow(jobId, signal),
    withdraw: (jobId) => spooler.cancel(printer.target, jobId),
  };
  const reader = printer.encoder?.startsWith('pcsc:') ? printer.encoder.slice('pcsc:'.length) : undefined;
  return { printer: port, ...(reader ? { encoder: pcscEncoder(reader) } : {}) };
}

/**
 * The PC/SC reader inside a card printer. The printer's own commands move the card to the
 * reader and on (vendor escapes, unverified without the hardware): here the card is
 * whatever sits on the reader.
 */
function pcscEncoder(reader: string): EncoderPort {
  // Loaded only for such a printer: the PC/SC binding needs pcsclite on the machine.
  const encoder = import('../../native/pcsc/index.ts').then(({ PcscEncoder }) => new PcscEncoder({ reader }));
  let last: Buffer | undefined;
  return {
    name: reader,
    async present(call) {
      const pcsc = await encoder;
      // The next card is any card but the one just done: the printer may swap them faster
      // than the reader reports the empty slot in between.
      for (;;) {
        const card = await pcsc.waitForCard(call);
        if (!last?.equals(card.uid)) {
          last = card.uid;
          return card;
        }
        await card.release();
        await pcsc.waitForRemoval(call);
      }
    },
    eject: () => {},
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
