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
}
