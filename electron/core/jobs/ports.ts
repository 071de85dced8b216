/**
 * What the pipeline needs from devices, as ports: the hosts make them from CUPS queues,
 * PC/SC readers and demo printers (electron/cli/devices.ts); the core never imports a
 * driver.
 */
import type { CardCall, ChipCard } from '../chips/index.ts';
import type { Calibration } from '../render/index.ts';

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
