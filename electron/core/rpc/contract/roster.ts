/** The roster: finding holders, listing them page by page, and one holder's file. */
import { z } from 'zod';
import { everyone, method } from './spec.ts';

/** Whether a holder has a badge that works (active), had badges that were all revoked, or never had one. */
export const badgeStatus = z.enum(['active', 'none', 'revoked']);

export const rosterFilters = z
  .object({
    /** A badge type's code (templates/types.json), e.g. "exhibitor". */
    type: z
      .string()
      .regex(/^[a-z0-9_-]{1,40}$/)
      .optional(),
    /** The start of the organisation's name, as typed (case, spaces and punctuation do not matter). */
    organisation: z.string().min(1).max(200).optional(),
    /** A zone's code (templates/zones.json), e.g. "H1". */
    zone: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,20}$/)
      .optional(),
    badge: badgeStatus.optional(),
    /** ready: upstream activated the holder (every clearance key held); waiting: not yet, or nothing from upstream. */
    clearance: z.enum(['ready', 'waiting']).optional(),
  })
  .strict();

/** Clearance keys and activation as upstream last gave them; null: nothing from upstream for this holder. */
const clearance = z.object({ active: z.boolean(), keys: z.record(z.string(), z.union([z.boolean(), z.string()])) }).nullable();

/** The largest page: a tall screen shows ~60 rows, so a page is several screens of scrolling. */
export const MAX_ROSTER_PAGE = 500;

const rosterRow = z.object({
  id: z.string(),
  name: z.string(),
  latinName: z.string(),
  organisation: z.string(),
  type: z.string(),
  zones: z.array(z.string()),
  /** The active badge's serial; when every badge was revoked, the last one's; null without badges. */
  serial: z.string().nullable(),
  badgeStatus,
  clearance,
});

/** A search hit: the row as the roster lists it. */
const holderHit = rosterRow;

const historyEvent = z.object({
  seq: z.number().int(),
  at: z.number().int(),
  type: z.string(),
  actor: z.string(),
  serial: z.string(),
  printer: z.string().optional(),
  job: z.number().int().optional(),
  /** A rejection's or failure's code, or a reprint's reason. */
  reason: z.string().optional(),
  chip: z.string().optional(),
  /** The shown name of the person the actor is (a signed-in user), and of whoever approved it for them. */
  by: z.string().optional(),
  approvedBy: z.string().optional(),
});

const badgeVersion = z.object({
  serial: z.string(),
  version: z.number().int(),
  type: z.string(),
  zones: z.array(z.string()),
  status: z.enum(['active', 'revoked']),
  revokeReason: z.string().nullable(),
  createdAt: z.number().int(),
  revokedAt: z.number().int().nullable(),
});

export const rosterMethods = {
  'roster.search': method({
    params: z.object({ query: z.string().max(200), limit: z.number().int().min(1).max(200).optional() }).strict(),
    result: z.object({ holders: z.array(holderHit) }),
    roles: everyone,
  }),
  /**
   * A page of the roster for a scrolling table: rows offset..offset+limit of the holders the
   * filters keep, in holder id order (by organisation when filtered by one), and how many
   * there are in all.
   */
  'roster.page': method({
    params: z
      .object({
        offset: z.number().int().min(0).max(100_000_000),
        limit: z.number().int().min(1).max(MAX_ROSTER_PAGE),
        filters: rosterFilters.optional(),
      })
      .strict(),
    result: z.object({ total: z.number().int().nonnegative(), offset: z.number().int(), rows: z.array(rosterRow) }),
    roles: everyone,
  }),
  /** The badge types and zones of the event, for the filters' choices. */
  'roster.filters': method({
    params: z.object({}).strict(),
    result: z.object({
      types: z.array(z.object({ code: z.string(), nameZh: z.string(), nameEn: z.string() })),
      zones: z.array(z.object({ code: z.string(), nameZh: z.string(), nameEn: z.string() })),
    }),
    roles: everyone,
  }),
  /** One holder's file: every field, the photo, and each badge with its versions and its history in the ledger. */
  'roster.holder': method({
    params: z.object({ id: z.string().min(1).max(200) }).strict(),
    result: z.object({
      holder: z.object({
        id: z.string(),
        name: z.string(),
        latinName: z.string(),
        organisation: z.string(),
        country: z.string(),
        docType: z.string(),
        docNumber: z.string(),
        type: z.string(),
        zones: z.array(z.string()),
        updatedAt: z.number().int(),
      }),
      /** A data: URL; a photo too large for a message comes as a smaller JPEG of itself. */
      photo: z
        .object({ format: z.enum(['jpeg', 'png']), width: z.number().int(), height: z.number().int(), dataUrl: z.string() })
        .nullable(),
      badges: z.array(
        z.object({
          badge: z.number().int(),
          createdAt: z.number().int(),
          versions: z.array(badgeVersion),
          /** The ledger's events on this badge's serials, oldest first. */
          history: z.array(historyEvent),
        }),
      ),
      /** A badge of theirs reported stolen: the gates watch for that card. */
      gateFlags: z.array(z.object({ reason: z.string(), serial: z.string(), at: z.number().int() })),
      clearance,
    }),
    roles: everyone,
  }),
};
