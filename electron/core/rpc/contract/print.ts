/**
 * Print: batches of cards made into print jobs, previewed, run on the station's printers
 * from the desk, with progress pushed on `job.progress` and `printers.state`.
 *
 * The simplest run, for scripts and benchmarks: `print.batch` ({ from: { kind: 'filters',
 * status: 'unprinted' } }) gives `{ made: true, job }`; `print.start` ({ job, printers })
 * starts it and answers at once; `print.jobs` (or the `job.progress` topic) says how far it is.
 */
import { z } from 'zod';
import { approval, method, type Role } from './spec.ts';

const readers = ['operator', 'supervisor', 'technician', 'admin'] as const satisfies readonly Role[];
/** Starting, stopping and changing print jobs: the counter's staff, not the technician's bench. */
const printers = ['operator', 'supervisor', 'admin'] as const satisfies readonly Role[];

const jobId = z.number().int().positive();
const printerName = z.string().min(1).max(40);

export const lanyard = z.object({ colour: z.string(), nameZh: z.string(), nameEn: z.string() });

/** The card that has just come out of a printer: for the operator putting it in its sleeve. */
export const cardOut = z.object({ serial: z.string(), type: z.string(), lanyard });

/**
 * A job as the desk shows it. `ready`: made, never started. `printing`: a run of this core is
 * printing it. `interrupted`: it was printing when the station's core stopped (a crash, a
 * restart): it waits for the operator's resume (desk-runs.ts says why). `needs-attention`: only
 * failed, rejected or held cards are left.
 */
export const jobStatus = z.enum(['ready', 'printing', 'paused', 'interrupted', 'needs-attention', 'done', 'cancelled']);

export const printerProgress = z.object({
  printer: z.string(),
  /** idle, printing, unavailable (then `message` says why). */
  state: z.string(),
  message: z.string().optional(),
  /** Cards this printer finished in this run. */
  cards: z.number().int().nonnegative(),
  rejects: z.number().int().nonnegative(),
  cardsPerHour: z.number().nonnegative(),
  /** Seconds until this printer's share of the cards left is out at its pace; null until it has a pace. */
  secondsLeft: z.number().nonnegative().nullable(),
  lastCard: cardOut.optional(),
});

export const jobProgress = z.object({
  job: z.number().int(),
  name: z.string(),
  status: jobStatus,
  total: z.number().int().nonnegative(),
  /** Cards that reached an end: issued, rejected, failed or cancelled. */
  done: z.number().int().nonnegative(),
  issued: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  rejected: z.number().int().nonnegative(),
  held: z.number().int().nonnegative(),
  cancelled: z.number().int().nonnegative(),
  cardsPerHour: z.number().nonnegative(),
  secondsLeft: z.number().nonnegative().nullable(),
  createdAt: z.number(),
  /** The printers of the run printing it now (empty when none is). */
  printers: z.array(printerProgress),
  lastCard: cardOut.optional(),
  /** Why the last run of this job stopped before its end (every printer gone ...). */
  stopped: z.object({ code: z.string(), message: z.string() }).optional(),
  /**
   * What the last run's start said about its leases upstream, when it could not simply claim
   * every holder: UPSTREAM_NOT_CLAIMED (printed offline), UPSTREAM_HELD (cards held for
   * another station). Absent for a station without upstream.
   */
  notice: z.object({ code: z.enum(['UPSTREAM_NOT_CLAIMED', 'UPSTREAM_HELD']), message: z.string() }).optional(),
});

const jobOnly = z.object({ job: jobId }).strict();

const problem = z.object({
  /** 1-based line of the pasted list. */
  line: z.number().int().positive(),
  text: z.string(),
  problem: z.enum(['unknown', 'not-active', 'printed', 'in-job', 'twice']),
  /** For 'printed' and 'in-job': the job that has it. */
  job: z.number().int().optional(),
});

