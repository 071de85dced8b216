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
} from './verify.ts';
