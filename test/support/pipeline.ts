/**
 * A station ready to print: enrolled (demo ceremony), a demo roster with a badge per
 * holder, and the station printers asked for. Closed on return, so a CLI child process
 * can open it; `open()` gives it back to the test.
 *
 * Its event is dated from `clock` (the expo's by default), and `open()` and `pipelineOn`
 * run on that clock. A test that prints through the CLI, which runs on the computer's
 * clock, passes `systemClock` and says in its name that it wants the real clock.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBadges } from '../../electron/core/badges/index.ts';
import { loadCatalog } from '../../electron/core/catalog/index.ts';
import type { Clock } from '../../electron/core/clock.ts';
import {
  addStationPrinter,
  CardFaces,
  JobStore,
  Pipeline,
  type PipelineDevice,
  type PipelineOptions,
  type StationPrinter,
} from '../../electron/core/jobs/index.ts';
import { enrolDemoStation, passphraseKey, stationClockGuard, unlockStation } from '../../electron/core/keys/index.ts';
import { importRoster, writeDemoRoster } from '../../electron/core/roster/index.ts';
import { initStation, openStation, type Station } from '../../electron/core/station/index.ts';
import { chipPassword } from '../../native/chips/index.ts';
import { DemoPrinter } from '../../native/printers/index.ts';
import { expoClock } from './clock.ts';
import { TEST_PASSPHRASE } from './passphrase.ts';

/** The station passphrase: the tests' one (it seals the station's data and its key alike). */
export const PIPELINE_PASSPHRASE = TEST_PASSPHRASE;

export interface PrinterSpec {
  name: string;
  encoder?: string;
  paceMs?: number;
  cups?: { queue: string; server: string };
}

export interface PipelineStation {
  dataDir: string;
  serials: string[];
  /** Environment for CLI runs: the passphrase, and no inherited station. */
  env: NodeJS.ProcessEnv;
  /** The clock its event is dated from. */
  clock: Clock;
  open(): Station;
}

/** `folder`: tests pass a folder removed after the test; the benchmark cleans up itself. */
export async function pipelineStation(
  holders: number,
  printers: PrinterSpec[],
  options: { folder?: string; photos?: boolean; clock?: Clock; number?: string } = {},
): Promise<PipelineStation> {
  const clock = options.clock ?? expoClock();
  const folder = options.folder ?? mkdtempSync(join(tmpdir(), 'badge-station-pipeline-'));
  const photos = options.photos ?? false;
  const dataDir = join(folder, 'station');
  const catalog = loadCatalog();
  const station = initStation(dataDir, options.number ?? '007', 'system:test', passphraseKey(PIPELINE_PASSPHRASE), { clock });
  try {
    enrolDemoStation({
      clock,
      station,
      rootDir: join(folder, 'usb'),
      catalog,
      stationKey: passphraseKey(PIPELINE_PASSPHRASE),
      rootKey: passphraseKey(`${PIPELINE_PASSPHRASE} root`),
    });
    const roster = await writeDemoRoster({ holders, out: join(folder, 'roster'), photos });
    await importRoster(station, roster.roster, { actor: 'system:test', ...(roster.photos ? { photos: roster.photos } : {}) });
    const serials = createBadges(station, catalog, { allWithoutBadge: true, actor: 'system:test' }).map((badge) => badge.serial);
    for (const spec of printers) {
      const printer: StationPrinter = spec.cups
        ? {
            name: spec.name,
            driver: 'cups',
            target: spec.cups.queue,
            server: spec.cups.server,
            encoder: spec.encoder ?? null,
            paceMs: null,
          }
        : {
            name: spec.name,
            driver: 'demo',
            target: join('demo-printers', spec.name),
            server: null,
            encoder: spec.encoder ?? null,
            paceMs: spec.paceMs ?? 0,
          };
      addStationPrinter(station, printer);
    }
    return {
      dataDir,
      serials,
      env: { BADGE_STATION_PASSPHRASE: PIPELINE_PASSPHRASE },
      clock,
      open: () => openStation(dataDir, 'test', { kek: passphraseKey(PIPELINE_PASSPHRASE) }, { clock }),
    };
  } finally {
    station.close();
  }
}

/**
 * The pipeline in this process, on devices the test holds (to unplug, jam, feed bad chips).
 * `actor`: who the run's events name (a signed-in person's `user:<id>` for a report).
 */
export function pipelineOn(desk: PipelineStation, station: Station, actor = 'system:test') {
  const keyring = unlockStation(desk.dataDir, passphraseKey(PIPELINE_PASSPHRASE), stationClockGuard(station));
  const catalog = loadCatalog();
  const jobs = new JobStore(station.db, station.ledger);
  const faces = new CardFaces(station, catalog, keyring);
  return {
    jobs,
    /** The run's card faces (signed and drawn as the pipeline does), for a test to send a card itself. */
    faces,
    run: (devices: PipelineDevice[], options: PipelineOptions = {}) =>
      new Pipeline(
        {
          station,
          jobs,
          faces,
          chips: { station, keyring, catalog, passwordFor: (uid) => chipPassword(keyring.eventSecret, uid), actor },
          actor,
        },
        devices,
        { recheckMs: 50, ...options },
      ).run(),
  };
}

/** The ledger's events of one type, their data parsed. */
export function ledgerData(station: Station, type: string): Record<string, unknown>[] {
  return (station.db.statement('SELECT data FROM ledger_events WHERE type = ? ORDER BY seq').all(type) as { data: string }[]).map(
    (row) => JSON.parse(row.data) as Record<string, unknown>,
  );
}

/** Demo printers that print at once and never run out, writing their cards under `dataDir`/cards: the software's own pace. */
export function instantPrinters(dataDir: string, names: readonly string[]): DemoPrinter[] {
  return names.map(
    (name) =>
      new DemoPrinter({
        name,
        outputDir: join(dataDir, 'cards', name),
        paceMs: 0,
        durable: false,
        cardsLoaded: 1e6,
        ribbonPanels: 1e6,
      }),
  );
}
