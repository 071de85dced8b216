/**
 * The day report: cards issued, reprinted, voided and wasted, by day, person and type, with
 * reasons, from the desk and the command line; every total the same as a count made
 * straight from the ledger's events, and no report at all from a ledger that was altered.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';
import { reissueBadge, voidBadge } from '../../electron/core/badges/index.ts';
import { loadCatalog } from '../../electron/core/catalog/index.ts';
import { addDemoUsers } from '../../electron/core/demo/index.ts';
import { type StationHandlers, stationHandlers } from '../../electron/core/rpc/handlers/index.ts';
import { DATABASE_FILE } from '../../electron/core/station/index.ts';
import { demoPort } from '../../electron/devices/index.ts';
import { DemoEncoder } from '../../native/chips/index.ts';
import { DemoPrinter } from '../../native/printers/index.ts';
import { expoClock } from '../support/clock.ts';
import { person, signedInConnection } from '../support/desk-session.ts';
import { rawStationDatabase } from '../support/passphrase.ts';
import { pipelineOn, pipelineStation } from '../support/pipeline.ts';
import { cli, tempDir } from '../support/station.ts';
import { tamper } from '../support/tamper.ts';

const ZONE = 'Asia/Shanghai';
const actor = 'system:test';

let open: StationHandlers | undefined;
afterEach(() => {
  open?.close();
  open = undefined;
});

/** A station where 12 cards were printed (one bad chip), one badge reprinted and one voided, by named people. */
async function dayOfWork() {
  const desk = await pipelineStation(12, [{ name: 'Desk-A', encoder: 'demo' }], {
    folder: tempDir('badge-report-'),
    clock: expoClock(),
  });
  const station = desk.open();
  await addDemoUsers(station, actor);
  const serials = (station.db.statement('SELECT serial FROM badge_versions ORDER BY serial').all() as { serial: string }[]).map(
    (row) => row.serial,
  );
  const { jobs, run } = pipelineOn(desk, station, 'user:1');
  // The operator (user:1) prints, as the desk would record it.
  jobs.createJob({ name: 'morning', badges: { unprinted: true }, actor: 'user:1', now: desk.clock() });
  const encoder = new DemoEncoder({ name: 'Encoder A', seed: 3, defective: (card) => card === 4 });
  const printer = new DemoPrinter({
    name: 'Desk-A',
    outputDir: tempDir('badge-report-printer-'),
    paceMs: 0,
    durable: false,
    encoder,
  });
  await run([{ printer: demoPort(printer), encoder }]);
  const supervisor = { actor: 'user:2', role: 'supervisor' as const };
  reissueBadge(station, loadCatalog(), { serial: serials[0] as string, reason: 'lost', actor: 'user:1', approval: supervisor });
  voidBadge(station, { serial: serials[1] as string, reason: 'stolen', actor: 'user:2', approval: supervisor });
  station.close();
  return { dataDir: desk.dataDir, serials };
}

/** The same totals, counted straight from the ledger with SQL. */
function countedInTheLedger(dataDir: string) {
  const db = rawStationDatabase(join(dataDir, DATABASE_FILE), { readonly: true });
  try {
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    return {
      issued: count(`SELECT count(*) AS n FROM ledger_events WHERE type = 'BADGE_ISSUED'`),
      reprinted: count(`SELECT count(*) AS n FROM ledger_events WHERE type = 'BADGE_REPRINTED'`),
      voided: count(`SELECT count(*) AS n FROM ledger_events WHERE type = 'BADGE_VOIDED'`),
      rejected: count(
        `SELECT count(*) AS n FROM ledger_events WHERE type = 'CARD_REJECTED' OR (type = 'PRINT_FAILED' AND json_extract(data, '$.cardSpoiled') IS NOT NULL AND json_extract(data, '$.cardSpoiled') != 0)`,
      ),
    };
  } finally {
    db.close();
  }
}

