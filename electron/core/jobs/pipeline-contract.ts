/**
 * What a run of the bulk pipeline is given and gives back.
 */
import type { ChipContext } from '../chips/index.ts';
import type { Logger } from '../log/index.ts';
import type { Station } from '../station/index.ts';
import type { CardFaces } from './card-faces.ts';
import type { JobStore } from './job-store.ts';
import type { PipelineEvent } from './progress.ts';

/** Where a crash test may stop the pipeline: every durable move, and the printer's side. */
export const PIPELINE_POINTS = [
  'claimed',
  'rendered',
  'chip-written',
  'encoded',
  'rejected',
  'sent',
  'at-printer',
  'printed',
  'issued',
] as const;
export type PipelinePoint = (typeof PIPELINE_POINTS)[number];

export interface PipelineContext {
  station: Station;
  jobs: JobStore;
  faces: CardFaces;
  /** Needed when any printer has an encoder. */
  chips?: ChipContext;
  actor: string;
  log?: Logger;
}

export interface PipelineOptions {
  signal?: AbortSignal;
  onEvent?(event: PipelineEvent): void;
  /** Instrumented state transitions (crash tests). */
  at?(point: PipelinePoint, serial: string): void;
  /** Blank cards tried per badge before it is left rejected. */
  maxCardsPerBadge?: number;
  /** Stop (the job stays resumable) once every printer has been unavailable this long. */
  giveUpAfterMs?: number;
  /** How often an unavailable printer is asked whether it is back. */
  recheckMs?: number;
  progressEveryMs?: number;
  /**
   * Every printer of the station, when this run uses only some: a card held by one of the
   * others waits for it; only cards held by a printer the station no longer has are given back.
   */
  stationPrinters?: readonly string[];
}

export interface PipelineSummary {
  issued: number;
  rejectedCards: number;
  failed: number;
  ms: number;
  printers: Record<string, { cards: number; busyMs: number; firstStart: number | null; lastFinish: number | null }>;
  /** Cards printed in this run with renderer warnings (a name made smaller or cut, a glyph missing ...), by serial and code. */
  warned: { serial: string; codes: string[] }[];
  /** Set when the run stopped before the work was done; the jobs stay resumable. */
  stopped?: { code: string; message: string };
}
