/**
 * What the pipeline needs from devices, as ports: the hosts make them from CUPS queues,
 * PC/SC readers and demo printers (electron/devices/index.ts); the core never imports a
 * driver.
 */
import type { Catalog } from '../catalog/index.ts';
import type { CardCall, ChipCard, ChipContext } from '../chips/index.ts';
import type { StationKeyring } from '../keys/index.ts';
import type { Logger } from '../log/index.ts';
import type { Calibration } from '../render/index.ts';
import type { Station } from '../station/index.ts';
import type { StationPrinter } from './station-printers.ts';

/** When the printer says a card was printed: its own times, for cards per hour and utilisation. */
export interface PrintedAt {
  jobId: number;
  startedAt: number;
  finishedAt: number;
}

export type SentCard =
  | { state: 'printed'; jobId: number; startedAt?: number; finishedAt?: number }
  | { state: 'printing'; jobId: number }
  | { state: 'failed'; jobId: number; code: string; message: string; cardStarted?: boolean }
  /** The printer never got it. */
  | { state: 'unknown' }
  /** The printer no longer remembers that far back: whether the card came out, nobody can say. */
  | { state: 'forgotten' };

/** One card's print job: its unique name, its PDF, and whether it has a back to print. */
export interface CardPrint {
  jobName: string;
  pdf: Uint8Array;
  twoSided: boolean;
}

/** The printer side the pipeline needs (native/printers' CardPrinter has it). */
export interface PrinterPort {
  readonly name: string;
  status(): Promise<{ state: string; message: string; acceptingJobs?: boolean }>;
  print(card: CardPrint, signal?: AbortSignal): Promise<PrintedAt>;
  /** What became of the card sent under `jobName` at `sentAt` (ms). */
  lookup(jobName: string, sentAt: number): Promise<SentCard>;
  follow(jobId: number, signal?: AbortSignal): Promise<PrintedAt>;
  /** Takes a job that cannot finish off the printer, so it never prints later by surprise. */
  withdraw(jobId: number): Promise<void>;
}

/** The encoding station inside a card printer (native/chips' DemoEncoder, a PC/SC reader ...). */
export interface EncoderPort {
  readonly name: string;
  /** Brings the next blank card to the encoder (moving it there where the printer must) and gives its chip. */
  present(call?: CardCall): Promise<ChipCard>;
  /** The card goes to the reject box. Rejects when the printer could not be told to. */
  eject(): void | Promise<void>;
  /** The card moves on to be printed. */
  pass(): void | Promise<void>;
}

export interface PipelineDevice {
  printer: PrinterPort;
  encoder?: EncoderPort;
  calibration?: Calibration;
}

/**
 * The station's hardware as whoever runs the core wires it (the CLI, the desk's core
 * process: electron/devices/index.ts), handed to the core, which never imports a driver.
 */
export interface DeviceWiring {
  /** The station's printers (and the encoders inside them) as ports, ready to print. */
  open(dataDir: string, printers: readonly StationPrinter[], options?: { volatile?: boolean }): PipelineDevice[];
  /** What encoding a chip takes at this station (the chip password rule is the driver's). */
  chipContext(station: Station, keyring: StationKeyring, catalog: Catalog, actor: string, log?: Logger): ChipContext;
  /** Checks a CUPS printer against its make and its queue's driver; returns it as stored. */
  checkCupsPrinter(printer: StationPrinter): Promise<StationPrinter>;
  /** The printer makes a CUPS printer can be added as. */
  printerMakes(): PrinterMake[];
  /** A station printer's state and ribbon as it reports them now. */
  printerStatus(dataDir: string, printer: StationPrinter): Promise<PrinterReport>;
  /** The readers on the technician's desk: those PC/SC sees, and a demo station's virtual desk encoders. */
  deskReaders(dataDir: string): Promise<DeskReaders>;
  /**
   * The card on a desk reader for one piece of work, released after it: CHIP_NO_CARD at
   * once when the reader has none (the technician places the card first, then asks),
   * PRINTER_UNKNOWN for a reader the desk does not see.
   */
  withDeskCard<T>(dataDir: string, reader: string, work: (card: ChipCard) => Promise<T>): Promise<T>;
  /** The demo cards a technician can place on a virtual desk encoder: those with a chip the demo printers encoded, and the desk's own. */
  demoCards(dataDir: string, printers: readonly StationPrinter[]): DemoCard[];
  /** Places a demo card (by chip UID; null: a new blank card) on a virtual desk encoder, taking off the one there. */
  placeDemoCard(dataDir: string, reader: string, uid: string | null, printers: readonly StationPrinter[]): DemoCard;
  /** Takes the card off a virtual desk encoder. */
  takeDemoCard(dataDir: string, reader: string): void;
}

export interface PrinterMake {
  id: string;
  make: string;
  model: string;
  ribbons: string[];
}

export interface PrinterReport {
  /** The plain state: ready, printing, ribbon-low, paused, offline, out-of-cards, ribbon-out, door-open, jammed, error. */
  state: string;
  message: string;
  /** Ribbon left, per cent, when the printer says. */
  ribbon?: number;
}

export interface DeskReader {
  name: string;
  /**
   * pcsc: a PC/SC reader this computer sees; hid: a USB HID encoder (BALTECH, BRP over HID);
   * demo: a virtual desk encoder (an emulated BALTECH HID reader behind the same driver).
   */
  kind: 'pcsc' | 'hid' | 'demo';
  state: 'card' | 'empty' | 'unavailable';
  model?: string;
  firmware?: string;
  /** The device's serial number (USB encoders), which tells two of one model apart. */
  serial?: string;
  /** Why a device that is there cannot be used: its firmware speaks another protocol, the system will not open it, or it does not answer. */
  problem?: 'NOT_BRP' | 'NO_ACCESS' | 'NOT_ANSWERING';
  /** On a virtual desk encoder: the demo card lying on it. */
  card?: DemoCard;
}

export interface DeskReaders {
  /** false: the PC/SC service is not running, so no real reader can be seen. */
  pcscService: boolean;
  readers: DeskReader[];
}

export interface DemoCard {
  /** The chip's UID, hex: the card's name as the technician picks it. */
  uid: string;
  /** Where it came from: a demo printer's name, or the desk encoder's (a blank card placed there). */
  from: string;
  /** When its chip was last written (ms), if ever. */
  writtenAt?: number;
}
