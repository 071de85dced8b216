import { loadCatalog } from '../../catalog/index.ts';
import { readChip } from '../../chips/index.ts';
import { StationError } from '../../errors.ts';
import { badgeForHandover, collectBadge, handoverBatch } from '../../handover/index.ts';
import { readStationTrust } from '../../keys/index.ts';
import { holderFile } from '../../roster/index.ts';
import { upstreamPlaceOf } from '../../upstream/index.ts';
import { HANDOVER_CARDS_SHOWN } from '../contract/handover.ts';
import type { Handlers } from '../server.ts';
import { actorOf } from './session.ts';
import type { StationAccess } from './station-access.ts';

/** Until users and roles exist (the roles issue), the desk acts as this, as its chips screen does. */

export function handoverHandlers(
  access: StationAccess,
): Pick<Handlers, 'handover.batch' | 'handover.read' | 'handover.check' | 'handover.collect'> {
  return {
    'handover.batch': ({ job, order }) => {
      const station = access.station();
      const batch = handoverBatch(station, loadCatalog(), job, order);
      // The job's collections: the ledger's BADGE_COLLECTED on its badges, by the index by subject.
      const collected = new Set(
        (
          station.db
            .statement(
              `SELECT i.serial FROM job_items i JOIN ledger_events e ON e.subject = 'badge:' || i.serial
               WHERE i.job = ? AND e.type = 'BADGE_COLLECTED'`,
            )
            .all(job) as { serial: string }[]
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
    'handover.read': async ({ reader }) => {
      if (!access.devices)
        throw new StationError('CHIP_READER_GONE', 'This desk has no readers wired in: start it with npm start.');
      const station = access.station();
      const report = await access.devices.withDeskCard(access.dataDir, reader, (card) =>
        readChip(station, readStationTrust(access.dataDir), card),
      );
      // A revoked badge's chip still names its badge: the check that follows refuses it in words.
      if (!report.badge || report.badge.status === 'unknown')
        throw new StationError(
          'BADGE_NOT_FOUND',
          `The card on ${reader} is not a badge of this event: ${report.verdict.message}`,
        );
      return {
        serial: report.badge.serial,
        verdict: { valid: report.verdict.valid, code: report.verdict.code, message: report.verdict.message },
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
        // Nothing from upstream for a connected station's holder means upstream has not activated them either.
        activation:
          upstreamPlaceOf(access.dataDir) === undefined && !file.clearance
            ? ('no-upstream' as const)
            : file.clearance?.active
              ? ('active' as const)
              : ('not-active' as const),
      };
    },
    'handover.collect': ({ serial, job, docLast4, representative }, call) => {
      const collected = collectBadge(access.station(), {
        serial,
        job,
        actor: actorOf(call),
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
