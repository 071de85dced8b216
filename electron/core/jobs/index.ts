// The bulk print pipeline: jobs as durable state, printers taking cards, progress.
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
export type { EncoderPort, PipelineDevice, PrintedAt, PrinterPort, SentCard } from './ports.ts';
export { printerFailure } from './printer-failures.ts';
export { type Lanyard, type PipelineEvent, type PrinterActivity, ProgressTracker } from './progress.ts';
export {
  addStationPrinter,
  checkStationPrinter,
  removeStationPrinter,
  type StationPrinter,
  stationPrinters,
} from './station-printers.ts';
