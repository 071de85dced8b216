/**
 * What a station's revoking ledger events revoke, read from their data as the station that
 * wrote them wrote it (badges/badges.ts, badges/reissue.ts, chips/encode.ts): a voided
 * badge (no version of it is good any more), a reprinted one (versions below the new one),
 * a replaced chip (its UID). Upstream gives other stations these events (pull.ts) and
 * builds the gates' revocation list from them (publish.ts).
 */
import { parseSerial, type Serial } from '../badges/index.ts';

export const REVOKING_EVENTS = ['BADGE_VOIDED', 'BADGE_REPRINTED', 'CHIP_REPLACED'] as const;

/** What a revoking event revokes, read from its data as the station that wrote it wrote it (badges/, chips/). */
export function revocationOf(
  type: string,
  data: Record<string, unknown>,
): { serial?: Serial; minVersion: number; chip?: string } | undefined {
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  switch (type) {
    case 'BADGE_VOIDED': {
      const serial = parseSerial(text(data.serial));
      return serial ? { serial, minVersion: serial.version + 1 } : undefined;
    }
    case 'BADGE_REPRINTED': {
      const serial = parseSerial(text(data.revoked));
      return serial ? { serial, minVersion: serial.version + 1 } : undefined;
    }
    case 'CHIP_REPLACED':
      return text(data.revokedUid) ? { minVersion: 0, chip: text(data.revokedUid) } : undefined;
  }
  return undefined;
}
