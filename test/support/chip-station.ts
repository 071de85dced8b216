/**
 * An enrolled station with badges, ready to encode chips: the root ceremony in a temp
 * folder, the station's key certified for every type and zone, a small demo roster
 * imported and a badge made for each holder. Plus a driver-free transport onto a
 * `VirtualNtag`, for tests of the NTAG rules without pcscd.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBadges } from '../../electron/core/badges/index.ts';
import { type Catalog, loadCatalog } from '../../electron/core/catalog/index.ts';
import type { ChipContext } from '../../electron/core/chips/index.ts';
import { type Clock, epochSeconds } from '../../electron/core/clock.ts';
import {
  certifyStation,
  createEventRoot,
  enrolStation,
  generateStationKey,
  openEventRoot,
  passphraseKey,
  type StationKeyring,
  stationClockGuard,
  unlockStation,
} from '../../electron/core/keys/index.ts';
import { importRoster, writeDemoRoster } from '../../electron/core/roster/index.ts';
import { initStation, type Station } from '../../electron/core/station/index.ts';
import { ChipError, chipPassword, NtagSession, type TagTransport } from '../../native/chips/index.ts';
import { expoClock } from './clock.ts';
import { TEST_PASSPHRASE } from './passphrase.ts';
import type { VirtualNtag } from './virtual-ntag.ts';

/** The station passphrase: the tests' one (it seals the station's data and its key alike). */
export const STATION_PASSPHRASE = TEST_PASSPHRASE;
export const ROOT_PASSPHRASE = 'chip ceremony passphrase';

export interface ChipStationSetup {
  dataDir: string;
  /** The ceremony's folder (its root, trust list and revocation key), opened with ROOT_PASSPHRASE. */
  rootDir: string;
  station: Station;
  keyring: StationKeyring;
  catalog: Catalog;
  serials: string[];
  context: ChipContext;
}

/**
 * `makeDir` gives throwaway folders: tests pass `tempDir` (removed after each test);
 * the benchmark, which runs outside Vitest, takes the default and cleans up itself.
 * The certificate is dated from `clock` (the expo's by default) and the station and its
 * keys run on it; a test that hands the station to the CLI passes `systemClock`.
 */
export async function chipStation(
  holders = 3,
  makeDir: () => string = () => mkdtempSync(join(tmpdir(), 'badge-station-chips-')),
  clock: Clock = expoClock(),
): Promise<ChipStationSetup> {
  const tempDir = makeDir;
  const dataDir = join(tempDir(), 'desk-7');
  const rootDir = join(tempDir(), 'usb');
  const station = initStation(dataDir, '7', 'system:test', passphraseKey(STATION_PASSPHRASE), { clock });
  createEventRoot(rootDir, 'Ed25519', passphraseKey(ROOT_PASSPHRASE));
  const request = generateStationKey(dataDir, '007', 'Ed25519', passphraseKey(STATION_PASSPHRASE));
  const event = openEventRoot(rootDir, passphraseKey(ROOT_PASSPHRASE));
  const now = epochSeconds(clock);
  const certified = certifyStation(rootDir, event, request, {
    allowedTypes: ['G', 'E', 'V', 'M', 'S', 'P'],
    maxZoneMask: 0xffffffff,
    notBefore: now - 86_400,
    notAfter: now + 30 * 86_400,
    latestBadgeExpiry: now + 20 * 86_400,
    issuedAt: now,
  });
  enrolStation(dataDir, certified.bundle, passphraseKey(STATION_PASSPHRASE), { station, actor: 'system:test' });
  const keyring = unlockStation(dataDir, passphraseKey(STATION_PASSPHRASE), stationClockGuard(station));
  const demo = await writeDemoRoster({ holders, out: tempDir(), photos: false });
  await importRoster(station, demo.roster, { actor: 'system:test' });
  const catalog = loadCatalog();
  const serials = createBadges(station, catalog, { allWithoutBadge: true, actor: 'system:test' }).map((badge) => badge.serial);
  const context: ChipContext = {
    station,
    keyring,
    catalog,
    passwordFor: (uid) => chipPassword(keyring.eventSecret, uid),
    actor: 'system:test',
  };
  return { dataDir, rootDir, station, keyring, catalog, serials, context };
}

/** A reader with pass-through that talks to the tag directly; `gone()` makes the card leave. */
export function directTransport(tag: VirtualNtag): TagTransport & { leave(): void } {
  let present = true;
  let commands = 0;
  const send = (frame: Buffer) => {
    commands += 1;
    if (!present) throw new ChipError('CARD_REMOVED', 'The card was taken off the reader.');
    return tag.command(frame);
  };
  tag.onDrop = () => {
    present = false;
  };
  return {
    canPassThrough: true,
    get commands() {
      return commands;
    },
    async read(page) {
      const answer = send(Buffer.from([0x30, page]));
      if (answer.length !== 16) throw new ChipError('READ_FAILED', `READ ${page} refused`, { page });
      return answer;
    },
    async write(page, data) {
      const answer = send(Buffer.concat([Buffer.from([0xa2, page]), data]));
      if (answer[0] !== 0x0a) throw new ChipError('WRITE_FAILED', `WRITE ${page} refused`, { page });
    },
    async native(frame) {
      return send(frame);
    },
    async release(reset) {
      if (reset) tag.reset();
    },
    leave() {
      present = false;
    },
  };
}

export function directSession(tag: VirtualNtag): NtagSession {
  return new NtagSession(directTransport(tag), Buffer.from(tag.uid), 'direct');
}
