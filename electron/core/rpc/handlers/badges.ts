/**
 * Voiding and reissuing a badge at the desk, with the supervisor's approval given on the
 * spot: the approver's name and password are checked here, in the core, once, and never
 * kept; the operator stays signed in.
 */
import { type Approval, reissueBadge, voidBadge } from '../../badges/index.ts';
import { loadCatalog } from '../../catalog/index.ts';
import { StationError } from '../../errors.ts';
import { JobStore } from '../../jobs/index.ts';
import type { Station } from '../../station/index.ts';
import { type Caller, checkCredentials, userActor } from '../../users/index.ts';
import type { Handlers } from '../server.ts';
import { actorOf } from './session.ts';
import type { StationAccess } from './station-access.ts';

/**
 * Who approves: the supervisor or admin named in `given`, checked now; else the caller
 * when they are one. A refused approver is recorded as a refused access, under their name.
 */
async function approvalFor(
  station: Station,
  caller: Caller | undefined,
  method: string,
  given: { name: string; secret: string } | undefined,
): Promise<Approval> {
  if (given) {
    const approver = await checkCredentials(station, given.name, given.secret, 'approval');
    if (approver.role !== 'supervisor' && approver.role !== 'admin') {
      station.ledger.append({
        type: 'ACCESS_REFUSED',
        actor: userActor(approver.id),
        data: { method, role: approver.role, approval: true },
      });
      throw new StationError(
        'APPROVAL_REFUSED',
        `${approver.displayName} is ${approver.role === 'operator' ? 'an operator' : `a ${approver.role}`}: a supervisor or an admin approves this.`,
      );
    }
    return { actor: userActor(approver.id), role: approver.role };
  }
  if (caller?.role === 'supervisor' || caller?.role === 'admin') return { actor: caller.actor, role: caller.role };
  throw new StationError(
    'APPROVAL_NEEDED',
    'A supervisor approves this: ask one to type their name and password here (you stay signed in).',
  );
}

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
