/**
 * The Today screen's figures over the core's RPC server, as the page asks for them, on a
 * station whose cards went through the real print pipeline on demo printers: issued by
 * type and by hour of the station's day, a bad chip's reject with its reason, each
 * printer's pace, and the holders still waiting for a badge.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { reprintBadge } from '../../electron/core/badges/index.ts';
import { loadCatalog } from '../../electron/core/catalog/index.ts';
import type { PipelineDevice } from '../../electron/core/jobs/index.ts';
import type { Result } from '../../electron/core/rpc/contract/index.ts';
import { stationHandlers } from '../../electron/core/rpc/handlers/index.ts';
import { dayIn } from '../../electron/core/rpc/handlers/today-tally.ts';
import { demoPort } from '../../electron/devices/index.ts';
import { DemoEncoder } from '../../native/chips/index.ts';
import { DemoPrinter } from '../../native/printers/index.ts';
import { EXPO_DAY_MS, expoClock } from '../support/clock.ts';
import { signedInConnection } from '../support/desk-session.ts';
import { type PipelineStation, pipelineOn, pipelineStation } from '../support/pipeline.ts';
import { tempDir } from '../support/station.ts';

const HOUR_MS = 3_600_000;
const actor = 'system:test';
/** The expo's 09:00 UTC is 17:00 in Shanghai: the station's day runs from 16:00 UTC the day before. */
const ZONE = 'Asia/Shanghai';

type Figures = Result<'today.figures'>;

const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

/**
 * A page's connection to the core on `dataDir`, on the station's clock and zone. The core
 * holds the station's database alone while open, so `release()` lets the test print
 * between two asks (the handlers and what they keep stay, as in a core that never stops).
 */
async function deskOn(dataDir: string, clock: () => number) {
  // The test's clock leaps hours between two asks, which no desk would sit through unlocked.
  const station = stationHandlers(dataDir, { clock, timeZone: ZONE, sessions: { idleMs: 7 * EXPO_DAY_MS } });
  let last = '';
  const connection = await signedInConnection(
    station,
    (frame) => {
      last = frame;
    },
    'supervisor',
  );
  station.close();
  closers.push(() => {
    connection.close();
    station.close();
  });
  let id = 0;
  const ask = async (): Promise<Figures> => {
    id += 1;
    await connection.receive(JSON.stringify({ kind: 'call', id, method: 'today.figures', params: {} }));
    const frame = JSON.parse(last) as { kind: string; result?: Figures; error?: unknown };
    station.close();
    if (frame.kind !== 'result') throw new Error(`today.figures failed: ${JSON.stringify(frame.error)}`);
    return frame.result as Figures;
  };
  return ask;
}

/** Prints `serials` (all unprinted badges when absent) through the real pipeline on `devices`. */
async function print(desk: PipelineStation, devices: PipelineDevice[], serials?: string[]): Promise<void> {
  const station = desk.open();
  try {
    const { jobs, run } = pipelineOn(desk, station);
    jobs.createJob({ name: 'batch', badges: serials ? { serials } : { unprinted: true }, actor, now: desk.clock() });
    await run(devices);
  } finally {
    station.close();
  }
}

/** A station clock that starts at the expo's 09:00 UTC and that the test moves on by hours. */
function movableClock() {
  const expo = expoClock();
  let ahead = 0;
  return { clock: () => expo() + ahead, later: (hours: number) => (ahead += hours * HOUR_MS) };
}

