/**
 * A demo station's contents, made in one step on a fresh, empty station: the demo event's
 * keys (the desk enrolled), a demo user per role (demo-users.ts), a demo roster with a photo per holder, a badge each, and demo
 * printers, the first with an inline encoder that finds a bad chip now and then. Both
 * `badge-station demo` and the desk's "try with demo data" make their station with it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createBadges } from '../badges/index.ts';
import { type Catalog, loadCatalog } from '../catalog/index.ts';
import { addStationPrinter } from '../jobs/index.ts';
import { enrolDemoStation, type KeyEncryptionKey, passphraseKey } from '../keys/index.ts';
import { type ImportReport, importRoster, writeDemoRoster } from '../roster/index.ts';
import type { Station } from '../station/index.ts';
import { addDemoUsers } from './demo-users.ts';
import { addDemoDeskEncoder, DEMO_DESK_ENCODER } from './desk-encoders.ts';

/**
 * Decision: a demo station's passphrase is kept in a file in the demo's folder
 * (`demo-passphrase.txt`, its user's alone), so whatever runs the demo can sign without
 * asking anyone: the CLI demo's print run, and the desk's print screen on a demo station
 * (demoStationKey). Its keys guard nothing real (the demo event's root sits beside them,
 * and its badges are for no real event), so there is nothing a written passphrase could
 * give away. A station made with "create this station" has no such file: its passphrase
 * is never written down.
 */
export const DEMO_PASSPHRASE = 'badge station demo desk';
export const DEMO_PASSPHRASE_FILE = 'demo-passphrase.txt';

/** The key a demo station's data and keys are sealed under. */
export function demoPassphraseKey(): KeyEncryptionKey {
  return passphraseKey(DEMO_PASSPHRASE);
}

/** The steps of making a demo station, in order. */
export type DemoStep = 'keys' | 'roster' | 'importing' | 'photos' | 'badges' | 'printers';

export interface DemoProgress {
  step: DemoStep;
  /** How far the whole set-up is, 0 to 1. */
  share: number;
}

export interface FillDemoOptions {
  /** A station just made, empty: the demo's station number is the caller's choice. */
  station: Station;
  /** The demo's own folder: its passphrase file, the event's root ("ceremony USB") and the roster written for it. */
  folder: string;
  holders: number;
  printers: number;
  /** Each demo printer's time per card. */
  paceMs: number;
  actor: string;
  catalog?: Catalog;
  onProgress?: (progress: DemoProgress) => void;
}

export interface DemoContents {
  passphraseFile: string;
  imported: ImportReport;
  badges: number;
  printers: string[];
  /** The virtual desk encoder, where the technician tries the chips of the demo's cards. */
  deskEncoder: string;
}

/** Where each step starts, as a share of the whole set-up (the import is most of it). */
const STARTS: Record<DemoStep, number> = { keys: 0, roster: 0.1, importing: 0.2, photos: 0.5, badges: 0.85, printers: 0.97 };

export async function fillDemoStation(options: FillDemoOptions): Promise<DemoContents> {
  const { station, folder, actor } = options;
  const catalog = options.catalog ?? loadCatalog();
  const tell = (step: DemoStep, within = 0) => {
    const next = Object.values(STARTS).find((start) => start > STARTS[step]) ?? 1;
    options.onProgress?.({ step, share: STARTS[step] + (next - STARTS[step]) * Math.min(Math.max(within, 0), 1) });
  };

  tell('keys');
  const passphraseFile = join(folder, DEMO_PASSPHRASE_FILE);
  writeFileSync(passphraseFile, `${DEMO_PASSPHRASE}\n`, { mode: 0o600 });
  enrolDemoStation({
    station,
    rootDir: join(folder, 'ceremony-usb'),
    catalog,
    stationKey: demoPassphraseKey(),
    rootKey: passphraseKey(`${DEMO_PASSPHRASE} root`),
    // One clock for the demo event: its certificate, so every payload and printed date.
    clock: station.clock,
  });
  await addDemoUsers(station, actor);

  tell('roster');
  const written = await writeDemoRoster({ holders: options.holders, out: join(folder, 'roster'), photos: true });
  tell('importing');
  const imported = await importRoster(station, written.roster, {
    actor,
    ...(written.photos ? { photos: written.photos } : {}),
    onProgress: (progress) => tell(progress.stage === 'reading' ? 'importing' : 'photos', progress.fraction ?? 0),
  });

  tell('badges');
  const badges = createBadges(station, catalog, { allWithoutBadge: true, actor, now: station.clock() });

  tell('printers');
  const printers: string[] = [];
  for (let n = 1; n <= options.printers; n += 1) {
    const name = `Demo-${n}`;
    addStationPrinter(
      station,
      {
        name,
        driver: 'demo',
        target: join('demo-printers', name),
        server: null,
        // Every 25th blank card in the encoder is a bad chip, so the reject box is shown too.
        encoder: n === 1 ? 'demo:bad-every=25' : null,
        paceMs: options.paceMs,
      },
      station.clock(),
    );
    printers.push(name);
  }
  addDemoDeskEncoder(station.dataDir, DEMO_DESK_ENCODER);
  return { passphraseFile, imported, badges: badges.length, printers, deskEncoder: DEMO_DESK_ENCODER };
}

/**
 * The folder the desk keeps a demo station's own things in (passphrase file, the demo
 * event's root, the roster it imported): inside the station's data folder, as the desk has
 * no other; the CLI demo keeps them beside its station instead.
 */
export function deskDemoFolder(dataDir: string): string {
  return join(dataDir, 'demo');
}

/** A demo station's key, from the passphrase file its demo folder keeps; undefined when there is none (a real station). */
export function demoStationKey(folder: string): KeyEncryptionKey | undefined {
  let text: string;
  try {
    text = readFileSync(join(folder, DEMO_PASSPHRASE_FILE), 'utf8');
  } catch {
    return undefined;
  }
  return passphraseKey(text.replace(/\r?\n$/, ''));
}
