/** What a valid types.json and zones.json look like. */
import { z } from 'zod';

const colour = z.string().regex(/^#[0-9A-Fa-f]{6}$/, 'must be a colour like #1F5FBF');
const zoneCode = z.string().regex(/^[A-Z][A-Z0-9]$/, 'must be two capitals or a capital and a digit, like H1 or VL');

export const zoneSchema = z.strictObject({
  code: zoneCode,
  /** The zone's bit in the chip payload's 32-bit zone mask: never reuse one within an event. */
  bit: z.int().min(0, 'must be 0 to 31').max(31, 'must be 0 to 31'),
  name_zh: z.string().min(1, 'must not be empty'),
  name_en: z.string().min(1, 'must not be empty'),
  public: z.boolean(),
});

export const zonesFileSchema = z.strictObject({
  zones: z.array(zoneSchema).min(1, 'must list at least one zone').max(32, 'at most 32 zones fit the zone mask'),
});

export const badgeTypeSchema = z.strictObject({
  code: z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be lower-case letters, digits or _, like exhibitor'),
  name_zh: z.string().min(1, 'must not be empty'),
  name_en: z.string().min(1, 'must not be empty'),
  letter: z.string().regex(/^[A-Z]$/, 'must be one capital letter'),
  card_colour: colour,
  lanyard: z.strictObject({
    colour,
    name_zh: z.string().min(1, 'must not be empty'),
    name_en: z.string().min(1, 'must not be empty'),
  }),
  default_zones: z.array(zoneCode),
  /**
   * Reprints a holder of this type may have on a supervisor's approval; the next needs an
   * admin's (badges/reissue.ts). 2 when not given: the third reprint goes to an admin.
   */
  reprints_before_admin: z.number().int().min(0).max(8).optional(),
});

export const typesFileSchema = z.strictObject({
  types: z.array(badgeTypeSchema).min(1, 'must list at least one badge type'),
});

export type Zone = z.infer<typeof zoneSchema>;
export type BadgeType = z.infer<typeof badgeTypeSchema>;
