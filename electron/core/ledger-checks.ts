/**
 * What a station's ledger is checked against, wherever it is checked (the CLI, the desk,
 * reports, the demo): its certificate, once enrolled (signed checkpoints, the enrolment
 * recorded), and the head upstream last acknowledged, once it has pushed.
 */
import { checkpointVerifier, readStationTrust } from './keys/index.ts';
import type { LedgerVerifyOptions } from './ledger/index.ts';
import type { Station } from './station/index.ts';
import { pushedHead } from './upstream/sync-state.ts';

export function ledgerChecks(station: Station): LedgerVerifyOptions {
  const trust = readStationTrust(station.dataDir);
  const pushed = pushedHead(station);
  return {
    ...(trust ? { verifyCheckpoint: checkpointVerifier(trust), stationEnrolled: true } : {}),
    ...(pushed ? { upstreamHead: { seq: pushed.seq, hash: Buffer.from(pushed.hash, 'hex'), at: pushed.at } } : {}),
  };
}
