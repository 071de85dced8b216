/**
 * Signed ledger checkpoints while the station works: one every N events, so cutting
 * events off the end of the ledger shows at the next verify.
 */
import type { Logger } from '../log/index.ts';
import type { Station } from '../station/index.ts';
import type { StationKeyring } from './station-keys.ts';

export const DEFAULT_CHECKPOINT_EVERY = 1000;

export function signCheckpointsAsLedgerGrows(
  station: Station,
  keyring: StationKeyring,
  every = DEFAULT_CHECKPOINT_EVERY,
  log?: Logger,
): void {
  station.ledger.onAppend((_first, last) => {
    if (last - station.checkpoints.latestSeq() < every) return;
    try {
      station.checkpoints.take(keyring.checkpointSigner);
    } catch (error) {
      // A refused signature (the clock guard) must not lose the event being recorded:
      // the checkpoint is taken at the next append once signing is allowed again.
      log?.warn({ err: error, seq: last }, 'ledger checkpoint not signed');
    }
  });
}
