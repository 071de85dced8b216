/**
 * `upstream init|add-station` (the event's database administrator, on upstream) and
 * `sync connect|push|status` (a station). Connection strings carry passwords, so they come
 * from a file or the environment, never an argument; a station keeps its own sealed
 * under its key passphrase (core/upstream/credentials.ts).
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  addUpstreamStation,
  connectAsStation,
  connectUpstream,
  DEFAULT_PULL_EVERY_MS,
  initUpstream,
  issuanceConflicts,
  openUpstreamUrl,
  PULL_EVERY_LIMITS,
  pullClearances,
  pullEveryMinutes,
  pullRevocations,
  pullRoster,
  pushLedger,
  saveUpstreamUrl,
  setPullEveryMinutes,
  syncState,
  type UpstreamClient,
  upstreamHead,
  upstreamPlace,
  upstreamPlaceOf,
} from '../../core/upstream/index.ts';
import { withStation } from '../context.ts';
import { run } from '../run.ts';
import { givenUrl, keyFromPassphrase, STATION_PASSPHRASE_ENV, UPSTREAM_URL_ENV } from '../secrets.ts';

export async function using<T>(client: UpstreamClient, work: (client: UpstreamClient) => Promise<T>): Promise<T> {
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => {});
  }
}

export const urlFileOption = [
  '--url-file <file>',
  `read the connection string from this file instead of $${UPSTREAM_URL_ENV}`,
] as const;
const passphraseOption = [
  '--passphrase-file <file>',
  `read the station passphrase from this file instead of $${STATION_PASSPHRASE_ENV}`,
] as const;

export function registerUpstream(program: Command): void {
  const upstream = program.command('upstream').description("set up the event's upstream PostgreSQL (its administrator's login)");
  upstream
    .command('init')
    .description("create or update Badge Station's schema upstream")
    .option(...urlFileOption)
    .action(
      run(async (options: { urlFile?: string }) => {
        const url = givenUrl(options.urlFile);
        const { from, to } = await using(await connectUpstream(url), (client) => initUpstream(client));
        return {
          result: { from, to },
          text:
            from === to
              ? `Upstream (${upstreamPlace(url)}) already has schema version ${to}: nothing changed.`
              : `Upstream (${upstreamPlace(url)}) now has schema version ${to} (was ${from}).`,
        };
      }),
    );
  upstream
    .command('add-station')
    .description("add a station's login upstream and write its connection string (with its password) to a file")
    .argument('<station>', 'the station number, 001-999')
    .requiredOption('--out <file>', 'where to write the station’s connection string (owner-only; hand it over, then delete it)')
    .option(...urlFileOption)
    .action(
      run(async (options: { out: string; urlFile?: string }, _context, [number]) => {
        const url = givenUrl(options.urlFile);
        const added = await using(await connectUpstream(url), (client) => addUpstreamStation(client, number as string, url));
        writeFileSync(options.out, `${added.url}\n`, { mode: 0o600, flag: 'wx' });
        return {
          result: { station: added.station, out: options.out },
          text: `Station ${added.station} added upstream. Its connection string is in ${options.out}: carry it to the station, run "badge-station sync connect --url-file ${options.out}" there, then delete the file.`,
        };
      }),
    );
}

export function registerSync(program: Command): void {
  const sync = program.command('sync').description("this station's sync with upstream");
  sync
    .command('connect')
    .description("check the station's connection string with upstream and keep it sealed under the station passphrase")
    .option(...urlFileOption)
    .option(...passphraseOption)
    .action(
      run((options: { urlFile?: string; passphraseFile?: string }, context) =>
        withStation(context, 'sync connect', async (station) => {
          const url = givenUrl(options.urlFile);
          const kek = keyFromPassphrase(STATION_PASSPHRASE_ENV, options.passphraseFile);
          // Upstream must know this login as this station before anything is kept.
          const head = await using(await connectAsStation(url), (client) => upstreamHead(station, client));
          saveUpstreamUrl(context.dataDir, url, kek);
          return {
            result: { station: station.number, upstream: upstreamPlace(url), upstreamHead: head.seq },
            text: `Station ${station.number} is connected to upstream (${upstreamPlace(url)}), which holds its ledger up to event ${head.seq}. Push with "badge-station sync push".`,
          };
        }),
      ),
    );
  sync
    .command('push')
    .description('send the ledger events upstream does not hold yet; resumes where the last push stopped')
    .option(...passphraseOption)
    .action(
      run((options: { passphraseFile?: string }, context) =>
        withStation(context, 'sync push', async (station) => {
          const url = openUpstreamUrl(context.dataDir, keyFromPassphrase(STATION_PASSPHRASE_ENV, options.passphraseFile));
          const started = performance.now();
          let said = started;
          const result = await using(await connectAsStation(url), (client) =>
            pushLedger(station, client, {
              onBatch: (acked, localHead) => {
                if (context.json || performance.now() - said < 1000) return;
                said = performance.now();
                process.stderr.write(`Pushed ${acked} of ${localHead} events ...\n`);
              },
            }),
          );
          const seconds = (performance.now() - started) / 1000;
          return {
            result: { ...result, seconds },
            text:
              result.sent === 0
                ? `Upstream already holds every event of station ${station.number} (up to ${result.upstreamHead}).`
                : `Pushed ${result.sent} events in ${seconds.toFixed(1)} s: upstream holds station ${station.number}'s ledger up to event ${result.upstreamHead}.`,
          };
        }),
      ),
    );
  sync
    .command('pull')
    .description(
      "bring upstream's roster changes (applied as an import), clearance keys and other stations' revocations; resumes where the last pull stopped",
    )
    .option(...passphraseOption)
    .action(
      run((options: { passphraseFile?: string }, context) =>
        withStation(context, 'sync pull', async (station, _log, person) => {
          const url = openUpstreamUrl(context.dataDir, keyFromPassphrase(STATION_PASSPHRASE_ENV, options.passphraseFile));
          const started = performance.now();
          const { roster, clearances, revocations } = await using(await connectAsStation(url), async (client) => ({
            roster: await pullRoster(station, client, {
              actor: person.actor,
              onPage: (pulled) => {
                if (!context.json) process.stderr.write(`Pulled ${pulled} roster changes ...\n`);
              },
            }),
            clearances: await pullClearances(station, client),
            revocations: await pullRevocations(station, client),
          }));
          const seconds = (performance.now() - started) / 1000;
          const lines = [
            `Pulled ${roster.pulled} roster changes in ${seconds.toFixed(1)} s: ${roster.added} added, ${roster.changed} changed, ${roster.unchanged} unchanged, ${roster.rejected} refused; ${roster.photosFetched} photos fetched; ${clearances.pulled} holders' clearance keys; ${revocations.pulled} revocations from other stations.`,
            ...roster.problems
              .slice(0, 20)
              .map((p) => `  refused: holder ${p.holderId}, ${p.field || 'row'} "${p.value}": ${p.reason} (correct it upstream)`),
          ];
          if (roster.problems.length > 20) lines.push(`  ... and ${roster.rejected - 20} more (see --json).`);
          return { result: { roster, clearances, revocations, seconds }, text: lines.join('\n') };
        }),
      ),
    );
  sync
    .command('conflicts')
    .description('holders whose badges this station and another both issued (one printed while upstream was out of reach)')
    .option(...passphraseOption)
    .action(
      run((options: { passphraseFile?: string }, context) =>
        withStation(context, 'sync conflicts', async (station) => {
          const url = openUpstreamUrl(context.dataDir, keyFromPassphrase(STATION_PASSPHRASE_ENV, options.passphraseFile));
          await using(await connectAsStation(url), (client) => pushLedger(station, client));
          const conflicts = await using(await connectAsStation(url), (client) => issuanceConflicts(client));
          const lines =
            conflicts.length === 0
              ? [`No holder was issued a badge by station ${station.number} and another station.`]
              : [
                  `${conflicts.length} holders were issued badges by station ${station.number} and another station: void all but one (badge-station void SERIAL --reason data-error).`,
                  ...conflicts.map(
                    (conflict) =>
                      `  ${conflict.holderId}: ${conflict.issues.map((issue) => `${issue.serial} at station ${issue.station} ${new Date(issue.at).toISOString()}`).join('; ')}`,
                  ),
                ];
          return { result: conflicts, text: lines.join('\n') };
        }),
      ),
    );
  sync
    .command('status')
    .description('what upstream acknowledged, the lag, and the last failure (asks upstream too when the passphrase is given)')
    .option(...passphraseOption)
    .action(
      run((options: { passphraseFile?: string }, context) =>
        withStation(context, 'sync status', async (station) => {
          const place = upstreamPlaceOf(context.dataDir);
          const state = syncState(station);
          const lines = [
            place ? `Upstream: ${place}.` : 'No upstream: run "badge-station sync connect".',
            `Ledger: ${state.localHead} events; upstream acknowledged ${state.pushed ? `${state.pushed.seq} at ${new Date(state.pushed.at).toISOString()}` : 'none yet'}; ${state.lagEvents} to push.`,
          ];
          if (state.pulled)
            lines.push(
              `Last pull ${new Date(state.pulled.at).toISOString()}: ${state.pulled.added} added, ${state.pulled.changed} changed, ${state.pulled.refused} refused; ${state.pulled.keys} holders' keys; ${state.pulled.revocations} revocations.`,
            );
          lines.push(
            `The desk pulls every ${pullEveryMinutes(station) ?? DEFAULT_PULL_EVERY_MS / 60_000} minutes while it runs.`,
          );
          if (state.lastFailure)
            lines.push(`Last failure (${new Date(state.lastFailure.at).toISOString()}): ${state.lastFailure.message}`);
          let upstreamNow: number | undefined;
          if (place && (options.passphraseFile || process.env[STATION_PASSPHRASE_ENV])) {
            const url = openUpstreamUrl(context.dataDir, keyFromPassphrase(STATION_PASSPHRASE_ENV, options.passphraseFile));
            const head = await using(await connectAsStation(url), (client) => upstreamHead(station, client));
            upstreamNow = head.seq;
            lines.push(`Upstream holds events up to ${head.seq} now.`);
          }
          return { result: { upstream: place ?? null, ...state, upstreamHeadNow: upstreamNow ?? null }, text: lines.join('\n') };
        }),
      ),
    );
  sync
    .command('schedule')
    .description("how often the desk pulls upstream's roster, keys and revocations while it runs (the event's setting)")
    .argument(
      '<minutes>',
      `minutes between two pulls, ${PULL_EVERY_LIMITS.min} to ${PULL_EVERY_LIMITS.max} (six times a day is 240)`,
    )
    .action(
      run((_options: Record<string, never>, context, [minutes]) =>
        withStation(context, 'sync schedule', async (station) => {
          setPullEveryMinutes(station, Number(minutes));
          return {
            result: { minutes: Number(minutes) },
            text: `The desk pulls from upstream every ${Number(minutes)} minutes (and on Sync now); a desk that is running takes it at its next look.`,
          };
        }),
      ),
    );
}
