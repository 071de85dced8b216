/**
 * How a printer's failure decides what happens to the card in it, and to the printer.
 */
import type { StationDatabase } from '../db/index.ts';
import type { JobItem } from './card-states.ts';
import type { JobStore } from './job-store.ts';
import type { PipelineDevice } from './ports.ts';

/** A printer's failure, recognised by shape (PrinterError in native/printers). */
export interface PrinterFailure {
  code: string;
  message: string;
  jobId?: number;
}

/** Failures after which nothing physical happened to the card: it can go to another printer. */
export const CARD_UNTOUCHED = new Set([
  'PRINTER_OFFLINE',
  'SPOOLER_UNREACHABLE',
  'PRINTER_NOT_FOUND',
  'MEDIA_EMPTY',
  'RIBBON_EMPTY',
  'DOOR_OPEN',
]);
/** Failures after which nobody knows yet whether the card printed: ask the printer once it answers. */
export const OUTCOME_UNKNOWN = new Set(['SPOOLER_UNREACHABLE', 'TIMEOUT']);
/** Failures that are the document's, not the printer's: the printer stays in use. */
export const DOCUMENT_FAILURES = new Set(['JOB_REFUSED']);
/** Printer states in which it takes cards. */
export const PRINTER_USABLE = new Set(['ready', 'printing', 'ribbon-low']);

export function printerFailure(error: unknown): PrinterFailure | undefined {
  if (error instanceof Error && error.name === 'PrinterError' && typeof (error as { code?: unknown }).code === 'string')
    return error as unknown as PrinterFailure;
  return undefined;
}

/**
 * Settles a card its printer could not print. A card not yet sent goes back to the queue.
 * A sent card whose outcome nobody knows yet stays sent: once the printer answers it is
 * asked what became of it, as after a crash. Any other sent card is withdrawn from the
 * printer; it goes back to the queue only when nothing physical happened to it (and no
 * chip of the badge was written in that printer), else it is failed for a person to look at.
 */
export async function settleFailedPrint(
  context: { jobs: JobStore; db: StationDatabase; actor: string },
  device: PipelineDevice,
  item: JobItem,
  failure: PrinterFailure,
  refusedByPrinter: boolean,
): Promise<void> {
  const { jobs } = context;
  const reason = `${failure.code}: ${failure.message}`;
  if (item.state === 'claimed' || item.state === 'rendered') {
    jobs.advance(item.id, item.state, 'queued', { reason });
    return;
  }
  if (item.state !== 'sent' || OUTCOME_UNKNOWN.has(failure.code)) return;
  let withdrawn = failure.jobId === undefined;
  if (failure.jobId !== undefined) {
    withdrawn = await device.printer
      .withdraw(failure.jobId)
      .then(() => true)
      .catch(() => false);
  }
  const hadChip = context.db.statement(`SELECT 1 FROM chips WHERE serial = ? AND status = 'current'`).get(item.serial);
  const untouched = (CARD_UNTOUCHED.has(failure.code) || refusedByPrinter) && withdrawn && !(device.encoder && hadChip);
  const event = {
    type: 'PRINT_FAILED' as const,
    actor: context.actor,
    subject: `badge:${item.serial}`,
    data: { serial: item.serial, job: item.job, printer: device.printer.name, code: failure.code, cardSpoiled: !untouched },
  };
  jobs.advance(item.id, 'sent', untouched ? 'queued' : 'failed', { reason, event });
}
