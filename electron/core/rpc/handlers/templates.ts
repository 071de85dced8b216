import { StationError } from '../../errors.ts';
import { demoEventWindow } from '../../keys/index.ts';
import type { CardData } from '../../render/index.ts';
import type { Handlers } from '../server.ts';
import type { StationAccess } from './station-access.ts';

/** Names scored widest by the query, measured in the card's font to pick the one that is. */
const CANDIDATES = 20;

/**
 * Widest first, roughly: a character counts 1, plus half its UTF-8 bytes past the first,
 * so a Chinese character (3 bytes, full width) counts 2 and a Latin letter 1, near enough
 * their widths on a card that the widest name is among the first few. One scan of the
 * holders of a type; the font then settles it exactly.
 */
const WIDEST_NAMES = `
  SELECT id, name, latin_name, organisation, country FROM holders WHERE type = ?
  ORDER BY length(name) + (length(CAST(name AS BLOB)) - length(name)) / 2.0 DESC, id LIMIT ${CANDIDATES}`;

interface HolderRow {
  id: string;
  name: string;
  latin_name: string;
  organisation: string;
  country: string;
}

export function templatesHandlers(access: StationAccess): Pick<Handlers, 'templates.preview'> {
  // The sample cards' portraits (sharp) take a second; made once for as long as the core runs.
  let samples: Promise<CardData[]> | undefined;
  return {
    'templates.preview': async ({ type: code, sample }) => {
      // Loaded on the first preview, not when the core starts: fonts and layouts cost ~0.3 s.
      const render = await import('../../render/index.ts');
      const { loadCatalog } = await import('../../catalog/index.ts');
      const catalog = loadCatalog();
      const type = code === undefined ? catalog.types[0] : catalog.type(code);
      if (!type)
        throw new StationError(
          'BADGE_TYPE_UNKNOWN',
          `There is no badge type "${code}" in this event's catalogue (templates/types.json): pick one of ${catalog.types.map((t) => t.code).join(', ')}.`,
        );
      const station = access.station();
      samples ??= render
        .demoCards(catalog, demoEventWindow(station.clock), () => 'SAMPLE NOT VALID')
        .catch((error: unknown) => {
          samples = undefined; // tried again on the next preview, not failed for good
          throw error;
        });
      const demo = (await samples).find((card) => card.type.code === type.code);
      if (!demo) throw new StationError('BADGE_TYPE_UNKNOWN', `The sample cards have no "${type.code}" card.`);
      // The dates a card prints are today's, not those of the day the samples were made.
      let card: CardData = { ...demo, event: render.eventOnCard(demoEventWindow(station.clock)) };
      let drawn: 'demo' | 'longest' = 'demo';
      if (sample === 'longest') {
        const fonts = render.badgeFonts();
        const rows = station.db.statement(WIDEST_NAMES).all(type.code) as HolderRow[];
        const widest = rows.reduce<HolderRow | undefined>(
          (best, row) => (best && fonts.width(best.name, 'bold') >= fonts.width(row.name, 'bold') ? best : row),
          undefined,
        );
        // The holder's words, the sample's portrait: the preview is about whether the name
        // fits, and a portrait of known size keeps the answer well inside one message
        // whatever photo was imported.
        if (widest) {
          card = { ...card, holder: { ...widest } };
          drawn = 'longest';
        }
      }
      // Catalogue and layouts read afresh each time: whoever is editing a layout sees each change.
      const rendered = render.layoutCard(render.layoutFor(render.loadLayouts(), card), card);
      const svg = render.cardSvg(rendered);
      return {
        types: catalog.types.map((t) => ({ code: t.code, nameZh: t.name_zh, nameEn: t.name_en })),
        type: type.code,
        sample: drawn,
        holder: { id: card.holder.id, name: card.holder.name },
        front: svg.front,
        ...(svg.back ? { back: svg.back } : {}),
        warnings: rendered.warnings.map(({ code: warning, side, element, message }) => ({
          code: warning,
          side,
          element,
          message,
        })),
      };
    },
  };
}
