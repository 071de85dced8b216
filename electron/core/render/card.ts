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

export const DEFAULT_EVENT: EventInfo = {
  name_zh: '国际进口博览会',
  name_en: 'International Import Expo',
  dates: '2026-11-05 — 11-10',
};

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
