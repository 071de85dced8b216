/**
 * What the desk's Devices and Chips screens reach through the device wiring: each
 * printer's state and ribbon, the makes a CUPS printer can be, and the readers on the
 * technician's desk (PC/SC readers, BALTECH encoders on USB HID, and a demo station's virtual
 * desk encoders, emulated BALTECH readers) with the card on one for a piece of work.
 */
import { createHash } from 'node:crypto';
import { type ChipEncoder, isChipError, type VirtualNtag } from '../../native/chips/index.ts';
import {
  BALTECH_VENDOR_ID,
  BrpHidEncoder,
  EmulatedBaltechReader,
  EmulatedHidBus,
  encoderName,
  type HidApi,
  type HidDeviceInfo,
  type HidEncoderListing,
  listHidEncoders,
  nodeHid,
  watchHidEncoders,
} from '../../native/hid/index.ts';
import { DemoPrinter, PROFILES } from '../../native/printers/index.ts';
import type { ChipCard } from '../core/chips/index.ts';
import { demoDeskEncoders } from '../core/demo/index.ts';
import { type ErrorCode, StationError } from '../core/errors.ts';
import type { DeskReader, DeskReaders, PrinterMake, PrinterReport, StationPrinter } from '../core/jobs/index.ts';
import { cardOnDeskEncoder, chipOnDeskEncoder, describe } from './demo-cards.ts';

// Loaded when a desk reader is first looked at: the binding needs pcsclite on the machine.
const pcsc = () => import('../../native/pcsc/index.ts');

export function printerMakes(): PrinterMake[] {
  return PROFILES.map((profile) => ({
    id: profile.id,
    make: profile.make,
    model: profile.models[0] ?? profile.id,
    ribbons: [...profile.ribbons],
  }));
}

export async function printerStatus(
  printer: StationPrinter,
  open: () => { status(): Promise<{ state: string; message: string; markers?: { level: number }[] }> },
): Promise<PrinterReport> {
  try {
    const status = await open().status();
    const ribbon = status.markers?.find((marker) => marker.level >= 0)?.level;
    return { state: status.state, message: status.message, ...(ribbon !== undefined ? { ribbon } : {}) };
  } catch (error) {
    // A spooler that does not answer is a printer the desk cannot use: offline, saying why.
    return { state: 'offline', message: `${printer.name} does not answer: ${(error as Error).message}` };
  }
}

/** A demo printer as the station's wiring makes it, asked for its state (it keeps no state between processes but its journal). */
export function demoPrinterAt(printer: StationPrinter, folder: string): DemoPrinter {
  return new DemoPrinter({
    name: printer.name,
    outputDir: folder,
    paceMs: printer.paceMs ?? 2000,
    cardsLoaded: Number.MAX_SAFE_INTEGER,
    ribbonPanels: Number.MAX_SAFE_INTEGER,
  });
}

export async function deskReaders(dataDir: string): Promise<DeskReaders> {
  const demo: DeskReader[] = [];
  for (const name of demoDeskEncoders(dataDir)) {
    const on = cardOnDeskEncoder(dataDir, name);
    // Described by the same driver as a real one: the emulated reader's firmware and serial.
    const [row] = await listHidEncoders(emulatedDeskReader(name, chipOnDeskEncoder(dataDir, name)?.chip));
    demo.push({
      name,
      kind: 'demo',
      state: on ? 'card' : 'empty',
      ...(row?.model ? { model: row.model } : {}),
      ...(row?.firmware ? { firmware: row.firmware } : {}),
      ...(row?.serial ? { serial: row.serial } : {}),
      ...(on ? { card: describe(on.file) } : {}),
    });
  }
  let listed: Awaited<ReturnType<Awaited<ReturnType<typeof pcsc>>['listPcscReaders']>>;
  try {
    listed = await (await pcsc()).listPcscReaders();
  } catch {
    listed = { readers: [], service: false };
  }
  const real: DeskReader[] = listed.readers.map((reader) => ({
    name: reader.name,
    kind: 'pcsc',
    state: reader.state,
    ...(reader.model ? { model: reader.model } : {}),
    ...(reader.firmware ? { firmware: reader.firmware } : {}),
  }));
  const hid: DeskReader[] = (await realHidEncoders()).map((reader) => ({
    name: reader.name,
    kind: 'hid',
    state: reader.state,
    ...(reader.model ? { model: reader.model } : {}),
    ...(reader.firmware ? { firmware: reader.firmware } : {}),
    ...(reader.serial ? { serial: reader.serial } : {}),
    ...(reader.problem ? { problem: reader.problem.code } : {}),
  }));
  return { pcscService: listed.service, readers: [...real, ...hid, ...demo] };
}

/** The USB HID encoders on this computer; none where node-hid cannot load (no HID support in this build). */
async function realHidEncoders(): Promise<HidEncoderListing[]> {
  try {
    return await listHidEncoders(nodeHid());
  } catch {
    return [];
  }
}

/**
 * A demo station's virtual desk encoder is an emulated BALTECH reader on an emulated USB
 * bus (native/hid/brp-emulator.ts), with the demo card's chip in its field: the Chips
 * screen's work on it runs through the real HID driver, as it would on the hardware.
 */
function emulatedDeskReader(name: string, chip?: VirtualNtag): EmulatedHidBus {
  const serial = `DEMO-${createHash('sha256').update(name).digest('hex').slice(0, 8).toUpperCase()}`;
  const reader = new EmulatedBaltechReader({ serialNumber: serial, product: 'BALTECH reader (emulated)' });
  const bus = new EmulatedHidBus();
  bus.plug(reader);
  if (chip) reader.present(chip);
  return bus;
}

