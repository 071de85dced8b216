/**
 * The first run: a station of its own number, or demo data in one step. Both only ever
 * fill an empty data folder.
 */
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { deskDemoFolder, fillDemoStation } from '../../demo/index.ts';
import { StationError } from '../../errors.ts';
import type { Handlers } from '../server.ts';
import type { StationAccess } from './station-access.ts';

/** What the desk's demo makes: the "1,000 demo holders, four demo printers". */
export const DESK_DEMO = { station: '7', holders: 1_000, printers: 4, paceMs: 500 } as const;

export function setupHandlers(access: StationAccess): Pick<Handlers, 'station.create' | 'station.demo'> {
  return {
    'station.create': ({ number, passphrase }) => {
      const station = access.create(String(number), 'system:desk', passphrase);
      return { station: station.number };
    },
    'station.demo': async (_params, call) => {
      const actor = 'system:demo';
      if (access.exists())
        throw new StationError(
          'STATION_EXISTS',
          `${access.dataDir} already has a station: demo data only goes into an empty one.`,
        );
      const before = existsSync(access.dataDir) ? new Set(readdirSync(access.dataDir)) : new Set<string>();
      call.publish('setup.progress', { step: 'station', share: 0 });
      const station = access.create(DESK_DEMO.station, actor, 'demo');
      try {
        const made = await access.settingUp('being set up with demo data', async () => {
          const folder = deskDemoFolder(access.dataDir);
          mkdirSync(folder, { recursive: true, mode: 0o700 });
          return fillDemoStation({
            station,
            folder,
            holders: DESK_DEMO.holders,
            printers: DESK_DEMO.printers,
            paceMs: DESK_DEMO.paceMs,
            actor,
            onProgress: (progress) => call.publish('setup.progress', progress),
          });
        });
        call.publish('setup.progress', { step: 'done', share: 1 });
        return {
          station: station.number,
          holders: made.imported.added,
          badges: made.badges,
          printers: made.printers,
        };
      } catch (error) {
        // Half a demo is no station to work on: what it made goes, and the first run is
        // offered again. Only what was not in the data folder before is removed.
        access.close();
        if (existsSync(access.dataDir))
          for (const entry of readdirSync(access.dataDir))
            if (!before.has(entry)) rmSync(join(access.dataDir, entry), { recursive: true, force: true });
        throw error;
      }
    },
  };
}
