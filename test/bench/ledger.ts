/** Group `ledger`: batched append rate and the time to verify a 500,000-event ledger. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type NewLedgerEvent, verifyLedger } from '../../electron/core/ledger/index.ts';
import { initStation, openStation } from '../../electron/core/station/index.ts';
import { note, report, seconds } from './report.ts';

const APPEND_EVENTS = 200_000;
const VERIFY_EVENTS = 500_000;
const BATCH = 1_000;

/** Events shaped like a print run's: a serial, a printer, a job item. */
function printedEvents(from: number, count: number): NewLedgerEvent[] {
  return Array.from({ length: count }, (_, i) => {
    const n = from + i;
    return {
      type: 'BADGE_PRINTED',
      actor: 'op:17',
      subject: `badge:${n}`,
      data: { serial: `E-007-${String(n).padStart(7, '0')}-1`, printer: `printer-${n % 6}`, job: 42, item: n },
    };
  });
}

function appendInBatches(dataDir: string, total: number): number {
  const station = openStation(dataDir, 'bench');
  try {
    return seconds(() => {
      for (let done = 0; done < total; done += BATCH)
        station.ledger.appendMany(printedEvents(done, Math.min(BATCH, total - done)));
    });
  } finally {
    station.close();
  }
}

export async function ledgerBench(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'badge-bench-ledger-'));
  try {
    initStation(join(root, 'append'), '7', 'system:bench').close();
    const appendSeconds = appendInBatches(join(root, 'append'), APPEND_EVENTS);
    note(`appended ${APPEND_EVENTS} events in batches of ${BATCH} in ${appendSeconds.toFixed(2)} s`);
    report({ name: 'ledger_append_per_s', value: Math.round(APPEND_EVENTS / appendSeconds), unit: 'events/s' });

    const dir = join(root, 'verify');
    initStation(dir, '7', 'system:bench').close();
    appendInBatches(dir, VERIFY_EVENTS - 1);
    const station = openStation(dir, 'bench');
    try {
      let intact = false;
      const verifySeconds = seconds(() => {
        intact = verifyLedger(station.db, station.ledger).intact;
      });
      if (!intact) throw new Error('the benchmark ledger did not verify');
      report({ name: 'ledger_verify_500k_s', value: verifySeconds, unit: 's' });
    } finally {
      station.close();
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
