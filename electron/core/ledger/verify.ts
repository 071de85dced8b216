/**
 * Proves the ledger intact, or names the first event that is not.
 *
 * One streaming pass in sequence order: every event must carry the next number, point at
 * the hash of the one before, and hash to what it says. Checkpoints then pin the chain:
 * a rewritten stretch no longer matches the head a checkpoint vouched for, and events cut
 * off the end leave a checkpoint pointing past the last one. From the station's enrolment
 * (its STATION_ENROLLED event) on, a checkpoint counts only when the station key signed it.
 *
 * What a station alone can prove, and what it cannot.
 *
 * It finds, from its own database and key files:
 * - an event edited, deleted, inserted, renumbered or moved, anywhere (the hash chain);
 * - a stretch rewritten and re-hashed at or before a signed checkpoint (the checkpoint's
 *   head no longer matches): a rewrite anywhere before the last signed checkpoint shows;
 * - events cut off the end while a signed checkpoint still vouches for one of them;
 * - a checkpoint forged, altered or moved (its signature), or written unsigned at or after
 *   enrolment (no key, no vouching), or signed where no certificate is left to check it;
 * - everything from the enrolment on cut off, signed checkpoints and all: the station holds
 *   a certificate, and its ledger no longer says it was enrolled.
 *
 * It cannot find, because nothing left on the station remembers what was there:
 * - events cut off the end together with every checkpoint after the last one kept: what
 *   remains is a shorter ledger that its remaining signed checkpoints vouch for. The events
 *   since the newest checkpoint (up to the checkpoint interval, 1,000 events) can even be
 *   cut, or rewritten and re-hashed, without touching a checkpoint at all;
 * - the whole data folder put back from an older copy (the same as a cut tail);
 * - a rewrite by someone who holds the station key and its passphrase: they can sign new
 *   checkpoints for whatever they write;
 * - before enrolment, a rewrite whose checkpoints were rewritten too (unsigned checkpoints
 *   vouch for nothing); the first signed checkpoint after enrolment settles it, since its
 *   head chains every event before it.
 * The anchor for those is outside the station: upstream (upstream/push.ts). Each push
 * first compares the station's ledger with the head upstream holds and refuses a ledger
 * that ends before it or differs from it (UPSTREAM_AHEAD, UPSTREAM_REFUSED). Offline, the
 * check below also takes the head upstream last acknowledged (`upstreamHead`, kept by the
 * station after each push): a ledger cut back behind it, or differing at it, is found
 * without reaching upstream, unless whoever cut it also removed that record; the next
 * push finds that.
 */
import type { StationDatabase } from '../db/index.ts';
import { eventHash, GENESIS_HASH } from './chain.ts';
import { type Checkpoint, Checkpoints, type CheckpointVerifier, checkpointMessage } from './checkpoints.ts';
import { marksEnrolment } from './enrolment-marker.ts';
import type { Ledger } from './ledger.ts';

export type LedgerProblemKind =
  | 'missing'
  | 'out_of_sequence'
  | 'broken_link'
  | 'altered'
  | 'checkpoint_mismatch'
  | 'cut_off'
  | 'checkpoint_signature_invalid'
  | 'checkpoint_unsigned'
  | 'checkpoint_unverifiable'
  | 'enrolment_missing'
  | 'behind_upstream';

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
  /** The event that records the station's enrolment; every checkpoint from it on must be signed. */
  enrolledAtSeq: number | null;
}

export interface LedgerVerifyOptions {
  /** Checks checkpoint signatures; without it a checkpoint at or after enrolment cannot be trusted. */
  verifyCheckpoint?: CheckpointVerifier;
  /**
   * The station holds a certificate (its key files say so): its ledger must then record
   * the enrolment, or everything from the enrolment on was cut off.
   */
  stationEnrolled?: boolean;
  /** The head upstream acknowledged at the last push: the ledger must still reach it, unchanged. */
  upstreamHead?: { seq: number; hash: Buffer; at: number };
}

