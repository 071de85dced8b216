/**
 * A print run's leases upstream (leases.ts), for a station connected to upstream: claimed
 * before the run prints, renewed every ten minutes while it runs, settled when it ends.
 * The CLI's runs and the desk's take them alike. Without upstream (never connected)
 * nothing happens; with upstream unreachable the run prints anyway and says it did not
 * claim (printing offline is allowed; conflicts are listed for a supervisor at sync).
 */
import { isStationError } from '../errors.ts';
import type { JobStore } from '../jobs/index.ts';
import type { Logger } from '../log/index.ts';
import type { Station } from '../station/index.ts';
import { connectAsStation, type UpstreamClient } from './connection.ts';
import { claimHolders, settleHolders } from './leases.ts';

const RENEW_EVERY_MS = 10 * 60 * 1000;

export interface RunLeases {
  /** Before printing: claims the holders, holds the cards another station prints. */
  claim(): Promise<void>;
  /** After the run, whatever ended it. */
  settle(): Promise<void>;
}

/** What a run's start says about its leases: the operator reads it (the CLI's output, the desk's job panel). */
export interface LeaseNotice {
  code: 'UPSTREAM_NOT_CLAIMED' | 'UPSTREAM_HELD';
  message: string;
}

/** `url`: the station's opened connection string; undefined when it has no upstream. */
export function runLeases(
  station: Station,
  jobs: JobStore,
  url: string | undefined,
  log: Logger | undefined,
  say: (notice: LeaseNotice | { code: 'UPSTREAM_CLAIMED'; message: string }) => void,
): RunLeases {
  if (url === undefined) return { claim: async () => {}, settle: async () => {} };
  let client: UpstreamClient | undefined;
  let renewal: NodeJS.Timeout | undefined;
  const claimOnce = async () => {
    client ??= await connectAsStation(url);
    return claimHolders(station, client, jobs);
  };
  const offline = (error: unknown) => {
    if (!isStationError(error) || !error.code.startsWith('UPSTREAM_')) throw error;
    log?.warn({ err: error }, 'print run without upstream leases');
    say({
      code: 'UPSTREAM_NOT_CLAIMED',
      message: `Upstream cannot be reached (${error.message}) Printing without claiming the holders upstream: another station could print the same holders; the next run that reaches upstream claims them.`,
    });
    client?.end().catch(() => {});
    client = undefined;
  };
  return {
    async claim() {
      try {
        const outcome = await claimOnce();
        say(
          outcome.held.length === 0
            ? { code: 'UPSTREAM_CLAIMED', message: `Claimed ${outcome.claimed} holders upstream for this run.` }
            : {
                code: 'UPSTREAM_HELD',
                message: `Claimed ${outcome.claimed} holders upstream; ${outcome.held.length} cards held, their holders printed by another station (${[...new Set(outcome.held.map((card) => card.station))].join(', ')}): they wait, held, until that station's run ends or a supervisor releases them.`,
              },
        );
      } catch (error) {
        offline(error);
      }
      renewal = setInterval(() => {
        claimOnce().then(
          (outcome) => log?.info({ claimed: outcome.claimed, held: outcome.held.length }, 'upstream leases renewed'),
          (error: unknown) => log?.warn({ err: error }, 'upstream leases not renewed'),
        );
      }, RENEW_EVERY_MS);
      renewal.unref();
    },
    async settle() {
      clearInterval(renewal);
      try {
        client ??= await connectAsStation(url);
        await settleHolders(station, client);
      } catch (error) {
        log?.warn({ err: error }, 'upstream leases not settled (they run out by themselves)');
      } finally {
        await client?.end().catch(() => {});
      }
    },
  };
}
