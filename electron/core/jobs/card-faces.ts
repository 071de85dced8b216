/**
 * A badge's card as the pipeline prints it: the holder's data and the barcode form of the
 * payload signed now, on the main thread (the only one holding the station key), then
 * laid out and drawn as a PDF on the card press's threads, with the printer's own
 * calibration (applied as it is drawn, never baked into the layout).
 */
import type { Catalog } from '../catalog/index.ts';
import { badgeClaims, badgeForChip } from '../chips/index.ts';
import { StationError } from '../errors.ts';
import type { StationKeyring } from '../keys/index.ts';
import { barcodeForm } from '../payload/index.ts';
import { type Calibration, type CardData, layoutFor, loadLayouts } from '../render/index.ts';
import { cardForBadge } from '../render/station-card.ts';
import type { Station } from '../station/index.ts';
import { CardPress, type DrawnCard } from './card-press.ts';

export interface CardFace {
  serial: string;
  card: CardData;
  /** The lanyard that goes with this card, for the operator putting badges in sleeves. */
  lanyard: { colour: string; name_zh: string; name_en: string };
  /** Its layout has a back: the printer prints both sides. */
  twoSided: boolean;
}

export class CardFaces {
  readonly #station: Station;
  readonly #catalog: Catalog;
  readonly #keyring: StationKeyring;
  readonly #press: CardPress;
  readonly #layouts: ReturnType<typeof loadLayouts>;

  constructor(
    station: Station,
    catalog: Catalog,
    keyring: StationKeyring,
    options: { threads?: number; layoutsDir?: string } = {},
  ) {
    this.#station = station;
    this.#catalog = catalog;
    this.#keyring = keyring;
    this.#press = new CardPress(options);
    this.#layouts = loadLayouts(...(options.layoutsDir ? [options.layoutsDir] : []));
  }

  /** The card's data with its barcode form signed now. */
  face(serial: string): CardFace {
    const badge = badgeForChip(this.#station, serial);
    if (!badge) throw new StationError('BADGE_NOT_FOUND', `No badge has the serial ${serial}.`);
    const claims = badgeClaims(badge, this.#catalog, this.#keyring);
    const payload = barcodeForm(claims, this.#keyring.signer);
    const card = cardForBadge(this.#station, this.#catalog, serial, payload, claims);
    return { serial, card, lanyard: card.type.lanyard, twoSided: layoutFor(this.#layouts, card).back !== undefined };
  }

  /** Front and back as one PDF for the spooler; a card that cannot be drawn says why (RENDER_FAILED ...). */
  async pdf(face: CardFace, calibration?: Calibration): Promise<Uint8Array> {
    return (await this.#press.draw(face.card, calibration)).pdf;
  }

  /** The PDF with what the renderer had to say about the card (a name made smaller, a glyph missing). */
  draw(face: CardFace, calibration?: Calibration): Promise<DrawnCard> {
    return this.#press.draw(face.card, calibration);
  }

  close(): Promise<void> {
    return this.#press.close();
  }
}
