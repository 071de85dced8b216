/**
 * A whole event's keys for a demo or training station, in one step: the root ceremony
 * (root on a folder standing in for the ceremony's USB stick), the desk's key certified
 * for every type and zone for the demo event's window, and the desk enrolled. Never for a real event: a
 * real root never sits on the desk it certifies.
 */
import type { Catalog } from '../catalog/index.ts';
import { type Clock, epochSeconds } from '../clock.ts';
import type { Station } from '../station/index.ts';
import { certifyStation, createEventRoot, openEventRoot } from './ceremony.ts';
import type { KeyEncryptionKey } from './key-encryption.ts';
import { enrolStation, generateStationKey } from './station-keys.ts';

const DAY = 86_400;

/** Seconds since the epoch, as certificates and claims count them. */
export interface ValidityWindow {
  notBefore: number;
  expires: number;
}

/**
 * When a demo or training event runs: from the day before its clock's now to 30 days
 * later, so its badges verify the day they are made and for the rest of a training course.
 */
export function demoEventWindow(clock: Clock): ValidityWindow {
  const now = epochSeconds(clock);
  return { notBefore: now - DAY, expires: now + 30 * DAY };
}

export function enrolDemoStation(options: {
  /** The demo station, open: its ledger records the enrolment. */
  station: Station;
  rootDir: string;
  catalog: Catalog;
  stationKey: KeyEncryptionKey;
  rootKey: KeyEncryptionKey;
  /** The demo's clock: the event, its certificate and so every payload and printed date follow it. */
  clock: Clock;
}): void {
  const now = epochSeconds(options.clock);
  const window = demoEventWindow(options.clock);
  createEventRoot(options.rootDir, 'Ed25519', options.rootKey);
  const { station } = options;
  const request = generateStationKey(station.dataDir, station.number, 'Ed25519', options.stationKey);
  const event = openEventRoot(options.rootDir, options.rootKey);
  const zoneMask = options.catalog.zones.reduce((mask, zone) => (mask | (1 << zone.bit)) >>> 0, 0);
  const certified = certifyStation(options.rootDir, event, request, {
    allowedTypes: options.catalog.types.map((type) => type.letter),
    maxZoneMask: zoneMask,
    notBefore: window.notBefore,
    notAfter: window.expires,
    latestBadgeExpiry: window.expires,
    issuedAt: now,
  });
  enrolStation(station.dataDir, certified.bundle, options.stationKey, { station, actor: 'system:demo' });
}
