import { checkpointVerifier, readStationTrust } from '../../keys/index.ts';
import { verifyLedger } from '../../ledger/index.ts';
import type { Handlers } from '../server.ts';
import type { StationAccess } from './station-access.ts';

export function ledgerHandlers(access: StationAccess): Pick<Handlers, 'ledger.verify'> {
  return {
    'ledger.verify': () => {
      const station = access.station();
      const trust = readStationTrust(access.dataDir);
      const verdict = verifyLedger(station.db, station.ledger, trust ? { verifyCheckpoint: checkpointVerifier(trust) } : {});
      return {
        intact: verdict.intact,
        events: verdict.events,
        ...(verdict.problem ? { problem: verdict.problem.message } : {}),
      };
    },
  };
}
