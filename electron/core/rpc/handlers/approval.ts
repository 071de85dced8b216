/**
 * A supervisor's approval given on the spot, at an operator's desk, for what an operator
 * asks and may not decide (a reprint, a void, cancelling a print job): the approver's name
 * and password are checked here, in the core, once, and never kept; the operator stays
 * signed in, and the ledger event names both.
 */
import type { Approval } from '../../badges/index.ts';
import { StationError } from '../../errors.ts';
import type { Station } from '../../station/index.ts';
import { type Caller, checkCredentials, userActor } from '../../users/index.ts';

/**
 * Who approves: the supervisor or admin named in `given`, checked now; else the caller
 * when they are one. A refused approver is recorded as a refused access, under their name.
 */
export async function approvalFor(
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
