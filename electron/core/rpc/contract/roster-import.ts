/**
 * Importing a roster from the page, and finding a badge by the serial a scanner typed.
 *
 * A roster is far larger than one message (1 MB), so the page sends the file in pieces:
 * `roster.importBegin` names it and its size and gets an upload id, `roster.importChunk`
 * sends the pieces in order (base64), and `roster.importFinish` imports it with the same
 * code as `badge-station import`, telling `import.progress` as it goes. A photos zip is
 * uploaded the same way and named at the finish.
 */
import { z } from 'zod';
import { everyone, method } from './spec.ts';

/**
 * A piece's bytes before base64: 512 KiB are ~700,000 characters, which leaves a message
 * (1 MB at most) plenty of room for the frame around them.
 */
export const IMPORT_CHUNK_BYTES = 512 * 1024;
/** The largest file the page may upload: a 500,000-row roster is ~100 MB, a photos zip more. */
export const MAX_UPLOAD_BYTES = 2 * 1024 ** 3;

const uploadId = z.string().regex(/^[a-f0-9]{32}$/);

const rowProblem = z.object({
  /** The row as the spreadsheet numbers it. */
  row: z.number().int(),
  /** Column letter, e.g. "C"; empty for a problem with the row as a whole. */
  column: z.string(),
  header: z.string(),
  value: z.string(),
  reason: z.string(),
});

/** How far the import is, for the page that started it and for every other page it keeps waiting. */
export const importProgress = z.object({
  /** 0 to 1 of the whole import. */
  share: z.number().min(0).max(1),
  /** Holders read and checked so far (photos checked, in the photos stage). */
  rows: z.number().int().nonnegative(),
  stage: z.enum(['reading', 'photos', 'saving', 'done', 'failed']).optional(),
});

/** The operator imports the roster (DOMAIN.md: users), as the supervisor and admin may. */
const importers = ['operator', 'supervisor', 'admin'] as const;

export const rosterImportMethods = {
  'roster.importBegin': method({
    params: z
      .object({
        /** The file's own name: errors name it, and `.xlsx` tells a workbook. */
        fileName: z.string().min(1).max(255),
        bytes: z.number().int().min(1).max(MAX_UPLOAD_BYTES),
        kind: z.enum(['roster', 'photos']),
      })
      .strict(),
    result: z.object({ upload: uploadId, chunkBytes: z.number().int() }),
    roles: importers,
  }),
  /** The `index`th piece (from 0) of IMPORT_CHUNK_BYTES, the last one shorter; in order. */
  'roster.importChunk': method({
    params: z
      .object({
        upload: uploadId,
        index: z.number().int().min(0),
        data: z
          .string()
          .max(Math.ceil(IMPORT_CHUNK_BYTES / 3) * 4)
          .regex(/^[A-Za-z0-9+/]*={0,2}$/),
      })
      .strict(),
    result: z.object({ received: z.number().int() }),
    roles: importers,
  }),
  /**
   * Imports the whole uploaded roster (and photos zip), as `badge-station import` does:
   * every good row added or updated by holder id, holders not in the file kept as they were,
   * bad rows left out and reported. The station is busy (STATION_BUSY) until it is done.
   */
  'roster.importFinish': method({
    params: z.object({ upload: uploadId, photos: uploadId.optional() }).strict(),
    result: z.object({
      fileName: z.string(),
      format: z.enum(['csv', 'xlsx']),
      rows: z.number().int(),
      added: z.number().int(),
      changed: z.number().int(),
      unchanged: z.number().int(),
      rejected: z.number().int(),
      problemCount: z.number().int(),
      /** The first 1,000 problems, in row order. */
      problems: z.array(rowProblem),
      photos: z.object({ checked: z.number().int(), stored: z.number().int(), unmatched: z.number().int() }).nullable(),
      ledgerSeq: z.number().int(),
    }),
    roles: importers,
    // A 500,000-row roster with photos takes minutes.
    timeoutMs: 30 * 60_000,
  }),
  /** An upload given up (the page cancelled or failed): its pieces go. */
  'roster.importCancel': method({
    params: z.object({ upload: uploadId }).strict(),
    result: z.object({}),
    roles: importers,
  }),
  /** The holder of a badge by one of its serials (any version), for a scanned badge. */
  'roster.badge': method({
    params: z.object({ serial: z.string().min(1).max(100) }).strict(),
    result: z.object({ serial: z.string(), holder: z.string(), status: z.enum(['active', 'revoked']) }),
    roles: everyone,
  }),
};
