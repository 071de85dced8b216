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
  /** A sign-in was refused (wrong secret, locked, disabled): the name tried and why. */
  'SIGN_IN_REFUSED',
  /** Five refusals in a row: the user is locked out until the time recorded. */
  'USER_LOCKED_OUT',
  'USER_SIGNED_OUT',
  /** An admin (or the first run) added a user: name and role, never the secret. */
  'USER_ADDED',
  /** An admin changed a user's role, secret or access (what changed, never the secret). */
  'USER_CHANGED',
  /** A signed-in user called what their role may not (the method and the role). */
  'ACCESS_REFUSED',
  /** A print job cancelled: its cards not yet in a printer will not print (who asked, who approved). */
  'JOB_CANCELLED',
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
  /** A station kept in clear by an older Badge Station was encrypted at rest (how many photos moved in). */
  'STATION_ENCRYPTED',
  /** A backup was written (where, the ledger's head it holds); a failed one is recorded too, saying why. */
  'STATION_BACKED_UP',
  /** The station was restored from a backup (its time, the head it held, whether a station was moved aside). */
  'STATION_RESTORED',
] as const;

export type LedgerEventType = (typeof LEDGER_EVENT_TYPES)[number];

const known = new Set<string>(LEDGER_EVENT_TYPES);

export function isLedgerEventType(type: string): type is LedgerEventType {
  return known.has(type);
}
