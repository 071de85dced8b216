import { loadCatalog } from '../../catalog/index.ts';
import { badgeForHandover, collectBadge, handoverBatch } from '../../handover/index.ts';
import { holderFile } from '../../roster/index.ts';
import { HANDOVER_CARDS_SHOWN } from '../contract/handover.ts';
import type { Handlers } from '../server.ts';
import type { StationAccess } from './station-access.ts';

/** Until users and roles exist (the roles issue), the desk acts as this, as its chips screen does. */
const ACTOR = 'system:desk';

export function handoverHandlers(
  access: StationAccess,
): Pick<Handlers, 'handover.batch' | 'handover.check' | 'handover.collect'> {
  return {
    'handover.batch': ({ job, order }) => {
      const station = access.station();
      const batch = handoverBatch(station, loadCatalog(), job, order);
      // The job's collections: the ledger's BADGE_COLLECTED from the job's start, by the type-and-time index.
      const created = (station.db.statement('SELECT created_at FROM print_jobs WHERE id = ?').get(job) as { created_at: number })
        .created_at;
      const collected = new Set(
        (
          station.db
            .statement(
              `SELECT json_extract(data, '$.serial') AS serial FROM ledger_events WHERE type = 'BADGE_COLLECTED' AND at >= ?`,
            )
            .all(created) as { serial: string }[]
        ).map((row) => row.serial),
      );
      const lanyards = new Map<string, { colour: string; nameZh: string; nameEn: string; count: number }>();
      for (const card of batch.cards) {
        const { colour, name_zh: nameZh, name_en: nameEn } = card.type.lanyard;
        const entry = lanyards.get(colour) ?? { colour, nameZh, nameEn, count: 0 };
        entry.count += 1;
        lanyards.set(colour, entry);
      }
      return {
        job,
        name: batch.name,
        total: batch.cards.length,
        notIssued: batch.notIssued,
        collected: batch.cards.filter((card) => collected.has(card.serial)).length,
        lanyards: [...lanyards.values()],
        cards: batch.cards.slice(0, HANDOVER_CARDS_SHOWN).map((card) => ({
          serial: card.serial,
          holderId: card.holderId,
          name: card.name,
          latinName: card.latinName,
          organisation: card.organisation,
          typeLetter: card.type.letter,
          typeColour: card.type.card_colour,
          lanyard: { colour: card.type.lanyard.colour, nameZh: card.type.lanyard.name_zh, nameEn: card.type.lanyard.name_en },
          collected: collected.has(card.serial),
        })),
      };
    },
    'handover.check': async ({ serial, job }) => {
      const station = access.station();
      const badge = badgeForHandover(station, serial, job);
      const file = await holderFile(station, badge.holder.id);
      const type = loadCatalog().type(badge.type);
      return {
        ...badge,
        typeName: { zh: type?.name_zh ?? badge.type, en: type?.name_en ?? badge.type },
        photo: file.photo ? { dataUrl: file.photo.dataUrl } : null,
      };
    },
    'handover.collect': ({ serial, job, docLast4, representative }) => {
      const collected = collectBadge(access.station(), {
        serial,
        job,
        actor: ACTOR,
        to: representative ? { kind: 'representative', name: representative, docLast4 } : { kind: 'holder', docLast4 },
      });
      return {
        serial: collected.serial,
        to: collected.to,
        ...(collected.representative ? { representative: collected.representative } : {}),
        check: collected.check,
        seq: collected.seq,
      };
    },
  };
}
