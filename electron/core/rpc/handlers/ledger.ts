// Straight from its module: the ledger's door (index.ts) is being edited by others meanwhile.
import { ledgerExportPage } from '../../ledger/export.ts';
import { verifyLedgerInTurns } from '../../ledger/index.ts';
import { ledgerChecks } from '../../ledger-checks.ts';
import { peopleByActor } from '../../users/index.ts';
import type { Handlers } from '../server.ts';
import type { StationAccess } from './station-access.ts';

/**
 * A page's share of the socket's 1 MB: half of it for the file's text, counted JSON-escaped,
 * leaves the frame around it plenty of room. A page of ~1,500 events, a few milliseconds' work.
 */
export const EXPORT_PAGE_BYTES = 512 * 1024;

export function ledgerHandlers(access: StationAccess): Pick<Handlers, 'ledger.verify' | 'ledger.recent' | 'ledger.export'> {
  return {
    'ledger.verify': async () => {
      const station = access.station();
      // As `badge-station ledger verify` does (its certificate, upstream's acknowledged head).
      const verdict = await verifyLedgerInTurns(station.db, station.ledger, ledgerChecks(station));
      return {
        intact: verdict.intact,
        events: verdict.events,
        checkpoints: { total: verdict.checkpoints.total, signed: verdict.checkpoints.signed },
        ...(verdict.problem ? { problem: verdict.problem.message, kind: verdict.problem.kind, seq: verdict.problem.seq } : {}),
      };
    },
    'ledger.recent': ({ limit }) => {
      const station = access.station();
      const ledger = station.ledger;
      const named = peopleByActor(station);
      const head = ledger.head()?.seq ?? 0;
      const events = [];
      for (const { seq, at, type, actor, subject, data } of ledger.events(Math.max(1, head - limit + 1))) {
        if (seq > head) break; // appended since the head was read: the next refresh shows it
        const by = named(actor);
        events.push({ seq, at, type, actor, ...(by ? { by } : {}), subject, data });
      }
      return { events: events.reverse() };
    },
    'ledger.export': ({ format, from, through }) => {
      const station = access.station();
      const head = station.ledger.head()?.seq ?? 0;
      // Never past the head: a page asked beyond it gets nothing rather than an error.
      const last = Math.min(through ?? head, head);
      const page = ledgerExportPage(station.ledger.events(from), format, { from, through: last, maxBytes: EXPORT_PAGE_BYTES });
      return {
        format,
        text: page.text,
        events: page.events,
        through: last,
        next: page.next,
        fileName: `ledger-station-${station.number}-events-1-${last}.${format}`,
      };
    },
  };
}