/** Serialises work on one virtual desk encoder: its card is one file, read and written back. */
const demoQueues = new Map<string, Promise<unknown>>();

export async function withDeskCard<T>(dataDir: string, reader: string, work: (card: ChipCard) => Promise<T>): Promise<T> {
  if (demoDeskEncoders(dataDir).includes(reader)) {
    const key = `${dataDir}\0${reader}`;
    const before = demoQueues.get(key) ?? Promise.resolve();
    const turn = before.catch(() => {}).then(() => onDemoReader(dataDir, reader, work));
    demoQueues.set(key, turn);
    try {
      return await turn;
    } finally {
      if (demoQueues.get(key) === turn) demoQueues.delete(key);
    }
  }
  const hid = (await hidDevices()).find((device) => encoderName(device) === reader);
  if (hid) return onEncoder(new BrpHidEncoder({ device: hid.serialNumber ?? hid.path, name: reader, waitTimeoutMs: 3000 }), work);
  return onPcscReader(reader, work);
}

async function hidDevices(): Promise<HidDeviceInfo[]> {
  try {
    return (await nodeHid().devicesAsync()).filter((device) => device.vendorId === BALTECH_VENDOR_ID);
  } catch {
    return [];
  }
}

async function onDemoReader<T>(dataDir: string, reader: string, work: (card: ChipCard) => Promise<T>): Promise<T> {
  const on = chipOnDeskEncoder(dataDir, reader);
  if (!on) throw noCard(reader);
  try {
    return await onEncoder(
      new BrpHidEncoder({ hid: emulatedDeskReader(reader, on.chip), name: reader, waitTimeoutMs: 1000 }),
      work,
    );
  } finally {
    // What the work wrote stays on the card, even when it failed half way (a torn write is a torn card).
    on.keep();
  }
}

async function onPcscReader<T>(reader: string, work: (card: ChipCard) => Promise<T>): Promise<T> {
  let driver: Awaited<ReturnType<typeof pcsc>>;
  try {
    driver = await pcsc();
  } catch (error) {
    throw new StationError(
      'CHIP_READER_GONE',
      `PC/SC is not available on this computer (${(error as Error).message}): install pcscd, or use the demo desk encoder.`,
    );
  }
  const { readers, service } = await driver.listPcscReaders();
  const seen = readers.find((each) => each.name === reader);
  if (!seen)
    throw new StationError(
      'CHIP_READER_GONE',
      service
        ? `The desk sees no reader called "${reader}"${readers.length ? `: pick one of ${readers.map((each) => each.name).join(', ')}` : ': plug one in'}.`
        : 'The PC/SC service (pcscd) is not running, so no reader can be seen: start it, or plug in a reader.',
    );
  if (seen.state !== 'card') throw noCard(reader);
  return onEncoder(new driver.PcscEncoder({ reader, waitTimeoutMs: 3000 }), work);
}

/** The card on an encoder for one piece of work, released (and the encoder closed) whatever happens. */
async function onEncoder<T>(encoder: ChipEncoder, work: (card: ChipCard) => Promise<T>): Promise<T> {
  try {
    return await asStationErrors(async () => {
      const card = await encoder.waitForCard();
      try {
        return await work(card);
      } finally {
        await card.release();
      }
    });
  } finally {
    await encoder.close();
  }
}

function noCard(reader: string): StationError {
  return new StationError('CHIP_NO_CARD', `There is no card on ${reader}: place the card on the reader, then try again.`, {
    reader,
  });
}

/** A driver's chip failure as the station's error with the same code (CHIP_...). */
async function asStationErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isChipError(error)) throw new StationError(`CHIP_${error.code}` as ErrorCode, error.message);
    throw error;
  }
}

export interface EncoderChange {
  kind: 'pcsc' | 'hid';
  change: 'attached' | 'detached' | 'card-inserted' | 'card-removed';
  reader: string;
}

/**
 * Watches the desk's encoders for the core to tell the pages: BALTECH HID encoders by a look
 * at the USB bus once a second, PC/SC readers and their cards by PC/SC's own monitor (on the
 * PC/SC thread). Where either cannot run here (no HID support, no pcscd) it stays quiet.
 * Returns the function that stops both.
 */
export function watchDeskEncoders(
  listener: (change: EncoderChange) => void,
  options: { hid?: HidApi; pcsc?: boolean } = {},
): () => void {
  const stops: (() => void)[] = [];
  try {
    const hid = options.hid ?? nodeHid();
    stops.push(
      watchHidEncoders((event) => listener({ kind: 'hid', change: event.type, reader: encoderName(event.device) }), { hid }),
    );
  } catch {
    // node-hid cannot load in this build: no HID encoders to watch
  }
  if (options.pcsc !== false)
    void pcsc()
      .then(({ watchReaders }) => {
        stops.push(
          watchReaders((event) => {
            const change = PCSC_CHANGES[event.type];
            if (change) listener({ kind: 'pcsc', change, reader: event.reader });
          }),
        );
      })
      .catch(() => {});
  return () => {
    for (const stop of stops.splice(0)) stop();
  };
}

const PCSC_CHANGES: Record<string, EncoderChange['change'] | undefined> = {
  'reader-attached': 'attached',
  'reader-detached': 'detached',
  'card-inserted': 'card-inserted',
  'card-removed': 'card-removed',
};
