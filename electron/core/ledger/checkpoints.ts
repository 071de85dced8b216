/**
 * Checkpoints: the station vouching for its chain head at a moment.
 *
 * The hash chain alone cannot show that events were cut off the end; a checkpoint beyond
 * the last event can. Signed by the station key, a checkpoint cannot be forged by whoever
 * cut the ledger either. Before enrolment the station has no key and its checkpoints are
 * unsigned; from its enrolment on they must be signed (what that proves: verify.ts).
 */
import { type Clock, systemClock } from '../clock.ts';
import type { StationDatabase } from '../db/index.ts';
import { StationError } from '../errors.ts';
import { enrolmentSeq } from './enrolment-marker.ts';
import type { Ledger } from './ledger.ts';

export interface CheckpointSigner {
  kid: Buffer;
  sign(message: Buffer): Buffer;
}

/** Says whether a checkpoint's signature is good; `unknown-key` when the kid is not trusted. */
export type CheckpointVerifier = (checkpoint: Checkpoint, message: Buffer) => 'valid' | 'invalid' | 'unknown-key';

export interface Checkpoint {
  seq: number;
  headHash: Buffer;
  at: number;
  kid: Buffer | null;
  signature: Buffer | null;
}

const DOMAIN = Buffer.from('badge-station/checkpoint/v1\0', 'utf8');

/** The bytes a checkpoint's signature covers. */
export function checkpointMessage(checkpoint: Pick<Checkpoint, 'seq' | 'headHash' | 'at'>): Buffer {
  const numbers = Buffer.allocUnsafe(16);
  numbers.writeBigUInt64BE(BigInt(checkpoint.seq), 0);
  numbers.writeBigInt64BE(BigInt(checkpoint.at), 8);
  return Buffer.concat([DOMAIN, numbers, checkpoint.headHash]);
}

export class Checkpoints {
  readonly #db: StationDatabase;
  readonly #ledger: Ledger;
  readonly #clock: Clock;

  constructor(db: StationDatabase, ledger: Ledger, clock: Clock = systemClock) {
    this.#db = db;
    this.#ledger = ledger;
    this.#clock = clock;
  }

  /**
   * Records the current chain head, signed when a signer is given. Without one it is
   * refused once the station is enrolled: `ledger verify` would reject the checkpoint.
   */
  take(signer?: CheckpointSigner, at: number = this.#clock()): Checkpoint {
    return this.#db.transaction(() => {
      const enrolledAt = signer ? undefined : enrolmentSeq(this.#db);
      if (enrolledAt !== undefined) {
        throw new StationError(
          'KEY_MISSING',
          `The station was enrolled at event ${enrolledAt}, so its checkpoints must be signed: unlock the station key and take the checkpoint with it.`,
          { enrolledAt },
        );
      }
      const head = this.#ledger.head();
      if (!head) throw new StationError('LEDGER_EVENT_INVALID', 'An empty ledger has no head to checkpoint.');
      const unsigned = { seq: head.seq, headHash: head.hash, at };
      const checkpoint: Checkpoint = signer
        ? { ...unsigned, kid: signer.kid, signature: signer.sign(checkpointMessage(unsigned)) }
        : { ...unsigned, kid: null, signature: null };
      this.#db
        .statement(
          `INSERT INTO ledger_checkpoints (seq, head_hash, at, kid, signature) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (seq) DO NOTHING`,
        )
        .run(checkpoint.seq, checkpoint.headHash, checkpoint.at, checkpoint.kid, checkpoint.signature);
      return checkpoint;
    });
  }

  /** The newest checkpoint's sequence number, 0 when there is none. */
  latestSeq(): number {
    return (this.#db.statement('SELECT coalesce(max(seq), 0) AS seq FROM ledger_checkpoints').get() as { seq: number }).seq;
  }

  all(): Checkpoint[] {
    const rows = this.#db.statement('SELECT seq, head_hash, at, kid, signature FROM ledger_checkpoints ORDER BY seq').all() as {
      seq: number;
      head_hash: Buffer;
      at: number;
      kid: Buffer | null;
      signature: Buffer | null;
    }[];
    return rows.map((row) => ({
      seq: row.seq,
      headHash: row.head_hash,
      at: row.at,
      kid: row.kid,
      signature: row.signature,
    }));
  }
}
