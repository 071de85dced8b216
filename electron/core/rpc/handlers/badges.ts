/** Voiding and reissuing a badge at the desk, with the supervisor's approval given on the spot (approval.ts). */
import { reissueBadge, voidBadge } from '../../badges/index.ts';
import { loadCatalog } from '../../catalog/index.ts';
import { JobStore } from '../../jobs/index.ts';
import type { Handlers } from '../server.ts';
import { approvalFor } from './approval.ts';
import { actorOf } from './session.ts';
import type { StationAccess } from './station-access.ts';

/**
 * `printing`: the desk's print run now, if any. A reprint made while one prints is taken by
 * its printers first; made while none does, its job waits (paused) to be started on its
 * own or to ride along with the next run.
 */
export function badgesHandlers(
  access: StationAccess,
  printing: () => number | undefined,
): Pick<Handlers, 'badges.reissue' | 'badges.void'> {
  return {
    'badges.reissue': async ({ serial, reason, type, approval }, call) => {
      const station = access.station();
      const approved = await approvalFor(station, call.caller, 'badges.reissue', approval);
      const made = reissueBadge(station, loadCatalog(), {
        serial,
        reason,
        actor: actorOf(call),
        approval: approved,
        ...(type === undefined ? {} : { type }),
      });
      if (printing() === undefined) new JobStore(station.db, station.ledger).pause(made.job);
      return {
        revoked: made.revoked,
        serial: made.badge.serial,
        type: made.badge.type,
        job: made.job,
        reprints: made.reprints,
        approvedBy: approved.actor,
      };
    },
    'badges.void': async ({ serial, reason, approval }, call) => {
      const station = access.station();
      const approved = await approvalFor(station, call.caller, 'badges.void', approval);
      const voided = voidBadge(station, { serial, reason, actor: actorOf(call), approval: approved });
      return { serial: voided.serial, approvedBy: approved.actor };
    },
  };
}
