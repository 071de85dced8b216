/** Handover: a print job's cards as the handover table sorts them, and collection at the counter. */
import { z } from 'zod';
import { method } from './spec.ts';

/** Who works the handover counter (a technician does not hand badges over). */
const counter = ['operator', 'supervisor', 'admin'] as const;
const serial = z.string().trim().min(1).max(40);
const job = z.number().int().positive();
const lanyard = z.object({ colour: z.string(), nameZh: z.string(), nameEn: z.string() });

/** At most this many cards of a job cross in one answer (the CLI's pack has them all). */
export const HANDOVER_CARDS_SHOWN = 2000;

export const handoverMethods = {
  /** The job's issued cards in handover order, with their lanyards, the totals to take from stock, and which were collected. */
  'handover.batch': method({
    params: z.object({ job, order: z.enum(['organisation', 'imported']).default('organisation') }).strict(),
    result: z.object({
      job,
      name: z.string(),
      /** Issued cards in the job; `cards` holds the first HANDOVER_CARDS_SHOWN of them. */
      total: z.number().int().nonnegative(),
      notIssued: z.number().int().nonnegative(),
      collected: z.number().int().nonnegative(),
      lanyards: z.array(lanyard.extend({ count: z.number().int().positive() })),
      cards: z.array(
        z.object({
          serial: z.string(),
          holderId: z.string(),
          name: z.string(),
          latinName: z.string(),
          organisation: z.string(),
          typeLetter: z.string(),
          typeColour: z.string(),
          lanyard,
          collected: z.boolean(),
        }),
      ),
    }),
    roles: counter,
  }),
  /**
   * The card laid on a desk reader: its chip read and verified offline (bound to the chip),
   * giving the badge's serial for handover.check. A chip that is not a badge of this event is
   * refused with the chip's own verdict.
   */
  'handover.read': method({
    params: z.object({ reader: z.string().min(1).max(200) }).strict(),
    result: z.object({ serial: z.string(), verdict: z.object({ valid: z.boolean(), code: z.string(), message: z.string() }) }),
    roles: counter,
  }),
  /** A scanned card before the identity check: whose it is and which document to ask for, or why it must not go out. */
  'handover.check': method({
    params: z.object({ serial, job: job.optional() }).strict(),
    result: z.object({
      serial: z.string(),
      holder: z.object({ id: z.string(), name: z.string(), latinName: z.string(), organisation: z.string() }),
      type: z.string(),
      typeName: z.object({ zh: z.string(), en: z.string() }),
      docType: z.string(),
      job: z.number().int().nullable(),
      photo: z.object({ dataUrl: z.string() }).nullable(),
      /**
       * Whether upstream has activated the holder (DOMAIN.md, clearance keys): `not-active`
       * (gates refuse the badge until it does; the card may still go out, with a word to the
       * holder), `active`, or `no-upstream` (a station without upstream has no such word).
       */
      activation: z.enum(['active', 'not-active', 'no-upstream']),
    }),
    roles: counter,
  }),
  /** The badge handed over, after the document's last four characters match (the holder's, or a listed representative's). */
  'handover.collect': method({
    params: z
      .object({
        serial,
        job: job.optional(),
        docLast4: z
          .string()
          .trim()
          .regex(/^[0-9A-Za-z]{4}$/, 'the last four letters or digits of the document'),
        representative: z.string().trim().min(1).max(200).optional(),
      })
      .strict(),
    result: z.object({
      serial: z.string(),
      to: z.enum(['holder', 'representative']),
      representative: z.string().optional(),
      check: z.enum(['document', 'sight']),
      seq: z.number().int().positive(),
    }),
    roles: counter,
  }),
};
