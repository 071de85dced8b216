/**
 * What one card is rendered from: the holder, the badge type, the badge, the event.
 *
 * Plain data that crosses to worker threads as is. Photos travel as bytes (or a path a
 * worker reads itself), never as decoded pixels.
 */
import type { BadgeType, Zone } from '../catalog/index.ts';

/** Calibration, test and training cards are marked as such and carry no event serial or payload. */
export type CardKind = 'badge' | 'calibration' | 'test' | 'training';

export interface CardHolder {
  id: string;
  name: string;
  /** The passport (Latin) name: used when the name cannot be printed as written. */
  latin_name: string;
  organisation: string;
  country: string;
}

export interface CardPhoto {
  /** The photo's bytes (JPEG or PNG), or a path to read them from. */
  bytes?: Uint8Array;
  path?: string;
  /** Why the holder's stored photo could not be had (a file gone or damaged): drawn as missing, saying so. */
  problem?: string;
}

export interface EventInfo {
  name_zh: string;
  name_en: string;
  dates: string;
}

export interface CardData {
  kind: CardKind;
  holder: CardHolder;
  type: BadgeType;
  /** The zones granted, in the catalogue's order. */
  zones: readonly Zone[];
  /** Every zone of the event, for legends that grey out the others. */
  allZones: readonly Zone[];
  serial: string;
  /** The payload's barcode form (`BS1:...`); empty on cards that carry none. */
  payload: string;
  photo?: CardPhoto | undefined;
  event: EventInfo;
}

/** The event's name as its cards print it. */
export const EVENT_NAME: Omit<EventInfo, 'dates'> = {
  name_zh: '国际进口博览会',
  name_en: 'International Import Expo',
};

/**
 * The event as a card prints it: its name, and the days its payload is valid (seconds
 * since the epoch, as the claims carry them). The dates printed are the dates the gates
 * will accept, never a constant beside them.
 */
export function eventOnCard(validity: { notBefore: number; expires: number }): EventInfo {
  return { ...EVENT_NAME, dates: printedDates(validity.notBefore, validity.expires) };
}

/**
 * "2026-11-05 — 11-10", or "2026-12-30 — 2027-01-04" across a year: the first and the last
 * day of validity on the station's own calendar (the office is where the event is).
 */
export function printedDates(notBefore: number, expires: number): string {
  const first = calendarDay(notBefore);
  // `expires` is the first second that is no longer valid.
  const last = calendarDay(Math.max(notBefore, expires - 1));
  return `${first.join('-')} — ${(first[0] === last[0] ? last.slice(1) : last).join('-')}`;
}

function calendarDay(seconds: number): string[] {
  const date = new Date(seconds * 1000);
  return [String(date.getFullYear()), String(date.getMonth() + 1).padStart(2, '0'), String(date.getDate()).padStart(2, '0')];
}

/** What a non-badge card says of itself, in both languages, across its face. */
export const KIND_MARK: Record<Exclude<CardKind, 'badge'>, string> = {
  calibration: '校准卡 CALIBRATION',
  test: '测试卡 TEST CARD',
  training: '培训卡 TRAINING',
};

/** The placeholder serial and barcode text of a card that is not a badge: no event serial, nothing that verifies. */
export function nonBadgeSerial(kind: Exclude<CardKind, 'badge'>): string {
  return `${kind.toUpperCase()}-NOT-VALID`;
}
