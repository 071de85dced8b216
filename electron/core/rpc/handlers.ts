/**
 * The contract's methods on the station in a data folder. The station is opened on the
 * first call that needs it and kept: one owner of the database for as long as the host runs.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { checkpointVerifier, readStationTrust } from '../keys/index.ts';
import { verifyLedger } from '../ledger/index.ts';
import { searchHolders } from '../roster/index.ts';
import { DATABASE_FILE, openStation, type Station } from '../station/index.ts';
import type { Handlers } from './server.ts';

export interface StationHandlers {
  handlers: Handlers;
  close(): void;
}

export function stationHandlers(dataDir: string): StationHandlers {
  let station: Station | undefined;
  const open = () => {
    station ??= openStation(dataDir, 'badge-station desk');
    return station;
  };
  const handlers: Handlers = {
    'station.status': () => {
      if (!station && !existsSync(join(dataDir, DATABASE_FILE))) return { initialised: false, dataDir };
      const s = open();
      const holders = (s.db.statement('SELECT count(*) AS n FROM holders').get() as { n: number }).n;
      return {
        initialised: true,
        dataDir,
        station: s.number,
        schema: s.db.schemaVersion,
        ledgerHead: s.ledger.head()?.seq ?? 0,
        holders,
      };
    },
    'roster.search': ({ query, limit }) => ({
      holders: searchHolders(open().db, query, limit).map(({ id, name, latinName, organisation, type }) => ({
        id,
        name,
        latinName,
        organisation,
        type,
      })),
    }),
    'ledger.verify': () => {
      const s = open();
      const trust = readStationTrust(dataDir);
      const verdict = verifyLedger(s.db, s.ledger, trust ? { verifyCheckpoint: checkpointVerifier(trust) } : {});
      return {
        intact: verdict.intact,
        events: verdict.events,
        ...(verdict.problem ? { problem: verdict.problem.message } : {}),
      };
    },
  };
  return { handlers, close: () => station?.close() };
}
