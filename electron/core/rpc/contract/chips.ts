/**
 * The Chips screen (technician work): read the card on a desk reader (its verdict, its
 * badge, whether it is current or revoked), encode a chip for a badge, wipe a test card;
 * on a demo station, place a demo card on the virtual desk encoder first.
 */
import { z } from 'zod';
import { approval, method } from './spec.ts';

const technician = ['technician', 'admin'] as const;

const readerName = z.string().min(1).max(200);
/** A real station's passphrase, to unlock its key; a demo station needs none. */
const passphrase = z.string().min(1).max(500).optional();

const demoCard = z.object({ uid: z.string(), from: z.string(), writtenAt: z.number().optional() });

export const chipReport = z.object({
  uid: z.string(),
  reader: z.string(),
  model: z.string(),
  capacity: z.number().int(),
  protected: z.boolean(),
  /** Nothing on the chip at all. */
  empty: z.boolean(),
  verdict: z.object({ valid: z.boolean(), code: z.string(), message: z.string() }),
  /** The badge the chip names, as this station knows it. */
  badge: z
    .object({
      serial: z.string(),
      status: z.enum(['active', 'revoked', 'unknown']),
      holder: z.object({ id: z.string(), name: z.string() }).optional(),
      type: z.object({ code: z.string(), nameEn: z.string(), nameZh: z.string() }).optional(),
      revokedAt: z.number().optional(),
      revokeReason: z.string().optional(),
    })
    .optional(),
  /** This chip as the station's chip registry has it. */
  chip: z.object({ status: z.enum(['current', 'revoked', 'wiped']), serial: z.string() }).optional(),
  payload: z.object({ notBefore: z.string(), expires: z.string(), zones: z.array(z.string()) }).optional(),
});

export const chipsMethods = {
  'chips.read': method({
    params: z.object({ reader: readerName }).strict(),
    result: chipReport,
    roles: technician,
    timeoutMs: 20_000,
  }),
  /**
   * Encodes the card on the reader for a badge: written, read back, verified and
   * protected; a replacement when the badge had a chip (the old one is revoked). A card
   * the chip refused is rejected (`ok: false`, its reason), and nothing is bound.
   */
  'chips.encode': method({
    params: z.object({ reader: readerName, serial: z.string().min(1).max(40), passphrase }).strict(),
    result: z.discriminatedUnion('ok', [
      z.object({
        ok: z.literal(true),
        event: z.enum(['CHIP_ENCODED', 'CHIP_REPLACED']),
        serial: z.string(),
        uid: z.string(),
        model: z.string(),
        revokedUid: z.string().optional(),
        ms: z.number(),
      }),
      z.object({ ok: z.literal(false), serial: z.string(), uid: z.string(), code: z.string(), message: z.string() }),
    ]),
    roles: technician,
    timeoutMs: 30_000,
  }),
  /** Wipes a test or voided card for reuse; a live badge's card is refused (CHIP_LIVE). */
  /**
   * A card that only looks live (a valid badge this station does not hold as current) is
   * wiped on a supervisor's approval typed at the desk (APPROVAL_NEEDED without one); the
   * current chip of a live badge here never is (CHIP_LIVE).
   */
  'chips.wipe': method({
    params: z.object({ reader: readerName, passphrase, approval: approval.optional() }).strict(),
    result: z.object({ uid: z.string(), was: z.string() }),
    roles: technician,
    timeoutMs: 30_000,
  }),
  /** The demo cards a technician can place on a virtual desk encoder (those the demo printers encoded, and the desk's own). */
  'chips.demoCards': method({
    params: z.object({}).strict(),
    result: z.object({
      cards: z.array(
        // The badge a card's chip is bound to at this station, so the technician picks the card by its face.
        demoCard.extend({ badge: z.object({ serial: z.string(), name: z.string(), status: z.string() }).optional() }),
      ),
    }),
    roles: technician,
  }),
  /** Places a demo card (by chip UID) or a new blank card (`uid: null`) on a virtual desk encoder. */
  'chips.placeDemoCard': method({
    params: z.object({ reader: readerName, uid: z.string().max(20).nullable() }).strict(),
    result: demoCard,
    roles: technician,
  }),
  'chips.takeDemoCard': method({
    params: z.object({ reader: readerName }).strict(),
    result: z.object({ reader: z.string() }),
    roles: technician,
  }),
};
