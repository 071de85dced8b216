export { certifyStation, createEventRoot, type EventRoot, openEventRoot, reissueTrustList, rootFingerprint } from './ceremony.ts';
export { DEFAULT_CHECKPOINT_EVERY, signCheckpointsAsLedgerGrows } from './checkpointing.ts';
export { ClockGuard, DEFAULT_CLOCK_LIMIT_MS, stationClockGuard, type UpstreamTimeSource } from './clock.ts';
export { demoEventWindow, enrolDemoStation, type ValidityWindow } from './demo-event.ts';
export { type CertificateRequest, readRequest } from './enrolment.ts';
export { hostKey, type KeyEncryptionKey, passphraseKey } from './key-encryption.ts';
export { readKeyHeader } from './key-file.ts';
export { readRootPublic } from './root-public.ts';
export {
  checkpointVerifier,
  type EnrolOptions,
  enrolStation,
  generateStationKey,
  KEY_FILES,
  keysDir,
  readStationTrust,
  type StationKeyring,
  type StationTrust,
  stationKeyHeader,
  stationVerifier,
  unlockStation,
} from './station-keys.ts';
