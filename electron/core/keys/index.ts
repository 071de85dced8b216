/**
 * The event's keys: the root at its offline ceremony (ceremony.ts), each station's own key
 * and its enrolment (station-keys.ts, enrolment.ts), signed ledger checkpoints
 * (checkpointing.ts) and the clock guard (clock.ts).
 *
 * Key files hold a public header and a private part sealed under a key-encryption key
 * (key-file.ts, key-encryption.ts): scrypt of a passphrase (CLI, ceremony) or 32 bytes from
 * the host (the desktop app's OS keychain through safeStorage, electron/main/
 * key-encryption-key.ts, which refuses Linux's `basic_text`). Private keys stay inside the
 * core's `Signer` closures: nothing returns, logs or sends them.
 *
 * Nothing here reads the wall clock to decide validity: a keyring is unlocked with the
 * station's clock guard (`unlockStation(dataDir, kek, stationClockGuard(station))`), which
 * refuses to sign while the station's last sync found its clock off upstream's; desks and
 * the CLI run on `systemClock`, and a demo hands its station's clock to everything it dates
 * (`enrolDemoStation({ clock })`), so its certificate, payloads and printed dates agree.
 */
export { certifyStation, createEventRoot, type EventRoot, openEventRoot, reissueTrustList, rootFingerprint } from './ceremony.ts';
export { DEFAULT_CHECKPOINT_EVERY, signCheckpointsAsLedgerGrows } from './checkpointing.ts';
export { ClockGuard, DEFAULT_CLOCK_LIMIT_MS, stationClockGuard, type UpstreamTimeSource } from './clock.ts';
export { demoEventWindow, enrolDemoStation, type ValidityWindow } from './demo-event.ts';
export { type CertificateRequest, readRequest } from './enrolment.ts';
export { hostKey, type KeyEncryptionKey, passphraseKey } from './key-encryption.ts';
export { atomicWrite, readKeyHeader, sealedSchema } from './key-file.ts';
export { readRootPublic } from './root-public.ts';
export {
  checkpointVerifier,
  type EnrolOptions,
  enrolStation,
  forgetRememberedStationKey,
  generateStationKey,
  hasRememberedStationKey,
  KEY_FILES,
  keysDir,
  readStationTrust,
  type StationKeyring,
  type StationTrust,
  stationKeyHeader,
  stationVerifier,
  unlockStation,
} from './station-keys.ts';