export const printMethods = {
  /** Every print job, newest first, with its counts and (when running) its live progress. */
  'print.jobs': method({
    params: z.object({ limit: z.number().int().min(1).max(200).optional() }).strict(),
    result: z.object({ jobs: z.array(jobProgress) }),
    roles: readers,
  }),
  /**
   * A batch becomes a print job that waits to be started. From filters (every active badge
   * not yet printed, of a type, of organisations starting with a text) or a pasted list, a
   * holder id or badge serial a line: a list with any line that is not a printable badge
   * makes nothing and says which lines (`made: false`).
   */
  'print.batch': method({
    params: z
      .object({
        name: z.string().trim().min(1).max(80).optional(),
        from: z.discriminatedUnion('kind', [
          z
            .object({
              kind: z.literal('filters'),
              type: z.string().min(1).max(40).optional(),
              organisation: z.string().min(1).max(200).optional(),
              status: z.literal('unprinted'),
            })
            .strict(),
          z.object({ kind: z.literal('list'), text: z.string().max(500_000) }).strict(),
        ]),
      })
      .strict(),
    result: z.discriminatedUnion('made', [
      z.object({ made: z.literal(true), job: z.number().int(), cards: z.number().int().positive() }),
      z.object({ made: z.literal(false), problems: z.array(problem), lines: z.number().int().nonnegative() }),
    ]),
    roles: printers,
    timeoutMs: 60_000,
  }),
  /** A page of a job's cards (fronts) drawn in their real templates, with a barcode that is not valid. */
  'print.preview': method({
    params: z
      .object({ job: jobId, page: z.number().int().nonnegative(), pageSize: z.number().int().min(1).max(6).optional() })
      .strict(),
    result: z.object({
      job: z.number().int(),
      page: z.number().int(),
      pages: z.number().int(),
      total: z.number().int(),
      cards: z.array(
        z.object({
          serial: z.string(),
          holder: z.object({ id: z.string(), name: z.string() }),
          type: z.object({ code: z.string(), nameZh: z.string(), nameEn: z.string() }),
          lanyard,
          /** SVG, text as outlines. */
          front: z.string(),
          /** The holder's photo was left out of this preview to keep the page under the message limit (it prints). */
          photoLeftOut: z.boolean().optional(),
        }),
      ),
    }),
    roles: readers,
    timeoutMs: 30_000,
  }),
  /** The station's printers to choose from, each with the job it is printing, if any. */
  'print.printers': method({
    params: z.object({}).strict(),
    result: z.object({
      printers: z.array(
        z.object({ name: z.string(), driver: z.string(), encoder: z.boolean(), job: z.number().int().nullable() }),
      ),
    }),
    roles: readers,
  }),
  /**
   * Starts a job on the chosen printers and answers at once (the run goes on in the core;
   * progress comes on `job.progress`). A paused or interrupted job is resumed the same way.
   * One run at a time: JOB_RUNNING while another job is printing.
   */
  'print.start': method({
    params: z.object({ job: jobId, printers: z.array(printerName).min(1).max(64) }).strict(),
    result: jobProgress,
    roles: printers,
    timeoutMs: 30_000,
  }),
  /** No new card is taken; the cards in the printers finish. */
  'print.pause': method({ params: jobOnly, result: jobProgress, roles: printers }),
  /** Cards not yet in a printer are cancelled; the cards in the printers finish. */
  /**
   * A supervisor's decision: an operator's cancel needs a supervisor's approval typed at the
   * desk (APPROVAL_NEEDED without one); recorded as JOB_CANCELLED naming both.
   */
  'print.cancel': method({
    params: jobOnly.extend({ approval: approval.optional() }).strict(),
    result: z.object({ job: jobProgress, cancelled: z.number().int().nonnegative() }),
    roles: printers,
  }),
  /** A job's failed, rejected and held cards, with why. */
  'print.problems': method({
    params: jobOnly,
    result: z.object({
      cards: z.array(
        z.object({
          serial: z.string(),
          state: z.enum(['failed', 'rejected', 'held']),
          reason: z.string().nullable(),
          printer: z.string().nullable(),
          holder: z.string(),
          type: z.string(),
        }),
      ),
    }),
    roles: readers,
  }),
  /** Failed and rejected cards queued again (printed by the run, or when the job is started). */
  'print.retry': method({
    params: jobOnly,
    result: z.object({ job: jobProgress, queued: z.number().int().nonnegative() }),
    roles: printers,
  }),
  /** Held cards (the holder changed after the batch was made) queued again, one or all, once checked. */
  'print.release': method({
    params: z.object({ job: jobId, serial: z.string().min(1).max(40).optional() }).strict(),
    result: z.object({ job: jobProgress, released: z.number().int().nonnegative() }),
    roles: printers,
  }),
};
