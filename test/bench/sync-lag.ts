/**
 * sync_lag_ms_p95 (group `sync`): how long an event waits between appearing in the
 * station's ledger and upstream's acknowledgement of it, while a bulk run prints on 16 demo
 * printers. The desk's core as it runs (stationHandlers, with its own Syncer pushing by
 * itself), a demo station of 2,000 distinct holders connected to the local PostgreSQL the
 * group started, every card of it printed through the real pipeline (signed, drawn,
 * encoded on the demo printers' inline encoders) at 100 ms a card per printer: some
 * 4,000 events (printed, issued ...) in under a minute, far faster than a hall's real
 * printers make them. The lag is sampled every 20 ms from the core's own sync state (its
 * ledger head and the head upstream acknowledged), so each event's is within 20 ms.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { demoPassphraseKey, deskDemoFolder, fillDemoStation } from '../../electron/core/demo/index.ts';
import { stationHandlers } from '../../electron/core/rpc/handlers/index.ts';
import { initStation } from '../../electron/core/station/index.ts';
import { addUpstreamStation, connectUpstream } from '../../electron/core/upstream/index.ts';
import { stationDevices } from '../../electron/devices/index.ts';
import { signedInConnection } from '../support/desk-session.ts';
import { note, percentile, report } from './report.ts';

const HOLDERS = 2_000;
const PRINTERS = 16;
const SAMPLE_MS = 20;

export async function syncLagBench(root: string, adminUrl: string): Promise<void> {
  const admin = await connectUpstream(adminUrl);
  const { url } = await addUpstreamStation(admin, '016', adminUrl);
  await admin.end();
  const dataDir = join(root, 'desk');
  const station = initStation(dataDir, '16', 'system:bench', demoPassphraseKey());
  const folder = deskDemoFolder(dataDir);
  mkdirSync(folder, { recursive: true });
  note(`sync: a demo station of ${HOLDERS} holders and ${PRINTERS} demo printers ...`);
  await fillDemoStation({ station, folder, actor: 'system:bench', holders: HOLDERS, printers: PRINTERS, paceMs: 100 });
  station.close();

  const desk = stationHandlers(dataDir, { devices: stationDevices });
  try {
    const frames = new Map<number, { result?: any; error?: { code: string; message: string } }>();
    const connection = await signedInConnection(desk, (text) => {
      const frame = JSON.parse(text);
      if (frame.id !== undefined) frames.set(frame.id, frame);
    });
    let next = 1;
    const call = async (method: string, params: unknown = {}) => {
      const id = next++;
      await connection.receive(JSON.stringify({ kind: 'call', id, method, params }));
      const frame = frames.get(id);
      if (!frame || frame.error) throw new Error(`${method}: ${frame?.error?.message ?? 'no answer'}`);
      return frame.result;
    };
    const passphrase = readFileSync(join(folder, 'demo-passphrase.txt'), 'utf8').trim();
    await call('sync.connect', { url, passphrase });
    await desk.sync.now();

    const printers = (await call('print.printers')).printers.map((printer: { name: string }) => printer.name);
    const batch = await call('print.batch', { from: { kind: 'filters', status: 'unprinted' } });
    const firstSeen = new Map<number, number>();
    const lags: number[] = [];
    let seenHead = desk.sync.state().localHead ?? 0;
    let ackedHead = desk.sync.state().pushed?.seq ?? 0;
    const sample = () => {
      const state = desk.sync.state();
      const now = performance.now();
      for (let seq = seenHead + 1; seq <= (state.localHead ?? 0); seq += 1) firstSeen.set(seq, now);
      seenHead = Math.max(seenHead, state.localHead ?? 0);
      for (let seq = ackedHead + 1; seq <= (state.pushed?.seq ?? 0); seq += 1) {
        const seen = firstSeen.get(seq);
        if (seen !== undefined) lags.push(now - seen);
        firstSeen.delete(seq);
      }
      ackedHead = Math.max(ackedHead, state.pushed?.seq ?? 0);
    };
    const sampler = setInterval(sample, SAMPLE_MS);
    const started = performance.now();
    await call('print.start', { job: batch.job, printers });
    await desk.printing.settled();
    const printed = (performance.now() - started) / 1000;
    // Until upstream holds every event of the run.
    while (desk.sync.state().lagEvents !== 0) await new Promise((resolve) => setTimeout(resolve, SAMPLE_MS));
    sample();
    clearInterval(sampler);
    const [job] = (await call('print.jobs')).jobs;
    note(
      `sync: ${job.issued} cards on ${printers.length} printers in ${printed.toFixed(1)} s; ${lags.length} events pushed while printing, lag p50 ${percentile(lags, 50).toFixed(0)} ms, max ${Math.max(...lags).toFixed(0)} ms`,
    );
    report({ name: 'sync_lag_ms_p95', value: Math.round(percentile(lags, 95)), unit: 'ms' });
  } finally {
    await desk.printing.close();
    await desk.sync.stop();
    desk.close();
  }
}
