/**
 * The station the `ui` group measures the desk against: 500,000 demo holders imported
 * through the real import (importRoster, as `npm run bench -- roster` does), the demo
 * event's keys with the desk's demo passphrase file (so the desk can sign a print run, as
 * on a station made by "try with demo data"), badges for the guests, media and security
 * (about 8% of holders, as the search benchmark has), and 16 demo printers.
 *
 * Decision: making it takes 15 s or more (most of it the import; far more on a busy machine),
 * and each of the group's desks needs a fresh copy, so the made station is kept under the OS temp dir, in a folder named for UI_STATION_VERSION,
 * and each run copies it into a fresh data folder. Bump the version whenever what is made
 * here changes; delete the folder to make it again.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBadges } from '../../electron/core/badges/index.ts';
import { loadCatalog } from '../../electron/core/catalog/index.ts';
import {
  addDemoUsers,
  DEMO_PASSPHRASE,
  DEMO_PASSPHRASE_FILE,
  demoPassphraseKey,
  deskDemoFolder,
} from '../../electron/core/demo/index.ts';
import { addStationPrinter } from '../../electron/core/jobs/index.ts';
import { enrolDemoStation, passphraseKey } from '../../electron/core/keys/index.ts';
import { importRoster, writeDemoRoster } from '../../electron/core/roster/index.ts';
import { initStation } from '../../electron/core/station/index.ts';
import { note } from './report.ts';

export const UI_STATION_VERSION = 2;
/** BENCH_UI_HOLDERS only to try the group out quickly: the metrics are named for 500,000. */
export const UI_HOLDERS = Number(process.env.BENCH_UI_HOLDERS ?? 500_000);
export const UI_PRINTERS = 16;
/** The desk demo's pace (DESK_DEMO.paceMs): half a second a card. */
const PACE_MS = 500;

function cacheFolder(): string {
  return join(tmpdir(), `badge-bench-ui-station-v${UI_STATION_VERSION}-${UI_HOLDERS}`);
}

async function makeStation(dataDir: string): Promise<void> {
  const actor = 'system:bench';
  const station = initStation(dataDir, '7', actor, demoPassphraseKey());
  try {
    const catalog = loadCatalog();
    const folder = deskDemoFolder(dataDir);
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    writeFileSync(join(folder, DEMO_PASSPHRASE_FILE), `${DEMO_PASSPHRASE}\n`, { mode: 0o600 });
    enrolDemoStation({
      station,
      rootDir: join(folder, 'ceremony-usb'),
      catalog,
      stationKey: passphraseKey(DEMO_PASSPHRASE),
      rootKey: passphraseKey(`${DEMO_PASSPHRASE} root`),
      clock: station.clock,
    });
    const written = await writeDemoRoster({ holders: UI_HOLDERS, out: join(folder, 'roster'), photos: false });
    // The desk asks who is there: the demo's people, one of each role (v2).
    await addDemoUsers(station, actor);
    const imported = await importRoster(station, written.roster, { actor });
    if (imported.rejected > 0) throw new Error(`the ui bench roster had ${imported.rejected} rejected rows`);
    rmSync(join(folder, 'roster'), { recursive: true, force: true });
    for (const type of ['guest', 'media', 'security'])
      createBadges(station, catalog, { allWithoutBadge: true, type, actor, now: station.clock() });
    for (let n = 1; n <= UI_PRINTERS; n += 1) {
      const name = `Demo-${n}`;
      addStationPrinter(
        station,
        { name, driver: 'demo', target: join('demo-printers', name), server: null, encoder: null, paceMs: PACE_MS },
        station.clock(),
      );
    }
  } finally {
    station.close();
  }
}

/** The made station (made now if there is none of this version), copied into a fresh data folder. */
export async function freshUiStation(): Promise<{ dataDir: string; remove(): void }> {
  const cached = cacheFolder();
  if (!existsSync(cached)) {
    note(`making the ui bench station (${UI_HOLDERS} holders through the real import) in ${cached} ...`);
    const making = `${cached}.making-${process.pid}`;
    rmSync(making, { recursive: true, force: true });
    await makeStation(making);
    renameSync(making, cached);
  } else {
    note(`using the ui bench station made before in ${cached} (delete it to make it again)`);
  }
  const root = mkdtempSync(join(tmpdir(), 'badge-bench-ui-'));
  const dataDir = join(root, 'station');
  cpSync(cached, dataDir, { recursive: true });
  return { dataDir, remove: () => rmSync(root, { recursive: true, force: true }) };
}
