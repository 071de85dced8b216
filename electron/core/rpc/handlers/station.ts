import { demoStationKey, deskDemoFolder } from '../../demo/index.ts';
import type { Handlers } from '../server.ts';
import type { StationAccess } from './station-access.ts';

export function statusHandlers(
  access: StationAccess,
): Pick<Handlers, 'station.status' | 'station.open' | 'station.unlock' | 'station.lock'> {
  return {
    'station.status': () => {
      if (!access.exists()) return { initialised: false, dataDir: access.dataDir };
      if (access.sealed()) return { initialised: true, sealed: true, dataDir: access.dataDir };
      const station = access.station();
      const holders = (station.db.statement('SELECT count(*) AS n FROM holders').get() as { n: number }).n;
      return {
        initialised: true,
        dataDir: access.dataDir,
        station: station.number,
        schema: station.db.schemaVersion,
        ledgerHead: station.ledger.head()?.seq ?? 0,
        holders,
        locked: access.locked(),
        demo: demoStationKey(deskDemoFolder(access.dataDir)) !== undefined,
      };
    },
    'station.open': ({ passphrase }) => ({ station: access.openWith(passphrase).number }),
    'station.unlock': ({ passphrase }) => {
      access.unlock(passphrase);
      return { locked: false as const };
    },
    'station.lock': () => {
      access.lock();
      return { locked: access.locked() };
    },
  };
}
