/**
 * A badge's card as the pipeline prints it: the holder's data, the barcode form of the
 * payload signed now by this station, laid out by the badge type's layout, drawn as a PDF
 * with the printer's own calibration (applied here, never baked into the layout).
 */
import type { Catalog } from '../catalog/index.ts';
import { badgeClaims, badgeForChip } from '../chips/index.ts';
import { StationError } from '../errors.ts';
import type { StationKeyring } from '../keys/index.ts';
import { barcodeForm } from '../payload/index.ts';
import {
  type Calibration,
  cardPdf,
  type EngineContext,
  engineContext,
  type Layout,
  layoutCard,
  layoutFor,
  loadLayouts,
  type RenderedCard,
} from '../render/index.ts';
import { cardForBadge } from '../render/station-card.ts';
import type { Station } from '../station/index.ts';

export interface CardFace {
  serial: string;
  rendered: RenderedCard;
  /** The lanyard that goes with this card, for the operator putting badges in sleeves. */
  lanyard: { colour: string; name_zh: string; name_en: string };
}

export class CardFaces {
  readonly #station: Station;
  readonly #catalog: Catalog;
  readonly #keyring: StationKeyring;
  readonly #layouts: ReadonlyMap<string, Layout>;
  readonly #context: EngineContext;

  constructor(station: Station, catalog: Catalog, keyring: StationKeyring, layoutsDir?: string) {
    this.#station = station;
    this.#catalog = catalog;
    this.#keyring = keyring;
    this.#layouts = loadLayouts(layoutsDir);
    this.#context = engineContext();
  }

  /** Signs the barcode form and lays the card out; a card that cannot be laid out says why. */
  face(serial: string): CardFace {
    const badge = badgeForChip(this.#station, serial);
    if (!badge) throw new StationError('BADGE_NOT_FOUND', `No badge has the serial ${serial}.`);
    const payload = barcodeForm(badgeClaims(badge, this.#catalog, this.#keyring), this.#keyring.signer);
    const card = cardForBadge(this.#station, this.#catalog, serial, payload);
    try {
      return { serial, rendered: layoutCard(layoutFor(this.#layouts, card), card, this.#context), lanyard: card.type.lanyard };
    } catch (error) {
      if (error instanceof StationError) throw error;
      throw new StationError('RENDER_FAILED', `Badge ${serial} could not be laid out: ${(error as Error).message}`, { serial });
    }
  }

  pdf(face: CardFace, calibration?: Calibration): Promise<Buffer> {
    return cardPdf(face.rendered, calibration, this.#context.fonts);
  }
}
