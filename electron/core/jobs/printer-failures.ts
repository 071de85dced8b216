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
  /** The printer had begun printing the card: it may be half printed. */
  cardStarted?: boolean;
  /** The printer provably never got the card: its spooler could not even be connected to. */
  notReceived?: boolean;
}

/** Failures after which nobody knows yet whether the card printed: ask the printer once it answers. */
export const OUTCOME_UNKNOWN = new Set(['SPOOLER_UNREACHABLE', 'TIMEOUT']);
/** Failures that are the document's, not the printer's: the printer stays in use. */
export const DOCUMENT_FAILURES = new Set(['JOB_REFUSED']);
/** Failures in which the printer picked no card, even when it had begun the job. */
const NO_CARD_PICKED = new Set(['MEDIA_EMPTY', 'JOB_REFUSED', 'JOB_HELD']);
/** Printer states in which it takes cards. */
export const PRINTER_USABLE = new Set(['ready', 'printing', 'ribbon-low']);

export function printerFailure(error: unknown): PrinterFailure | undefined {
  if (error instanceof Error && error.name === 'PrinterError' && typeof (error as { code?: unknown }).code === 'string')
    return error as unknown as PrinterFailure;
  return undefined;
}

/**
 * Settles a card its printer could not print. A card not yet sent goes back to the queue;
 * so does a sent card the printer provably never got (its spooler could not be connected
 * to), unless its chip was written in this printer: then it stays there, encoded, for
 * when the printer answers again. A sent card whose outcome nobody knows yet stays sent:
 * once the printer answers it is asked what became of it, as after a crash. (Asking works
 * only as far back as the spooler's history reaches; a card sent in the moment the
 * spooler went down may have to be set aside for a person, so the refused connection is
 * worth knowing.) Any other sent card is withdrawn from the
 * printer (so it never prints later by surprise), then:
 *
 * - nothing physical happened to it (the printer had not begun it, or picked no card):
 *   it goes back to the queue for any printer, unless the document itself was refused
 *   or its chip was already written in this printer;
 * - the printer had begun it: it may be half printed, so it is never printed again
 *   silently. It waits, failed, for a person to look in the printer's output, destroy any
 *   card of that badge that came out, and retry it (`jobs retry`). A badge version must
 *   exist as one card: an unseen card that came out whole would be a second valid badge.
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
  if (item.state !== 'sent') return;
  if (failure.notReceived) {
    const inThisPrinter = device.encoder && hasCurrentChip(context.db, item.serial);
    jobs.advance(item.id, 'sent', inThisPrinter ? 'encoded' : 'queued', { reason });
    return;
  }
  if (OUTCOME_UNKNOWN.has(failure.code)) return;
  let withdrawn = failure.jobId === undefined;
  if (failure.jobId !== undefined) {
    withdrawn = await device.printer
      .withdraw(failure.jobId)
      .then(() => true)
      .catch(() => false);
  }
  const printer = device.printer.name;
  const touched = failure.cardStarted === true && !NO_CARD_PICKED.has(failure.code);
  if (touched) {
    const spoiled = failure.code === 'PRINTER_JAMMED' ? true : 'possibly';
    setAside({ jobs, actor: context.actor }, item, printer, failure.code, spoiled, `${reason} ${lookFor(item, printer)}`);
    return;
  }
  const hadChip = hasCurrentChip(context.db, item.serial);
  const document = DOCUMENT_FAILURES.has(failure.code) && !refusedByPrinter;
  // Someone cancelled the card in the spooler: it waits for a person instead of another printer.
  const cancelled = failure.code === 'JOB_CANCELED';
  const requeue = !document && !cancelled && withdrawn && !(device.encoder && hadChip);
  const event = {
    type: 'PRINT_FAILED' as const,
    actor: context.actor,
    subject: `badge:${item.serial}`,
    data: { serial: item.serial, job: item.job, printer, code: failure.code, cardSpoiled: false },
  };
  jobs.advance(item.id, 'sent', requeue ? 'queued' : 'failed', { reason, event });
}

function hasCurrentChip(db: StationDatabase, serial: string): boolean {
  return db.statement(`SELECT 1 FROM chips WHERE serial = ? AND status = 'current'`).get(serial) !== undefined;
}

/**
 * A sent card whose fate nobody can tell (half printed, or forgotten by the spooler):
 * failed with what to do, and the ledger says the card may exist.
 */
export function setAside(
  context: { jobs: JobStore; actor: string },
  item: JobItem,
  printer: string,
  code: string,
  cardSpoiled: true | 'possibly',
  reason: string,
): void {
  context.jobs.advance(item.id, 'sent', 'failed', {
    reason,
    event: {
      type: 'PRINT_FAILED',
      actor: context.actor,
      subject: `badge:${item.serial}`,
      data: { serial: item.serial, job: item.job, printer, code, cardSpoiled },
    },
  });
}

/** What the operator does about a card that may have come out. */
export function lookFor(item: JobItem, printer: string): string {
  return `Look in ${printer}'s output: destroy any card of ${item.serial} that came out, then print it again with badge-station jobs retry ${item.job}.`;
}