describe('the day report', () => {
  it('counts the day by person and type with reasons, the same as the ledger, for a supervisor at the desk', async () => {
    const { dataDir } = await dayOfWork();
    const counted = countedInTheLedger(dataDir);
    // Twelve badges issued: the one whose chip was bad went out on the next blank.
    expect(counted).toEqual({ issued: 12, reprinted: 1, voided: 1, rejected: 1 });

    open = stationHandlers(dataDir, { clock: expoClock(), timeZone: ZONE });
    const frames: { id?: number; result?: any; error?: { code: string } }[] = [];
    const connection = await signedInConnection(open, (text) => frames.push(JSON.parse(text)), 'supervisor');
    let id = 0;
    const call = async (method: string, params: unknown) => {
      id += 1;
      await connection.receive(JSON.stringify({ kind: 'call', id, method, params }));
      return frames.find((frame) => frame.id === id);
    };
    const today = (await call('reports.day', {}))?.result;
    expect(today).toMatchObject({ station: '007', from: '2026-11-20', to: '2026-11-20', timeZone: ZONE, totals: counted });
    // By person: the operator's cards and their reprint request; the supervisor's void.
    const wangFang = today.rows.filter((row: { user: string }) => row.user === 'Wang Fang 王芳');
    expect(wangFang.reduce((sum: number, row: { issued: number }) => sum + row.issued, 0)).toBe(12);
    expect(wangFang.reduce((sum: number, row: { reprinted: number }) => sum + row.reprinted, 0)).toBe(1);
    expect(today.rows.filter((row: { user: string }) => row.user === 'Li Na 李娜')).toEqual([
      expect.objectContaining({ voided: 1, issued: 0 }),
    ]);
    // Every row names a badge type of the event, and the rows add up to the totals.
    for (const kind of ['issued', 'reprinted', 'voided', 'rejected'] as const)
      expect(today.rows.reduce((sum: number, row: Record<string, number>) => sum + (row[kind] ?? 0), 0)).toBe(counted[kind]);
    expect(today.reasons).toEqual(
      expect.arrayContaining([
        { day: '2026-11-20', kind: 'reprinted', reason: 'lost', count: 1 },
        { day: '2026-11-20', kind: 'voided', reason: 'stolen', count: 1 },
        expect.objectContaining({ day: '2026-11-20', kind: 'rejected', count: 1 }),
      ]),
    );
    // The day before has nothing; a day written wrongly is refused.
    expect((await call('reports.day', { from: '2026-11-19', to: '2026-11-19' }))?.result.totals).toEqual({
      issued: 0,
      reprinted: 0,
      voided: 0,
      rejected: 0,
    });
    expect((await call('reports.day', { from: '20-11-2026' }))?.error?.code).toBe('BAD_PARAMS');
    expect((await call('reports.day', { from: '2026-11-21', to: '2026-11-20' }))?.error?.code).toBe('USAGE');

    const csv = Buffer.from((await call('reports.file', { format: 'csv' }))?.result.base64, 'base64').toString('utf8');
    expect(csv.startsWith('\uFEFFday,station,user,type,issued,reprinted,voided,rejected\r\n')).toBe(true);
    expect(csv).toContain(`total,007,,,${counted.issued},1,1,1\r\n`);
    expect(csv).toContain('2026-11-20,voided,stolen,1\r\n');
    const pdf = await call('reports.file', { format: 'pdf' });
    expect(pdf?.result.fileName).toBe('report-station-007-2026-11-20.pdf');
    const file = join(tempDir(), 'report.pdf');
    writeFileSync(file, Buffer.from(pdf?.result.base64, 'base64'));
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('Day report');
    expect(text).toMatch(/Cards issued\s+12/);
    expect(text).toContain('Wang Fang');
  });

  it('is refused to an operator, and given by the command line to a supervisor as CSV, PDF or JSON', async () => {
    const { dataDir } = await dayOfWork();
    const supervisor = person('supervisor');
    const as = { BADGE_STATION_USER: supervisor.name, BADGE_STATION_SECRET: supervisor.secret };
    const operator = person('operator');
    const refused = cli(['--data', dataDir, 'report', '--day', '2026-11-20', '--time-zone', ZONE], {
      BADGE_STATION_USER: operator.name,
      BADGE_STATION_SECRET: operator.secret,
    });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('report is for supervisor, admin');

    const shown = cli(['--data', dataDir, 'report', '--day', '2026-11-20', '--time-zone', ZONE], as);
    expect(shown.status).toBe(0);
    expect(shown.stdout).toContain('issued 12, reprinted 1, voided 1, rejected cards 1');
    const out = join(tempDir(), 'day.pdf');
    expect(
      cli(['--data', dataDir, 'report', '--day', '2026-11-20', '--time-zone', ZONE, '--format', 'pdf', '--out', out], as).status,
    ).toBe(0);
    expect(execFileSync('pdftotext', [out, '-'], { encoding: 'utf8' })).toContain('Station 007');
    const json = join(tempDir(), 'day.json');
    cli(
      [
        '--data',
        dataDir,
        'report',
        '--from',
        '2026-11-19',
        '--to',
        '2026-11-20',
        '--time-zone',
        ZONE,
        '--format',
        'json',
        '--out',
        json,
      ],
      as,
    );
    expect(JSON.parse(readFileSync(json, 'utf8')).totals).toEqual({ issued: 12, reprinted: 1, voided: 1, rejected: 1 });
  });

  it('gives no report from a ledger altered after the fact, and says which event', async () => {
    const { dataDir } = await dayOfWork();
    tamper(join(dataDir, DATABASE_FILE), (db) =>
      db.prepare(`UPDATE ledger_events SET type = 'BADGE_PRINTED' WHERE type = 'BADGE_VOIDED'`).run(),
    );
    const supervisor = person('supervisor');
    const refused = cli(['--data', dataDir, 'report', '--day', '2026-11-20', '--time-zone', ZONE], {
      BADGE_STATION_USER: supervisor.name,
      BADGE_STATION_SECRET: supervisor.secret,
    });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/No report: the ledger is not intact from event \d+ on/);
  });
});