type RawEvent = [number, number, string, string, string | null, string, Buffer];

// The pass hashes each event with the hash of the event before it, so it never needs the
// stored prev_hash blob in JavaScript (a third off a 500,000-event check). The stored
// links are checked apart, inside SQLite, where the join costs a few milliseconds.
// Events are read a slice at a time, by sequence number, so the desk's check can give the
// core's thread back between slices (verifyLedgerInTurns).
const RAW_EVENTS = 'SELECT seq, at, type, actor, subject, data, hash FROM ledger_events WHERE seq > ? ORDER BY seq LIMIT ?';
const SLICE = 5_000;
const FIRST_BROKEN_LINK = `
  SELECT min(seq) AS seq FROM (
    SELECT b.seq FROM ledger_events a JOIN ledger_events b ON b.seq = a.seq + 1 WHERE b.prev_hash != a.hash
    UNION ALL
    SELECT seq FROM ledger_events WHERE seq = 1 AND prev_hash != zeroblob(32)
  )`;
const LAST_SEQ = 'SELECT max(seq) AS seq FROM ledger_events';

/** The whole check at once: the CLI and the demo, which have nothing else to serve meanwhile. */
export function verifyLedger(db: StationDatabase, ledger: Ledger, options: LedgerVerifyOptions = {}): LedgerVerification {
  // One slice: the events in one query, as fast as the check goes (ledger_verify_500k_s).
  const pass = verifying(db, ledger, options, Number.MAX_SAFE_INTEGER);
  for (;;) {
    const step = pass.next();
    if (step.done) return step.value;
  }
}

/**
 * The same check, giving the thread back between slices of events (`turn`, by default the
 * event loop's next turn): the desk's core keeps answering calls and driving its print runs
 * while a long ledger is checked. It checks the ledger as it stood when it began: events
 * appended meanwhile are the next check's.
 */
export async function verifyLedgerInTurns(
  db: StationDatabase,
  ledger: Ledger,
  options: LedgerVerifyOptions = {},
  {
    turn = () => new Promise((resolve) => setImmediate(resolve)),
    slice = SLICE,
  }: { turn?: () => Promise<void>; slice?: number } = {},
): Promise<LedgerVerification> {
  const pass = verifying(db, ledger, options, slice);
  for (;;) {
    const step = pass.next();
    if (step.done) return step.value;
    await turn();
  }
}

