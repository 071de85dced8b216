/**
 * Group `sync`: pushing a ledger upstream, against a real PostgreSQL started for the run
 * (test/support/postgres.ts, as the tests start theirs).
 *
 * sync_push_events_per_s: a station's 500,000 events (shaped like a print run's: serials,
 * printers, jobs; one signed-size checkpoint every 1,000) pushed by `pushLedger` as `sync
 * push` pushes them, from a cold start of the push (a fresh connection, nothing upstream
 * yet) to upstream's acknowledgement of the last batch; upstream recomputes every hash.
 * sync_pull_roster_rows_per_s: the demo roster's 500,000 distinct holders (names, pinyin,
 * organisations, types, zones; no photos) put upstream, then pulled into an empty station
 * by `pullRoster` as `sync pull` pulls them (pages of 50,000, each applied as an import:
 * checked, keyed for search, upserted, recorded), from the first query to the last commit.
 * sync_keys_refresh_500k_s: every one of those holders' clearance keys and activation
 * changed upstream, then pulled by `pullClearances` into a station that held the old ones.
 * sync_lag_ms_p95: sync-lag.ts.
 */
import { chmodSync, createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CsvScanner, writeDemoRoster } from '../../electron/core/roster/index.ts';
import { initStation } from '../../electron/core/station/index.ts';
import {
  addUpstreamStation,
  connectAsStation,
  connectUpstream,
  initUpstream,
  pullClearances,
  pullRoster,
  pushLedger,
  UPSTREAM_SCHEMA,
  type UpstreamClient,
} from '../../electron/core/upstream/index.ts';
import { testKek } from '../support/passphrase.ts';
import { startPostgres } from '../support/postgres.ts';
import { printedEvents } from './ledger.ts';
import { note, report } from './report.ts';
import { syncLagBench } from './sync-lag.ts';

const EVENTS = 500_000;
const BATCH = 1_000;
const CHECKPOINT_EVERY = 1_000;

export async function syncBench(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'badge-bench-sync-'));
  // The postgres user must reach its cluster's folder (mkdtemp makes this one 0700).
  chmodSync(root, 0o755);
  const upstream = await startPostgres(join(root, 'upstream'));
  try {
    const admin = await connectUpstream(upstream.adminUrl);
    await initUpstream(admin);
    const { url } = await addUpstreamStation(admin, '007', upstream.adminUrl);
    await admin.end();

    const station = initStation(join(root, 'station'), '007', 'system:bench', testKek());
    for (let done = 0; done < EVENTS; done += BATCH) {
      station.ledger.appendMany(printedEvents(done, Math.min(BATCH, EVENTS - done)));
      if ((done + BATCH) % CHECKPOINT_EVERY === 0) station.checkpoints.take();
    }
    note(`sync: pushing ${station.ledger.head()?.seq} events to a local PostgreSQL ...`);
    const started = process.hrtime.bigint();
    const client = await connectAsStation(url);
    const result = await pushLedger(station, client);
    const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
    await client.end();
    station.close();
    note(`sync: ${result.sent} events in ${elapsed.toFixed(2)} s`);
    report({ name: 'sync_push_events_per_s', value: Math.round(result.sent / elapsed), unit: 'events/s' });

    await pullBench(root, upstream.adminUrl, url);
    await syncLagBench(root, upstream.adminUrl);
  } finally {
    await upstream.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

const HOLDERS = 500_000;

/** Puts the demo roster's holders upstream, as the platform's own tables would hold them. */
async function fillUpstream(root: string, admin: UpstreamClient): Promise<void> {
  const { roster } = await writeDemoRoster({ holders: HOLDERS, out: join(root, 'demo'), photos: false });
  const scanner = new CsvScanner(roster);
  let batch: string[][] = [];
  let header = true;
  const flush = async () => {
    const columns = Array.from({ length: 9 }, (_, c) => batch.map((record) => record[c] ?? ''));
    await admin.query(
      `INSERT INTO ${UPSTREAM_SCHEMA}.holders (holder_id, name, latin_name, organisation, country, doc_type, doc_number, type, zones)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])`,
      columns,
    );
    batch = [];
  };
  for await (const chunk of createReadStream(roster, { encoding: 'utf8' })) {
    for (const record of scanner.push(chunk as string)) {
      if (header) header = false;
      else batch.push(record);
      if (batch.length === 10_000) await flush();
    }
  }
  batch.push(...scanner.end());
  if (batch.length > 0) await flush();
  await admin.query(`INSERT INTO ${UPSTREAM_SCHEMA}.clearances (holder_id, keys, active)
                     SELECT holder_id, '{"vaccination": true, "health_code": "yellow", "test_48h": false}', false
                       FROM ${UPSTREAM_SCHEMA}.holders`);
  await admin.query('VACUUM ANALYZE');
}

async function pullBench(root: string, adminUrl: string, stationUrl: string): Promise<void> {
  const admin = await connectUpstream(adminUrl);
  note(`sync: putting ${HOLDERS} demo holders upstream ...`);
  await fillUpstream(root, admin);
  const station = initStation(join(root, 'pulling'), '007', 'system:bench', testKek());
  try {
    const client = await connectAsStation(stationUrl);
    const started = process.hrtime.bigint();
    const pulled = await pullRoster(station, client, { actor: 'system:bench' });
    const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
    note(`sync: ${pulled.pulled} roster rows in ${elapsed.toFixed(2)} s (${pulled.added} added, ${pulled.rejected} refused)`);
    report({ name: 'sync_pull_roster_rows_per_s', value: Math.round(pulled.pulled / elapsed), unit: 'rows/s' });

    await pullClearances(station, client);
    await admin.query(
      `UPDATE ${UPSTREAM_SCHEMA}.clearances SET keys = '{"vaccination": true, "health_code": "green", "test_48h": true}', active = true`,
    );
    const refreshStarted = process.hrtime.bigint();
    const refreshed = await pullClearances(station, client);
    const refresh = Number(process.hrtime.bigint() - refreshStarted) / 1e9;
    note(`sync: ${refreshed.pulled} holders' keys refreshed in ${refresh.toFixed(2)} s`);
    report({ name: 'sync_keys_refresh_500k_s', value: refresh, unit: 's' });
    await client.end();
  } finally {
    station.close();
    await admin.end();
  }
}
