/**
 * The issuance ledger: every fact of the station as an event, hash-chained, append-only.
 *
 * `ledger_events(seq, at, type, actor, subject, data, prev_hash, hash)`: seq runs 1, 2, 3
 * without gaps, data is canonical JSON (sorted keys), and hash chains each event to the one
 * before (chain.ts; the first chains to 32 zero bytes). Triggers refuse UPDATE and DELETE,
 * so a bug cannot rewrite history; someone with a SQLite shell can drop them, and the chain
 * is what catches that. Event types are a closed list (event-types.ts). Appends join the
 * caller's transaction, so a state change and its event land together (ledger.ts).
 *
 * `ledger_checkpoints(seq, head_hash, at, kid, signature)` pins the chain head: signed by
 * the station key from its enrolment on (checkpoints.ts; one every 1,000 events while a
 * print run has the key unlocked, keys/checkpointing.ts). What the station alone can and
 * cannot prove with them is in verify.ts; the rest is upstream's to catch at sync.
 *
 * Decisions: events carry ids, never personal data (the ledger goes upstream and into
 * exports); the actor is a user id or `system:*`; time is the station clock in ms.
 */
export { canonicalJson, type JsonObject, type JsonValue } from './canonical-json.ts';
export { eventHash, GENESIS_HASH } from './chain.ts';
export {
  type Checkpoint,
  type CheckpointSigner,
  Checkpoints,
  type CheckpointVerifier,
  checkpointMessage,
} from './checkpoints.ts';
export { LEDGER_EVENT_TYPES, type LedgerEventType } from './event-types.ts';
export { exportLedger, type LedgerExportFormat } from './export.ts';
export { type AppendListener, Ledger, type LedgerEvent, type LedgerHead, type LedgerRow, type NewLedgerEvent } from './ledger.ts';
export {
  type LedgerProblem,
  type LedgerProblemKind,
  type LedgerVerification,
  type LedgerVerifyOptions,
  verifyLedger,
  verifyLedgerInTurns,
} from './verify.ts';
