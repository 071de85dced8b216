/**
 * A print run's leases upstream (core/upstream/leases.ts), for a station connected to
 * upstream: claimed before the run prints, renewed every ten minutes while it runs,
 * settled when it ends. Without upstream (never connected) nothing happens; with upstream
 * unreachable the run prints anyway and says it did not claim.
 */
import { isStationError } from '../../core/errors.ts';
import type { JobStore } from '../../core/jobs/index.ts';
import type { KeyEncryptionKey } from '../../core/keys/index.ts';
import type { Logger } from '../../core/log/index.ts';
import type { Station } from '../../core/station/index.ts';

const RENEW_EVERY_MS = 10 * 60 * 1000;

export interface RunLeases {
  /** Before printing: claims the holders, holds the cards another station prints. */
  claim(): Promise<void>;
  /** After the run, whatever ended it. */
  settle(): Promise<void>;
}

export async function runLeases(
  station: Station,
  jobs: JobStore,
  kek: KeyEncryptionKey,
  log: Logger,
  say: (line: string) => void,
): Promise<RunLeases> {
  const upstream = await import('../../core/upstream/index.ts');
  if (!upstream.upstreamPlaceOf(station.dataDir)) return { claim: async () => {}, settle: async () => {} };
  const url = upstream.openUpstreamUrl(station.dataDir, kek);
  let client: Awaited<ReturnType<typeof upstream.connectAsStation>> | undefined;
  let renewal: NodeJS.Timeout | undefined;
  const claimOnce = async () => {
    client ??= await upstream.connectAsStation(url);
    return upstream.claimHolders(station, client, jobs);
  };
  const offline = (error: unknown) => {
    if (!isStationError(error) || !error.code.startsWith('UPSTREAM_')) throw error;
    log.warn({ err: error }, 'print run without upstream leases');
    say(
      `Upstream cannot be reached (${error.message}) Printing without claiming the holders upstream: another station could print the same holders; the next run that reaches upstream claims them.`,
    );
    client?.end().catch(() => {});
    client = undefined;
  };
  return {
    async claim() {
      try {
        const outcome = await claimOnce();
        say(
          outcome.held.length === 0
            ? `Claimed ${outcome.claimed} holders upstream for this run.`
            : `Claimed ${outcome.claimed} holders upstream; ${outcome.held.length} cards held, their holders printed by another station (${[...new Set(outcome.held.map((card) => card.station))].join(', ')}): see badge-station jobs show JOB --state held.`,
        );
      } catch (error) {
        offline(error);
      }
      renewal = setInterval(() => {
        claimOnce().then(
          (outcome) => log.info({ claimed: outcome.claimed, held: outcome.held.length }, 'upstream leases renewed'),
          (error: unknown) => log.warn({ err: error }, 'upstream leases not renewed'),
        );
      }, RENEW_EVERY_MS);
      renewal.unref();
    },
    async settle() {
      clearInterval(renewal);
      try {
        client ??= await upstream.connectAsStation(url);
        await upstream.settleHolders(station, client);
      } catch (error) {
        log.warn({ err: error }, 'upstream leases not settled (they run out by themselves)');
      } finally {
        await client?.end().catch(() => {});
      }
    },
  };
}