/** The pass itself, yielding after each slice of events. */
function* verifying(
  db: StationDatabase,
  ledger: Ledger,
  options: LedgerVerifyOptions,
  slice = SLICE,
): Generator<void, LedgerVerification> {
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
  let enrolledAt: number | undefined;
  const fail = (problem: LedgerProblem): LedgerVerification => ({
    intact: false,
    events: count,
    head: count > 0 ? { seq: expected - 1, hash: previous.toString('hex') } : null,
    firstBadSeq: problem.seq,
    problem,
    checkpoints: summary,
    enrolledAtSeq: enrolledAt ?? null,
  });

  const firstBrokenLink = (db.statement(FIRST_BROKEN_LINK).get() as { seq: number | null }).seq;
  // The ledger as it stands now: what is appended while the pass gives the thread back is left out.
  const lastStored = (db.statement(LAST_SEQ).get() as { seq: number | null }).seq ?? 0;
  const statement = db.statement(RAW_EVENTS).raw(true);
  // From below any number, so an event stored as 0 or less is met (and told out of sequence).
  let after = Number.MIN_SAFE_INTEGER;
  while (after < lastStored) {
    // Read to its end before the thread is given back: a query left open would hold the connection.
    let read = 0;
    for (const row of statement.iterate(after, Math.min(slice, lastStored - after)) as Iterable<RawEvent>) {
      read += 1;
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
      if (enrolledAt === undefined && marksEnrolment(type, data)) enrolledAt = seq;
      if (seq === options.upstreamHead?.seq && !options.upstreamHead.hash.equals(hash)) {
        return fail({
          kind: 'behind_upstream',
          seq,
          message: `Event ${seq} is not the event upstream acknowledged at ${new Date(options.upstreamHead.at).toISOString()}: the ledger was rewritten at or before it.`,
        });
      }
      const checkpoint = bySeq.get(seq);
      if (checkpoint) {
        const problem = checkCheckpoint(checkpoint, hash, options.verifyCheckpoint, enrolledAt);
        if (problem) return fail(problem);
      }
      previous = hash;
      expected += 1;
      count += 1;
      after = seq;
    }
    if (read === 0) break;
    yield;
  }

  const last = expected - 1;
  const beyond = checkpoints.find((checkpoint) => checkpoint.seq > last);
  if (beyond) {
    const problem =
      checkSignature(beyond, options.verifyCheckpoint, enrolledAt) ??
      ({
        kind: 'cut_off',
        seq: last + 1,
        message: `Events ${last + 1} to ${beyond.seq} were cut off the end: a checkpoint taken ${new Date(beyond.at).toISOString()} vouches for event ${beyond.seq}.`,
      } satisfies LedgerProblem);
    return fail(problem);
  }
  if (options.upstreamHead && last < options.upstreamHead.seq) {
    return fail({
      kind: 'behind_upstream',
      seq: last + 1,
      message: `Events ${last + 1} to ${options.upstreamHead.seq} were cut off the end: upstream acknowledged event ${options.upstreamHead.seq} at ${new Date(options.upstreamHead.at).toISOString()}.`,
    });
  }
  if (options.stationEnrolled && enrolledAt === undefined) {
    return fail({
      kind: 'enrolment_missing',
      seq: last + 1,
      message: `The station is enrolled (it holds a certificate), but its ledger, ending at event ${last}, does not record the enrolment: the events from the enrolment on were cut off, with their checkpoints. (A station enrolled before its ledger recorded enrolments: enrol it again with its bundle to record it.)`,
    });
  }
  return {
    intact: true,
    events: count,
    head: count > 0 ? { seq: last, hash: previous.toString('hex') } : null,
    firstBadSeq: null,
    problem: null,
    checkpoints: summary,
    enrolledAtSeq: enrolledAt ?? null,
  };
}

function checkCheckpoint(
  checkpoint: Checkpoint,
  hash: Buffer,
  verify: CheckpointVerifier | undefined,
  enrolledAt: number | undefined,
): LedgerProblem | null {
  const signatureProblem = checkSignature(checkpoint, verify, enrolledAt);
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

/**
 * A forged checkpoint is as bad as a forged event. Before enrolment an unsigned one is only
 * weaker (the station had no key); from enrolment on the station signs every checkpoint, so
 * an unsigned one was written by someone else, and one that cannot be checked proves nothing.
 */
function checkSignature(
  checkpoint: Checkpoint,
  verify: CheckpointVerifier | undefined,
  enrolledAt: number | undefined,
): LedgerProblem | null {
  const mustBeSigned = enrolledAt !== undefined && checkpoint.seq >= enrolledAt;
  if (checkpoint.signature === null) {
    if (!mustBeSigned) return null;
    return {
      kind: 'checkpoint_unsigned',
      seq: checkpoint.seq,
      message: `The checkpoint at event ${checkpoint.seq} is not signed, but the station was enrolled at event ${enrolledAt} and signs every checkpoint from then on: anyone with the database could have written it, so it cannot vouch for the events up to ${checkpoint.seq}.`,
    };
  }
  if (!verify) {
    if (!mustBeSigned) return null;
    return {
      kind: 'checkpoint_unverifiable',
      seq: checkpoint.seq,
      message: `The checkpoint at event ${checkpoint.seq} is signed, but this station has no certificate to check it with: put back the station's keys folder, then verify again.`,
    };
  }
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
