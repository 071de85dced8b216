/**
 * What the ledger can record. A closed list: an event the office cannot name is a bug.
 * Later issues add their events here (and nowhere else).
 */
export const LEDGER_EVENT_TYPES = [
  'STATION_INITIALISED',
  'BADGE_ISSUED',
  'BADGE_PRINTED',
  'CHIP_ENCODED',
  'CHIP_VERIFIED',
  'CARD_REJECTED',
  'BADGE_VOIDED',
  'BADGE_REPRINTED',
  'CHIP_REPLACED',
  'CHIP_WIPED',
  'BADGE_COLLECTED',
  'KEY_EVENT',
  /**
   * The station received its certificate (its key joined the event). From this event on,
   * every checkpoint is signed; `ledger verify` refuses an unsigned one.
   */
  'STATION_ENROLLED',
  'USER_SIGNED_IN',
  'ROSTER_IMPORTED',
  'BADGE_CREATED',
  /** A card's print failed at the printer (jam, aborted): the card is spoiled or needs a person. */
  'PRINT_FAILED',
  /** A card was sent to a printer again, and why (the printer never received the first). */
  'PRINT_INTERRUPTED',
  /** A badge was not handed over: the document did not match, or the person is not the organisation's representative. */
  'COLLECTION_REFUSED',
  /** Someone may collect an organisation's badges (their name, document type and its last four characters). */
  'REPRESENTATIVE_ADDED',
] as const;

export type LedgerEventType = (typeof LEDGER_EVENT_TYPES)[number];

const known = new Set<string>(LEDGER_EVENT_TYPES);

export function isLedgerEventType(type: string): type is LedgerEventType {
  return known.has(type);
}
