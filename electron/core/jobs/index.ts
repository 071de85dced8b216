/**
 * The bulk print pipeline: jobs as durable state, printers taking cards, progress.
 *
 * Durable state (job-store.ts, card-states.ts): every card of every batch is a row of
 * `job_items`, `queued -> claimed -> rendered -> encoded -> sent -> printed -> issued`, or
 * `rejected` / `failed` with a reason, `held` (the holder changed after queuing), or
 * `cancelled`. Every move names the state it expects and lands with its ledger event in
 * one transaction. Printers claim the next card themselves (work stealing), the highest
 * priority running job first (a job of reprints), at most one card each (a partial unique
 * index). A job is a list (streamed in) or "every active badge not yet printed" (one
 * INSERT ... SELECT, job-queue.ts), and the next card is read from each running job's
 * partial `queued` index, so a 500,000-card job costs the same per claim as a small one.
 * A job is `done` when every card is issued or cancelled, `needs-attention` while only
 * failed, rejected or held cards remain.
 *
 * The run (pipeline.ts): one loop per printer in the owning process: claim, sign the
 * barcode form and draw the card (card-faces.ts; the card press, card-press.ts, draws on
 * worker threads while the main thread alone holds the key and the database), encode
 * inline (chip-step.ts: the card's move to `encoded` is in the transaction that binds the
 * chip), send, and on the printer's word `printed`, then `issued`. While a printer prints,
 * its next card is drawn ahead (with its calibration) and claimed if still free. A bad chip
 * sends the badge back for the next blank card, up to three bad cards. Ports, not drivers
 * (ports.ts): hosts make them from CUPS queues, PC/SC readers and demo printers
 * (electron/devices/index.ts); the station's own printers are station-printers.ts.
 *
 * What a printer's failure does to its card is printer-failures.ts; what becomes of a card
 * sent before a restart is sent-cards.ts; crash safety and how it is tested, pipeline.ts.
 */
export { type CardFace, CardFaces } from './card-faces.ts';
export type { ItemFacts, ItemState, JobItem } from './card-states.ts';
export type { BadgeChoice } from './job-queue.ts';
export { type JobProgress, JobStore, type JobSummary, REPRINT_PRIORITY } from './job-store.ts';
export { Pipeline } from './pipeline.ts';
export {
  PIPELINE_POINTS,
  type PipelineContext,
  type PipelineOptions,
  type PipelinePoint,
  type PipelineSummary,
} from './pipeline-contract.ts';
export type {
  DemoCard,
  DeskReader,
  DeskReaders,
  DeviceWiring,
  EncoderPort,
  PipelineDevice,
  PrintedAt,
  PrinterMake,
  PrinterPort,
  PrinterReport,
  SentCard,
} from './ports.ts';
export { printerFailure } from './printer-failures.ts';
export { type Lanyard, type PipelineEvent, type PrinterActivity, ProgressTracker } from './progress.ts';
export {
  addStationPrinter,
  checkStationPrinter,
  removeStationPrinter,
  type StationPrinter,
  stationPrinters,
} from './station-printers.ts';
