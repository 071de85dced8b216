/**
 * Upstream: the event's PostgreSQL, which every station pushes its ledger to (and, as the
 * sync issue goes on, pulls the roster, clearance keys and revocations from).
 *
 * schema.ts is what upstream holds and the least-privilege design (a station's login can
 * only call functions that take the station from the login); stations.ts adds a station;
 * connection.ts connects and says what failures mean; credentials.ts keeps the
 * connection string sealed like the keys; push.ts sends the ledger, resumable anywhere;
 * pull.ts brings the roster's changes (applied as an import) and clearance keys;
 * sync-state.ts is what the station knows of its sync offline; syncer.ts keeps the desk
 * syncing by itself.
 */
export { connectAsStation, connectUpstream, type UpstreamClient, upstreamError, upstreamPlace } from './connection.ts';
export {
  forgetRememberedUpstream,
  forgetUpstream,
  hasRememberedUpstream,
  openUpstreamUrl,
  saveUpstreamUrl,
  upstreamNotConnected,
  upstreamPlaceOf,
} from './credentials.ts';
export {
  type ClaimOutcome,
  claimHolders,
  DEFAULT_LEASE_MINUTES,
  type IssuanceConflict,
  issuanceConflicts,
  settleHolders,
} from './leases.ts';
export { type PublishResult, publishRevocations } from './publish.ts';
export {
  type ClearancePullResult,
  DEFAULT_PULL_PAGE,
  type PulledProblem,
  pullClearances,
  pullRevocations,
  pullRoster,
  type RevocationPullResult,
  type RosterPullResult,
  revokedUpstream,
} from './pull.ts';
export { DEFAULT_PUSH_BATCH, type PushOptions, type PushResult, pushLedger, upstreamHead } from './push.ts';
export { type LeaseNotice, type RunLeases, runLeases } from './run-leases.ts';
export { initUpstream, UPSTREAM_SCHEMA, UPSTREAM_SCHEMA_VERSION, upstreamSchemaVersion } from './schema.ts';
export { addUpstreamStation, stationRole } from './stations.ts';
export {
  PULL_EVERY_LIMITS,
  type PullSummary,
  type PushedHead,
  pullEveryMinutes,
  pushedHead,
  type SyncFailure,
  type SyncState,
  setPullEveryMinutes,
  syncState,
} from './sync-state.ts';
export { DEFAULT_PULL_EVERY_MS, type DeskSyncState, Syncer, type SyncerOptions } from './syncer.ts';
