/** A badge version from the station's database as a card to render: holder, type, zones, photo. */
import type { Catalog } from '../catalog/index.ts';
import { StationError } from '../errors.ts';
import type { Station } from '../station/index.ts';
import { type CardData, type CardPhoto, eventOnCard } from './card.ts';

interface Row {
  serial: string;
  type: string;
  zones: string;
  id: string;
  name: string;
  latin_name: string;
  organisation: string;
  country: string;
  hash: string | null;
  format: string | null;
}

/**
 * `payload` is the badge's barcode form, signed by the caller (the print job holds the key);
 * `validity` is the window its claims carry, which the card prints as the event's dates.
 */
export function cardForBadge(
  station: Station,
  catalog: Catalog,
  serial: string,
  payload: string,
  validity: { notBefore: number; expires: number },
): CardData {
  const row = station.db
    .statement(
      `SELECT v.serial, v.type, v.zones, h.id, h.name, h.latin_name, h.organisation, h.country, p.hash, p.format
       FROM badge_versions v JOIN holders h ON h.id = v.holder LEFT JOIN photos p ON p.hash = h.photo
       WHERE v.serial = ?`,
    )
    .get(serial) as Row | undefined;
  if (!row) throw new StationError('BADGE_NOT_FOUND', `No badge has the serial ${serial}: check it with badge-station search.`);
  const type = catalog.type(row.type);
  if (!type)
    throw new StationError(
      'BADGE_TYPE_UNKNOWN',
      `Badge ${serial} has the type "${row.type}", which this event's catalogue does not know.`,
    );
  const codes = new Set(row.zones.split(/[\s,;]+/).filter(Boolean));
  return {
    kind: 'badge',
    holder: { id: row.id, name: row.name, latin_name: row.latin_name, organisation: row.organisation, country: row.country },
    type,
    zones: catalog.zones.filter((zone) => codes.has(zone.code)),
    allZones: catalog.zones,
    serial: row.serial,
    payload,
    photo: row.hash ? storedPhoto(station, row.hash) : undefined,
    event: eventOnCard(validity),
  };
}

/** The holder's photo from the station's encrypted store, or why it could not be read. */
function storedPhoto(station: Station, hash: string): CardPhoto {
  try {
    return { bytes: station.photos.readSync(hash) };
  } catch (error) {
    if (error instanceof StationError)
      return { problem: error.code === 'PHOTO_MISSING' ? 'the photo file is missing' : 'the photo file is damaged' };
    throw error;
  }
}
