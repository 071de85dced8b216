/** The ledger: proving it intact, and handing it to an auditor. */
import { z } from 'zod';
import { method } from './spec.ts';

/** Mirrors LedgerProblemKind (electron/core/ledger/verify.ts): the page words each in its own language. */
export const LEDGER_PROBLEM_KINDS = [
  'missing',
  'out_of_sequence',
  'broken_link',
  'altered',
  'checkpoint_mismatch',
  'cut_off',
  'checkpoint_signature_invalid',
  'checkpoint_unsigned',
  'checkpoint_unverifiable',
  'enrolment_missing',
  'behind_upstream',
] as const;

const seq = z.number().int().positive();

export const ledgerMethods = {
  'ledger.verify': method({
    params: z.object({}).strict(),
    result: z.object({
      intact: z.boolean(),
      /** Events checked: all of them when intact, those before the first bad one when not. */
      events: z.number().int().nonnegative(),
      checkpoints: z.object({ total: z.number().int().nonnegative(), signed: z.number().int().nonnegative() }),
      /** What is wrong, in English words, when it is not intact (the CLI's and the log's words). */
      problem: z.string().optional(),
      /** The same, for the page to say in its own language: what kind of damage, and the first event that cannot be trusted. */
      kind: z.enum(LEDGER_PROBLEM_KINDS).optional(),
      seq: seq.optional(),
    }),
    roles: ['supervisor', 'technician', 'admin'],
    timeoutMs: 120_000,
  }),
  /** The newest events, newest first, for the screen's table (ids only: the ledger holds no personal data). */
  'ledger.recent': method({
    params: z.object({ limit: z.number().int().min(1).max(200).default(50) }).strict(),
    result: z.object({
      events: z.array(
        z.object({
          seq,
          /** Station clock, ms since the epoch. */
          at: z.number().int(),
          type: z.string(),
          actor: z.string(),
          /** The shown name of the person the actor is, when it is a user (the ledger keeps only `user:<id>`). */
          by: z.string().optional(),
          subject: z.string().nullable(),
          /** Canonical JSON, as hashed. */
          data: z.string(),
        }),
      ),
    }),
    roles: ['supervisor', 'technician', 'admin'],
  }),
  /**
   * One page of the ledger as the text of a JSONL or CSV file (electron/core/ledger/export.ts
   * formats). The page asks from event 1, then from each answer's `next` with the same
   * `through`, and joins the texts into one Blob it downloads as `fileName`.
   *
   * Why pages to the page and not a file in the data folder: the office hands the export to
   * an auditor (a USB stick, an e-mail), so it belongs in the operator's Downloads under a
   * name that says which station and events it holds, not in a folder behind the station
   * they would have to be told how to find. A whole ledger (hundreds of MB at a big event)
   * cannot cross the socket in one message (1 MB), so each page stays under half of that,
   * counted as it travels (JSON-escaped), and the page can show how far it has got.
   * `through` pins the file to one head: events a print run appends meanwhile wait for the
   * next export, so the file is one snapshot an auditor can re-verify end to end.
   */
  'ledger.export': method({
    params: z
      .object({
        format: z.enum(['csv', 'jsonl']),
        from: seq.default(1),
        /** The last event the file holds; the first page answers with the head it chose. */
        through: seq.optional(),
      })
      .strict(),
    result: z.object({
      format: z.enum(['csv', 'jsonl']),
      /** This page's text: the CSV's BOM and header come with the page that starts at event 1. */
      text: z.string(),
      events: z.number().int().nonnegative(),
      through: z.number().int().nonnegative(),
      /** Where the next page starts, or null when this was the last. */
      next: seq.nullable(),
      fileName: z.string(),
    }),
    roles: ['supervisor', 'admin'],
    timeoutMs: 60_000,
  }),
};
