/**
 * Proves the ledger intact, or names the first event that is not.
 *
 * One streaming pass in sequence order: every event must carry the next number, point at
 * the hash of the one before, and hash to what it says. Checkpoints then pin the chain:
 * a rewritten stretch no longer matches the head a checkpoint vouched for, and events cut
 * off the end leave a checkpoint pointing past the last one.
 */
import type { StationDatabase } from '../db/index.ts';
import { eventHash, GENESIS_HASH } from './chain.ts';
import { type Checkpoint, Checkpoints, type CheckpointVerifier, checkpointMessage } from './checkpoints.ts';
import type { Ledger } from './ledger.ts';

export type LedgerProblemKind =
  | 'missing'
  | 'out_of_sequence'
  | 'broken_link'
  | 'altered'
  | 'checkpoint_mismatch'
  | 'cut_off'
  | 'checkpoint_signature_invalid';

export interface LedgerProblem {
  kind: LedgerProblemKind;
  /** The first sequence number that cannot be trusted. */
  seq: number;
  message: string;
}

export interface LedgerVerification {
  intact: boolean;
  events: number;
  head: { seq: number; hash: string } | null;
  firstBadSeq: number | null;
  problem: LedgerProblem | null;
  checkpoints: { total: number; signed: number; unsigned: number; latestSeq: number | null };
}

type RawEvent = [number, number, string, string, string | null, string, Buffer];

// The pass hashes each event with the hash of the event before it, so it never needs the
// stored prev_hash blob in JavaScript (a third off a 500,000-event check). The stored
// links are checked apart, inside SQLite, where the join costs a few milliseconds.
const RAW_EVENTS = 'SELECT seq, at, type, actor, subject, data, hash FROM ledger_events ORDER BY seq';
const FIRST_BROKEN_LINK = `
  SELECT min(seq) AS seq FROM (
    SELECT b.seq FROM ledger_events a JOIN ledger_events b ON b.seq = a.seq + 1 WHERE b.prev_hash != a.hash
    UNION ALL
    SELECT seq FROM ledger_events WHERE seq = 1 AND prev_hash != zeroblob(32)
  )`;

export function verifyLedger(
  db: StationDatabase,
  ledger: Ledger,
  options: { verifyCheckpoint?: CheckpointVerifier } = {},
): LedgerVerification {
  const checkpoints = new Checkpoints(db, ledger).all();
  const bySeq = new Map(checkpoints.map((checkpoint) => [checkpoint.seq, checkpoint]));
  const signed = checkpoints.filter((checkpoint) => checkpoint.signature !== null).length;
  const summary = {
    total: checkpoints.length,
    signed,
    unsigned: checkpoints.length - signed,
    latestSeq: checkpoints.at(-1)?.seq ?? null,
  };

  let expected = 1;
  let previous: Buffer = GENESIS_HASH;
  let count = 0;
  const fail = (problem: LedgerProblem): LedgerVerification => ({
    intact: false,
    events: count,
    head: count > 0 ? { seq: expected - 1, hash: previous.toString('hex') } : null,
    firstBadSeq: problem.seq,
    problem,
    checkpoints: summary,
  });

  const firstBrokenLink = (db.statement(FIRST_BROKEN_LINK).get() as { seq: number | null }).seq;
  const statement = db.statement(RAW_EVENTS).raw(true);
  for (const row of statement.iterate() as Iterable<RawEvent>) {
    const [seq, at, type, actor, subject, data, hash] = row;
    if (seq !== expected) {
      return fail(
        seq > expected
          ? {
              kind: 'missing',
              seq: expected,
              message: `Event ${expected} is missing (the next stored event is ${seq}): events were deleted.`,
            }
          : {
              kind: 'out_of_sequence',
              seq,
              message: `Event ${seq} is out of sequence (expected ${expected}): an event was inserted.`,
            },
      );
    }
    if (seq === firstBrokenLink) {
      return fail({
        kind: 'broken_link',
        seq,
        message: `Event ${seq} does not follow event ${seq - 1}: an event before it was altered and re-hashed, moved, inserted or deleted.`,
      });
    }
    if (!eventHash({ seq, at, type, actor, subject, data, prevHash: previous }).equals(hash)) {
      return fail({ kind: 'altered', seq, message: `Event ${seq} was altered: its contents no longer match its hash.` });
    }
    const checkpoint = bySeq.get(seq);
    if (checkpoint) {
      const problem = checkCheckpoint(checkpoint, hash, options.verifyCheckpoint);
      if (problem) return fail(problem);
    }
    previous = hash;
    expected += 1;
    count += 1;
  }

  const last = expected - 1;
  const beyond = checkpoints.find((checkpoint) => checkpoint.seq > last);
  if (beyond) {
    const problem =
      checkSignature(beyond, options.verifyCheckpoint) ??
      ({
        kind: 'cut_off',
        seq: last + 1,
        message: `Events ${last + 1} to ${beyond.seq} were cut off the end: a checkpoint taken ${new Date(beyond.at).toISOString()} vouches for event ${beyond.seq}.`,
      } satisfies LedgerProblem);
    return fail(problem);
  }
  return {
    intact: true,
    events: count,
    head: count > 0 ? { seq: last, hash: previous.toString('hex') } : null,
    firstBadSeq: null,
    problem: null,
    checkpoints: summary,
  };
}

function checkCheckpoint(checkpoint: Checkpoint, hash: Buffer, verify: CheckpointVerifier | undefined): LedgerProblem | null {
  const signatureProblem = checkSignature(checkpoint, verify);
  if (signatureProblem) return signatureProblem;
  if (!checkpoint.headHash.equals(hash)) {
    return {
      kind: 'checkpoint_mismatch',
      seq: checkpoint.seq,
      message: `Event ${checkpoint.seq} is not the event its checkpoint vouched for: the ledger was rewritten at or before event ${checkpoint.seq}.`,
    };
  }
  return null;
}

/** A forged checkpoint is as bad as a forged event; an unsigned one is only weaker. */
function checkSignature(checkpoint: Checkpoint, verify: CheckpointVerifier | undefined): LedgerProblem | null {
  if (!verify || checkpoint.signature === null) return null;
  const verdict = verify(checkpoint, checkpointMessage(checkpoint));
  if (verdict === 'valid') return null;
  return {
    kind: 'checkpoint_signature_invalid',
    seq: checkpoint.seq,
    message:
      verdict === 'unknown-key'
        ? `The checkpoint at event ${checkpoint.seq} is signed by a key this station does not trust.`
        : `The checkpoint at event ${checkpoint.seq} has a bad signature: it was forged or altered.`,
  };
}
