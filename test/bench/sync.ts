/**
 * Group `sync`: pushing a ledger upstream, against a real PostgreSQL started for the run
 * (test/support/postgres.ts, as the tests start theirs).
 *
 * sync_push_events_per_s: a station's 500,000 events (shaped like a print run's: serials,
 * printers, jobs; one signed-size checkpoint every 1,000) pushed by `pushLedger` as `sync
 * push` pushes them, from a cold start of the push (a fresh connection, nothing upstream
 * yet) to upstream's acknowledgement of the last batch; upstream recomputes every hash.
 * The other numbers the sync issue names (roster pull, keys refresh, lag during a run)
 * come with the features they measure.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initStation } from '../../electron/core/station/index.ts';
import {
  addUpstreamStation,
  connectAsStation,
  connectUpstream,
  initUpstream,
  pushLedger,
} from '../../electron/core/upstream/index.ts';
import { startPostgres } from '../support/postgres.ts';
import { printedEvents } from './ledger.ts';
import { note, report } from './report.ts';

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

    const station = initStation(join(root, 'station'), '007', 'system:bench');
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
  } finally {
    await upstream.stop();
    rmSync(root, { recursive: true, force: true });
  }
}
