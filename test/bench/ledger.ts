/**
 * Group `ledger`: the append rate, batched and as the pipeline appends, and the time to
 * verify a 500,000-event ledger.
 *
 * ledger_append_per_s: events appended in batches of 1,000 a transaction (an import's or a
 * migration's pattern, the ledger's ceiling).
 * ledger_append_per_s_per_card_txn: events appended as a print run appends them. The
 * pipeline moves each card through JobStore.advance, one transaction a move, and the move's
 * event (if it has one) lands in that same transaction: claimed -> rendered -> sent carry
 * none, sent -> printed carries BADGE_PRINTED and printed -> issued BADGE_ISSUED (with an
 * encoder, the chip's binding transaction carries CHIP_ENCODED with the move to encoded).
 * So here a real job's cards are claimed and moved by the product's JobStore, the way
 * pipeline.ts does, and the rate is the events over the time of the moves that carry them:
 * one event, one card's move, one transaction.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBadges } from '../../electron/core/badges/index.ts';
import { loadCatalog } from '../../electron/core/catalog/index.ts';
import { type JobItem, JobStore } from '../../electron/core/jobs/index.ts';
import { type NewLedgerEvent, verifyLedger } from '../../electron/core/ledger/index.ts';
import { importRoster, writeDemoRoster } from '../../electron/core/roster/index.ts';
import { initStation, openStation } from '../../electron/core/station/index.ts';
import { testKek } from '../support/passphrase.ts';
import { note, report, seconds } from './report.ts';

const APPEND_EVENTS = 200_000;
/** Cards moved to issued for the per-card rate: two events each. */
const CARDS = 20_000;
const VERIFY_EVENTS = 500_000;
const BATCH = 1_000;

/** Events shaped like a print run's: a serial, a printer, a job item. */
export function printedEvents(from: number, count: number): NewLedgerEvent[] {
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
  const station = openStation(dataDir, 'bench', { kek: testKek() });
  try {
    return seconds(() => {
      for (let done = 0; done < total; done += BATCH)
        station.ledger.appendMany(printedEvents(done, Math.min(BATCH, total - done)));
    });
  } finally {
    station.close();
  }
}

/** A print run's card moves on a job of `cards` badges; the seconds spent in the moves that append an event. */
export async function appendPerCard(
  root: string,
  cards = CARDS,
): Promise<{ dir: string; eventSeconds: number; cardSeconds: number; events: number }> {
  const dir = join(root, 'cards');
  initStation(dir, '7', 'system:bench', testKek()).close();
  const { roster } = await writeDemoRoster({ holders: cards, out: join(root, 'cards-roster'), photos: false });
  const station = openStation(dir, 'bench', { kek: testKek() });
  try {
    await importRoster(station, roster, { actor: 'system:bench' });
    createBadges(station, loadCatalog(), { allWithoutBadge: true, actor: 'system:bench' });
    const jobs = new JobStore(station.db, station.ledger);
    const job = jobs.createJob({ name: 'bench', badges: { unprinted: true }, actor: 'system:bench' });
    const actor = 'op:17';
    const printer = 'printer-1';
    let eventSeconds = 0;
    let events = 0;
    // The moves of pipeline.ts (#carry, #printed, #issue) with the events it appends.
    const withEvent = (move: () => JobItem): JobItem => {
      let moved: JobItem | undefined;
      eventSeconds += seconds(() => {
        moved = move();
      });
      events += 1;
      return moved as JobItem;
    };
    const cardSeconds = seconds(() => {
      for (let n = 0; ; n += 1) {
        let item = jobs.claimNext(printer);
        if (!item) break;
        item = jobs.advance(item.id, 'claimed', 'rendered');
        const sent = jobs.advance(item.id, 'rendered', 'sent', { facts: { print_name: `${item.serial} #${item.id}.1` } });
        const printed = withEvent(() =>
          jobs.advance(sent.id, 'sent', 'printed', {
            facts: { spooler_job: n + 1, print_started_at: Date.now(), print_finished_at: Date.now() },
            event: {
              type: 'BADGE_PRINTED',
              actor,
              subject: `badge:${sent.serial}`,
              data: { serial: sent.serial, job, printer, printerJob: n + 1 },
            },
          }),
        );
        withEvent(() =>
          jobs.advance(printed.id, 'printed', 'issued', {
            event: {
              type: 'BADGE_ISSUED',
              actor,
              subject: `badge:${printed.serial}`,
              data: { serial: printed.serial, job, chip: null },
            },
          }),
        );
      }
    });
    if (jobs.progress(job).byState.issued !== cards) throw new Error('the per-card run did not issue every card');
    return { dir, eventSeconds, cardSeconds, events };
  } finally {
    station.close();
  }
}

function appendOneByOne(dataDir: string, total: number): number {
  const station = openStation(dataDir, 'bench', { kek: testKek() });
  try {
    const events = printedEvents(0, total);
    return seconds(() => {
      for (const event of events) station.ledger.append(event);
    });
  } finally {
    station.close();
  }
}

export async function ledgerBench(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'badge-bench-ledger-'));
  try {
    initStation(join(root, 'append'), '7', 'system:bench', testKek()).close();
    const appendSeconds = appendInBatches(join(root, 'append'), APPEND_EVENTS);
    note(`appended ${APPEND_EVENTS} events in batches of ${BATCH} in ${appendSeconds.toFixed(2)} s`);
    report({ name: 'ledger_append_per_s', value: Math.round(APPEND_EVENTS / appendSeconds), unit: 'events/s' });

    const perCard = await appendPerCard(root);
    note(
      `${CARDS} cards claimed and moved to issued, ${perCard.events} events, each in its card's move's transaction: ${perCard.eventSeconds.toFixed(2)} s in the moves with an event, ${perCard.cardSeconds.toFixed(2)} s for all five transactions a card (${Math.round(CARDS / perCard.cardSeconds)} cards/s)`,
    );
    // For scale: the same number of events alone, one a transaction, with no card moved.
    initStation(join(root, 'single'), '7', 'system:bench', testKek()).close();
    const single = appendOneByOne(join(root, 'single'), perCard.events);
    note(`the same ${perCard.events} events appended alone, one a transaction: ${Math.round(perCard.events / single)} events/s`);
    report({
      name: 'ledger_append_per_s_per_card_txn',
      value: Math.round(perCard.events / perCard.eventSeconds),
      unit: 'events/s',
    });

    const dir = join(root, 'verify');
    initStation(dir, '7', 'system:bench', testKek()).close();
    appendInBatches(dir, VERIFY_EVENTS - 1);
    const station = openStation(dir, 'bench', { kek: testKek() });
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
