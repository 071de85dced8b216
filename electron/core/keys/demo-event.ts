/**
 * A whole event's keys for a demo or training station, in one step: the root ceremony
 * (root on a folder standing in for the ceremony's USB stick), the desk's key certified
 * for every type and zone for 30 days, and the desk enrolled. Never for a real event: a
 * real root never sits on the desk it certifies.
 */
import type { Catalog } from '../catalog/index.ts';
import { certifyStation, createEventRoot, openEventRoot } from './ceremony.ts';
import type { KeyEncryptionKey } from './key-encryption.ts';
import { enrolStation, generateStationKey } from './station-keys.ts';

const DAY = 86_400;

export function enrolDemoStation(options: {
  dataDir: string;
  rootDir: string;
  station: string;
  catalog: Catalog;
  stationKey: KeyEncryptionKey;
  rootKey: KeyEncryptionKey;
  now?: number;
}): void {
  const now = Math.floor((options.now ?? Date.now()) / 1000);
  createEventRoot(options.rootDir, 'Ed25519', options.rootKey);
  const request = generateStationKey(options.dataDir, options.station, 'Ed25519', options.stationKey);
  const event = openEventRoot(options.rootDir, options.rootKey);
  const zoneMask = options.catalog.zones.reduce((mask, zone) => (mask | (1 << zone.bit)) >>> 0, 0);
  const certified = certifyStation(options.rootDir, event, request, {
    allowedTypes: options.catalog.types.map((type) => type.letter),
    maxZoneMask: zoneMask,
    notBefore: now - DAY,
    notAfter: now + 30 * DAY,
    latestBadgeExpiry: now + 30 * DAY,
    issuedAt: now,
  });
  enrolStation(options.dataDir, certified.bundle, options.stationKey);
}