describe('today.figures', () => {
  it('counts the cards issued today by type and by hour, a bad chip with its reason, each printer pace and who still waits', async () => {
    const { clock, later } = movableClock();
    const desk = await pipelineStation(30, [{ name: 'Desk-A', encoder: 'demo' }, { name: 'Desk-B' }], {
      folder: tempDir('badge-station-today-'),
      clock,
    });
    const figures = await deskOn(desk.dataDir, clock);

    const before = await figures();
    expect(before.issued.total).toBe(0);
    expect(before.withoutBadge.total).toBe(30);
    expect(before.timeZone).toBe(ZONE);
    expect(before.day).toEqual(dayIn(ZONE, EXPO_DAY_MS));
    expect(before.day.start).toBe(Date.UTC(2026, 10, 19, 16));

    const station = desk.open();
    closers.push(() => station.close());
    const serials = (station.db.statement('SELECT serial FROM badge_versions ORDER BY serial').all() as { serial: string }[]).map(
      (row) => row.serial,
    );
    const typeOf = new Map(
      (station.db.statement('SELECT serial, type FROM badge_versions').all() as { serial: string; type: string }[]).map((row) => [
        row.serial,
        row.type,
      ]),
    );
    station.close();
    // 17:00 in Shanghai: eight cards, the encoder's second blank a bad chip.
    const encoder = new DemoEncoder({ name: 'Encoder A', seed: 21, defective: (card) => card === 2 });
    const deskA = new DemoPrinter({
      name: 'Desk-A',
      outputDir: tempDir('badge-station-demo-printer-'),
      paceMs: 0,
      durable: false,
      encoder,
    });
    await print(desk, [{ printer: demoPort(deskA), encoder }], serials.slice(0, 8));
    const afterFirst = await figures();

    // 18:00: five more on another printer.
    later(1);
    const deskB = new DemoPrinter({
      name: 'Desk-B',
      outputDir: tempDir('badge-station-demo-printer-'),
      paceMs: 0,
      durable: false,
    });
    await print(desk, [{ printer: demoPort(deskB) }], serials.slice(8, 13));
    const now = await figures();

    const expected = new Map<string, number>();
    for (const serial of serials.slice(0, 13))
      expected.set(typeOf.get(serial) ?? '', (expected.get(typeOf.get(serial) ?? '') ?? 0) + 1);

    expect(afterFirst.issued.total).toBe(8);
    expect(now.issued.total).toBe(13);
    for (const type of now.issued.byType) expect(type.issued, type.type).toBe(expected.get(type.type) ?? 0);
    // Every type of the catalogue, named in both languages beside its colour.
    expect(now.issued.byType.find((type) => type.type === 'exhibitor')).toMatchObject({
      nameEn: 'Exhibitor',
      nameZh: '参展证',
      colour: '#1F5FBF',
    });
    // Hours from midnight in Shanghai: 17:00 has the first job's eight, 18:00 the second's five.
    expect(now.issued.byHour).toHaveLength(19);
    expect(now.issued.byHour[17]).toEqual({ start: Date.UTC(2026, 10, 20, 9), issued: 8 });
    expect(now.issued.byHour[18]).toEqual({ start: Date.UTC(2026, 10, 20, 10), issued: 5 });
    expect(now.issued.byHour.slice(0, 17).every((hour) => hour.issued === 0)).toBe(true);

    expect(now.rejects.total).toBe(1);
    expect(now.rejects.byReason).toEqual([{ kind: 'chip', reason: 'WRITE_FAILED', count: 1 }]);
    expect(now.rejects.latest).toEqual([
      // The bad chip came from Desk-A's encoder: the reject box to look in.
      expect.objectContaining({ kind: 'chip', reason: 'WRITE_FAILED', serial: expect.stringMatching(/-\d$/), printer: 'Desk-A' }),
    ]);

    expect(now.withoutBadge.total).toBe(30 - 13);
    expect(now.withoutBadge.byType.reduce((sum, type) => sum + type.holders, 0)).toBe(30);
    expect(now.holders).toBe(30);
    // The counts moved on from the earlier answers are the counts made afresh.
    const fresh = await (await deskOn(desk.dataDir, clock))();
    expect({ ...fresh, at: 0, printers: [] }).toEqual({ ...now, at: 0, printers: [] });

    // Paces are cards printed in the last hour: Desk-A's cards were an hour ago, so only Desk-B's count.
    expect(now.printers).toEqual([
      { name: 'Desk-A', driver: 'demo', state: 'idle', code: null, cardsPerHour: 0, ribbonLeft: null },
      { name: 'Desk-B', driver: 'demo', state: 'idle', code: null, cardsPerHour: 5, ribbonLeft: null },
    ]);
    expect(afterFirst.printers[0]).toMatchObject({ name: 'Desk-A', cardsPerHour: 8 });
    expect(now.jobs).toEqual([]);
  });

  it('starts a new day at the station zone midnight, the earlier day counted nowhere; a reprinted badge makes its holder wait again', async () => {
    const { clock, later } = movableClock();
    const desk = await pipelineStation(4, [{ name: 'Demo-1', paceMs: 0 }], { folder: tempDir('badge-station-today-'), clock });
    const figures = await deskOn(desk.dataDir, clock);
    const printer = new DemoPrinter({
      name: 'Demo-1',
      outputDir: join(desk.dataDir, 'demo-printers', 'Demo-1'),
      paceMs: 0,
      durable: false,
    });
    await print(desk, [{ printer: demoPort(printer) }]);
    const today = await figures();
    expect(today.issued.total).toBe(4);
    expect(today.printers).toEqual([
      { name: 'Demo-1', driver: 'demo', state: 'idle', code: null, cardsPerHour: 4, ribbonLeft: null },
    ]);
    expect(today.withoutBadge.total).toBe(0);
    // 17:xx to the next day's 00:xx in Shanghai.
    later(7);
    const tomorrow = await figures();
    expect(tomorrow.day.start).toBe(today.day.end);
    expect(tomorrow.issued.total).toBe(0);
    expect(tomorrow.issued.byHour).toHaveLength(1);
    expect(tomorrow.printers[0]?.cardsPerHour).toBe(0);
    // Holders who got their badge yesterday still have it.
    expect(tomorrow.withoutBadge.total).toBe(0);

    // A lost badge reprinted: its holder waits for the new card (counted again, not moved on).
    const station = desk.open();
    const holder = station.db.statement('SELECT id, type FROM holders ORDER BY id LIMIT 1').get() as { id: string; type: string };
    reprintBadge(station, loadCatalog(), holder.id, { reason: 'lost', actor, now: clock() });
    station.close();
    const reprinted = await figures();
    expect(reprinted.withoutBadge.total).toBe(1);
    expect(reprinted.withoutBadge.byType.find((type) => type.type === holder.type)?.without).toBe(1);
    await print(desk, [{ printer: demoPort(printer) }]);
    const again = await figures();
    expect(again.withoutBadge.total).toBe(0);
    expect(again.issued.total).toBe(1);
  });
});
