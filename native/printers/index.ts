/**
 * Card printers: a CUPS queue over IPP, or the demo printer, behind one interface
 * (card-printer.ts: `CardPrinter.print` resolves when the card is out).
 *
 * - cups-spooler.ts over ipp-codec.ts, our own small IPP/2.0 client (RFC 8010): lists the
 *   queues with media, sides, colour and markers; sends one card as one Print-Job (job
 *   name unique to the sending, CR80 media from the queue's own list, the profile's options
 *   as job attributes); follows it with one Get-Job-Attributes a poll (the printer is asked
 *   only when the job shows a problem); withdraws it; looks a card up by name after a
 *   restart, telling "never got it" from "forgot it" by how far back its history reaches.
 * - printer-status.ts: IPP state and reasons as one plain state (`ready`, `printing`,
 *   `ribbon-low`, `paused`, `offline`, `out-of-cards`, `ribbon-out`, `door-open`,
 *   `jammed`, `error`); a queue that holds every new job reads `paused`.
 * - printer-error.ts: every failure a code (SPOOLER_UNREACHABLE, PRINTER_OFFLINE,
 *   JOB_REFUSED, JOB_HELD, MEDIA_EMPTY, RIBBON_EMPTY, PRINTER_JAMMED, DOOR_OPEN,
 *   JOB_ABORTED, JOB_CANCELED, TIMEOUT ...) with the spooler's job id and whether the
 *   printer had begun the card. Decision: a job that cannot finish is kept in CUPS and
 *   reported; the caller (the pipeline) withdraws it or resumes the printer, so the card's
 *   state is always known.
 * - profiles.ts: what each make can do and how its driver spells it, checked against the
 *   queue's PPD (CUPS-Get-PPD) before a printer is added; evolis-commands.ts: the card
 *   moves (to the encoder, to the reject box) sent as raw jobs through the same queue.
 *   Vendor names are unverified until tried on a real driver and printer.
 * - demo-printer.ts: the embedded default, with an fsynced journal of what it printed.
 * - windows-status.ts: the Windows design (its spooler's flags as plain states); nothing
 *   that needs Windows is built or tested.
 * - printer-watcher.ts: polls a printer and says when what the counter sees changes.
 *
 * Tests run a real cupsd in a sandbox (test/support/cupsd.ts) with a CR80 PPD and a capture
 * backend that can be slow or fail like a printer (test/fixtures/printers/).
 */
export { type CardPrinter, CupsCardPrinter, type PrintedCard, type SentCard } from './card-printer.ts';
export { type CardJob, CupsSpooler, type JobOutcome, type PrinterQueue } from './cups-spooler.ts';
export { DemoPrinter, type DemoPrinterOptions } from './demo-printer.ts';
export { EVOLIS_COMMANDS, type EvolisCommand, evolisCommand } from './evolis-commands.ts';
export { isCr80 } from './ipp-attributes.ts';
export { decodeResponse, encodeRequest } from './ipp-codec.ts';
export { PrinterError, type PrinterErrorCode } from './printer-error.ts';
export { type Marker, type PlainPrinterState, type PrinterStatus, plainState } from './printer-status.ts';
export { PrinterWatcher, type PrinterWatcherEvents } from './printer-watcher.ts';
export {
  type CardSettings,
  cardMoveCommands,
  checkProfile,
  jobOptions,
  type OptionSetting,
  PROFILES,
  type PrinterProfile,
  printerProfile,
  type Ribbon,
} from './profiles.ts';
export { windowsPrinterReasons, windowsPrinterState } from './windows-status.ts';
