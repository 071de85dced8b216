/**
 * The day's figures for the supervisor: issued, reprinted, voided and wasted cards by day,
 * person and badge type, with reasons, counted from the ledger once it is verified intact
 * (LEDGER_BROKEN otherwise). Days are the station's, in its time zone.
 */
import { z } from 'zod';
import { method } from './spec.ts';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day like 2026-11-20');
const span = z.object({ from: day.optional(), to: day.optional() }).strict();
const supervisors = ['supervisor', 'admin'] as const;

export const reportsMethods = {
  /** Without days: today. */
  'reports.day': method({
    params: span,
    result: z.object({
      station: z.string(),
      from: day,
      to: day,
      timeZone: z.string(),
      ledger: z.object({ events: z.number().int(), head: z.number().int() }),
      rows: z.array(
        z.object({
          day,
          station: z.string(),
          user: z.string(),
          type: z.string(),
          issued: z.number().int(),
          reprinted: z.number().int(),
          voided: z.number().int(),
          rejected: z.number().int(),
        }),
      ),
      reasons: z.array(
        z.object({ day, kind: z.enum(['reprinted', 'voided', 'rejected']), reason: z.string(), count: z.number().int() }),
      ),
      totals: z.object({
        issued: z.number().int(),
        reprinted: z.number().int(),
        voided: z.number().int(),
        rejected: z.number().int(),
      }),
    }),
    roles: supervisors,
    // The ledger is verified first: seconds on a long one.
    timeoutMs: 120_000,
  }),
  /** The same report as a file to download: CSV for a spreadsheet or PDF to print (base64). */
  'reports.file': method({
    params: span.extend({ format: z.enum(['csv', 'pdf']) }).strict(),
    result: z.object({ fileName: z.string(), mime: z.string(), base64: z.string() }),
    roles: supervisors,
    timeoutMs: 120_000,
  }),
};
