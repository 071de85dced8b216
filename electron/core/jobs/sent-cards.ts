/**
 * Cards recorded as sent. A print goes out under a name unique to that sending, recorded
 * before it goes; after a restart the printer is asked what became of exactly that card,
 * and the card is sent again only when the printer never got it, with the ledger saying so.
 */
import type { JobItem } from './card-states.ts';
import type { JobStore } from './job-store.ts';
import type { PipelineDevice, PrintedAt } from './ports.ts';
import { lookFor, setAside } from './printer-failures.ts';

/** A card's print name: unique per sending, so a printer can be asked about exactly this one. */
export function printName(item: JobItem): string {
  return `${item.serial} #${item.id}.${item.attempts}.${Date.now().toString(36)}`;
}

/**
 * The card printed (or finished printing while we asked), or it must be sent again
 * (already recorded under a new name), or nobody can tell (set aside for a person).
 */
export type SentCardFate = { printed: PrintedAt } | { resend: JobItem } | { setAside: JobItem };

/** What became of a card sent before the station stopped. A print that failed at the printer is thrown as its failure. */
export async function fateOfSent(
  context: { jobs: JobStore; actor: string },
  device: PipelineDevice,
  item: JobItem,
  signal: AbortSignal,
): Promise<SentCardFate> {
  const found = await device.printer.lookup(item.print_name as string, item.updated_at);
  if (found.state === 'printed') {
    const now = Date.now();
    return { printed: { jobId: found.jobId, startedAt: found.startedAt ?? now, finishedAt: found.finishedAt ?? now } };
  }
  if (found.state === 'printing') return { printed: await device.printer.follow(found.jobId, signal) };
  if (found.state === 'failed') throw Object.assign(new Error(found.message), { name: 'PrinterError', ...found });
  if (found.state === 'forgotten') {
    // Never resent blindly: the card may have come out while the station was not watching.
    const printer = device.printer.name;
    setAside(
      context,
      item,
      printer,
      'FATE_UNKNOWN',
      'possibly',
      `${printer}'s spooler no longer remembers this card's print job (its history was cleared), so nobody can tell whether it came out. ${lookFor(item, printer)}`,
    );
    return { setAside: item };
  }
  // The printer never got it (the station stopped between recording and sending): send it again, and say why.
  const resend = context.jobs.advance(item.id, 'sent', 'sent', {
    facts: { print_name: printName(item) },
    event: {
      type: 'PRINT_INTERRUPTED',
      actor: context.actor,
      subject: `badge:${item.serial}`,
      data: {
        serial: item.serial,
        job: item.job,
        printer: device.printer.name,
        was: item.print_name as string,
        why: 'the printer never received the card: the station stopped before sending it',
      },
    },
  });
  return { resend };
}
