/**
 * A roster imported from the desk page, over the core's RPC server on a real station: the
 * file sent in pieces with progress told on `import.progress`, a bad row reported by row
 * and column, a picture refused with the import's own words, broken uploads refused,
 * every other caller told STATION_BUSY with how far the import is, and a badge found by
 * the serial a scanner types.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { createBadges } from '../../electron/core/badges/index.ts';
import { loadCatalog } from '../../electron/core/catalog/index.ts';
import { IMPORT_CHUNK_BYTES } from '../../electron/core/rpc/contract/roster-import.ts';
import { stationHandlers } from '../../electron/core/rpc/handlers/index.ts';
import { openStation } from '../../electron/core/station/index.ts';
import { problemWords } from '../../renderer/src/screens/roster/problem-words.ts';
import { expoClock } from '../support/clock.ts';
import { signedInConnection } from '../support/desk-session.ts';
import { testKek } from '../support/passphrase.ts';
import { HEADER_ZH, jpeg, writeCsv, writeXlsx, writeZip } from '../support/roster.ts';
import { newStation, tempDir } from '../support/station.ts';

interface Reply {
  kind: string;
  id?: number;
  result?: Record<string, unknown>;
  error?: { code: string; message: string };
  topic?: string;
  data?: { share: number; rows: number; stage?: string };
}

const row = (n: number, name = `王伟${n}`, type = '观展证') => [
  `H-${String(n).padStart(6, '0')}`,
  name,
  `Wang Wei ${n}`,
  '上海进出口有限公司',
  '中国',
  '身份证',
  `310101198001${String(n).padStart(6, '0')}`,
  type,
  '',
];

function rosterOf(count: number, from = 1): string[][] {
  const rows = [HEADER_ZH];
  for (let n = from; n < from + count; n += 1) rows.push(row(n));
  return rows;
}

/** An operator's page on a desk's core (the station made, empty, when none is given). */
async function desk(existing?: string) {
  let dataDir = existing;
  if (!dataDir) {
    const station = newStation();
    dataDir = station.dataDir;
    station.close();
  }
  const handlers = stationHandlers(dataDir, { clock: expoClock() });
  const replies = new Map<number, Reply>();
  const events: Reply[] = [];
  const connection = await signedInConnection(
    handlers,
    (frame) => {
      const reply = JSON.parse(frame) as Reply;
      if (reply.kind === 'event') events.push(reply);
      else replies.set(reply.id ?? -1, reply);
    },
    'operator',
  );
  let next = 0;
  const call = async (method: string, params: unknown): Promise<Reply> => {
    next += 1;
    const id = next;
    await connection.receive(JSON.stringify({ kind: 'call', id, method, params }));
    const reply = replies.get(id) as Reply;
    replies.delete(id);
    return reply;
  };
  /** Sends a file as the page does, piece by piece; gives back the upload id. */
  const upload = async (path: string, kind: 'roster' | 'photos' = 'roster'): Promise<string> => {
    const bytes = readFileSync(path);
    const begun = await call('roster.importBegin', { fileName: path.split('/').at(-1), bytes: bytes.length, kind });
    expect(begun.kind, JSON.stringify(begun.error)).toBe('result');
    const id = begun.result?.upload as string;
    for (let index = 0; index * IMPORT_CHUNK_BYTES < bytes.length; index += 1) {
      const piece = bytes.subarray(index * IMPORT_CHUNK_BYTES, (index + 1) * IMPORT_CHUNK_BYTES);
      const sent = await call('roster.importChunk', { upload: id, index, data: piece.toString('base64') });
      expect(sent.kind, JSON.stringify(sent.error)).toBe('result');
    }
    return id;
  };
  void connection.receive(JSON.stringify({ kind: 'subscribe', topic: 'import.progress' }));
  return { call, upload, events, dataDir, close: () => handlers.close() };
}

describe('a roster imported from the desk page', () => {
  it('sends a roster larger than a message in pieces, imports it with progress, and a re-import keeps the holders it does not name', async () => {
    const { call, upload, events, close } = await desk();
    const path = writeCsv(rosterOf(12_000));
    expect(readFileSync(path).length).toBeGreaterThan(2 * IMPORT_CHUNK_BYTES);
    const finished = await call('roster.importFinish', { upload: await upload(path) });
    expect(finished.kind, JSON.stringify(finished.error)).toBe('result');
    expect(finished.result).toMatchObject({ fileName: 'roster.csv', format: 'csv', rows: 12_000, added: 12_000, rejected: 0 });
    const told = events.filter((event) => event.topic === 'import.progress').map((event) => event.data);
    expect(told.at(0)).toMatchObject({ stage: 'reading', share: 0 });
    expect(told.at(-1)).toMatchObject({ stage: 'done', share: 1, rows: 12_000 });
    expect(told.some((progress) => progress?.stage === 'saving')).toBe(true);
    const shares = told.map((progress) => progress?.share ?? -1);
    expect(shares).toEqual([...shares].sort((a, b) => a - b));
    expect(await call('roster.page', { offset: 0, limit: 1 })).toMatchObject({ result: { total: 12_000 } });

    // As `badge-station import` does: a known id is updated, a new one added, the rest kept.
    const again = writeCsv([HEADER_ZH, row(1, '王伟改'), row(19_001)], { name: 'changes.csv' });
    const second = await call('roster.importFinish', { upload: await upload(again) });
    expect(second.result).toMatchObject({ rows: 2, added: 1, changed: 1, unchanged: 0 });
    expect(await call('roster.page', { offset: 0, limit: 1 })).toMatchObject({
      result: { total: 12_001, rows: [{ id: 'H-000001', name: '王伟改' }] },
    });
    close();
  });

  it('reports a bad row by its row and column with what to fix, and imports the good rows', async () => {
    const { call, upload, close } = await desk();
    const rows = rosterOf(3);
    rows[2] = row(2, '李娜', '宇航员证');
    const finished = await call('roster.importFinish', { upload: await upload(writeCsv(rows)) });
    expect(finished.result).toMatchObject({ rows: 3, added: 2, rejected: 1, problemCount: 1 });
    const problems = finished.result?.problems as {
      row: number;
      column: string;
      header: string;
      value: string;
      reason: string;
    }[];
    const [problem] = problems;
    expect(problem).toMatchObject({ row: 3, column: 'H', header: '类别', value: '宇航员证' });
    expect(problem?.reason).toMatch(/\S/);
    close();
  });

  it('makes every kind of row problem the page puts in its own words, and the page knows each', async () => {
    const { call, upload, close } = await desk();
    const bad = (n: number, change: (cells: string[]) => string[]) => change(row(n));
    const rows = [
      HEADER_ZH,
      bad(1, (c) => ['', ...c.slice(1)]),
      bad(2, (c) => ['H 2', ...c.slice(1)]),
      bad(3, (c) => [c[0], '', '', ...c.slice(3)] as string[]),
      bad(4, (c) => [...c.slice(0, 7), '', '']),
      bad(5, (c) => [...c.slice(0, 7), '宇航员证', '']),
      bad(6, (c) => [...c.slice(0, 8), 'H1,ZZ']),
      bad(7, (c) => [c[0], '王'.repeat(301), ...c.slice(2)] as string[]),
      bad(8, (c) => [c[0], '王\n伟', ...c.slice(2)] as string[]),
      bad(9, (c) => [...c, 'extra']),
      bad(10, (c) => c.slice(0, 5)),
      row(11),
      row(11),
      row(12),
    ];
    const zip = writeZip(join(tempDir('photos-'), 'photos.zip'), { 'H-000012.jpg': await jpeg(12) });
    const finished = await call('roster.importFinish', {
      upload: await upload(writeCsv(rows)),
      photos: await upload(zip, 'photos'),
    });
    const problems = (finished.result?.problems ?? []) as { row: number; reason: string }[];
    const known = problems.map((problem) => [problem.row, problemWords(problem.reason)?.key ?? problem.reason]);
    expect(known).toEqual(
      expect.arrayContaining([
        [2, 'idEmpty'],
        [3, 'idBad'],
        [4, 'nameEmpty'],
        [5, 'typeEmpty'],
        [6, 'typeUnknown'],
        [7, 'zoneUnknown'],
        [8, 'tooLong'],
        [9, 'control'],
        [10, 'cellsMore'],
        [11, 'cellsFewer'],
        [12, 'idTwice'],
        [13, 'idTwice'],
      ]),
    );
    // Every problem, photos too, is one the page can say in Chinese.
    expect(known.filter(([, key]) => !/^[a-zA-Z]+$/.test(String(key)))).toEqual([]);
    expect(problemWords('photo: no photo named H-000001.jpg, .jpeg or .png in photos.zip')).toEqual({
      key: 'photoMissing',
      values: { id: 'H-000001', where: 'photos.zip' },
    });
    expect(problemWords('"ZZ", "YY" are not zones; zones are H1 (1号馆)')?.values).toEqual({
      codes: '"ZZ", "YY"',
      zones: 'H1 (1号馆)',
    });
    close();
  });

  it("refuses a picture dropped on the import with the import's own words, and the station stays as it was", async () => {
    const { call, upload, close } = await desk();
    const png = join(tempDir('drop-'), 'floor-plan.png');
    writeFileSync(
      png,
      await sharp({ create: { width: 64, height: 64, channels: 3, background: '#336699' } })
        .png()
        .toBuffer(),
    );
    const id = await upload(png);
    const refused = await call('roster.importFinish', { upload: id });
    expect(refused.error?.code).toBe('ROSTER_UNREADABLE');
    expect(refused.error?.message).toMatch(/^floor-plan\.png is not a roster: .*Export the roster as CSV or XLSX\./);
    // The upload went with its import; the station answers again.
    expect((await call('roster.importFinish', { upload: id })).error?.code).toBe('UPLOAD_NOT_FOUND');
    expect(await call('roster.page', { offset: 0, limit: 1 })).toMatchObject({ result: { total: 0 } });
    close();
  });

  it('refuses pieces out of order, an unknown upload, more bytes than announced, a short upload and an oversize piece', async () => {
    const { call, close } = await desk();
    const begin = async (bytes: number) =>
      (await call('roster.importBegin', { fileName: 'roster.csv', bytes, kind: 'roster' })).result?.upload as string;
    const data = (bytes: number) => Buffer.alloc(bytes, 'a').toString('base64');

    const early = await begin(1000);
    const skipped = await call('roster.importChunk', { upload: early, index: 1, data: data(10) });
    expect(skipped.error).toMatchObject({ code: 'UPLOAD_INVALID' });
    expect(skipped.error?.message).toMatch(/out of order .*choose the file again/);

    const unknown = await call('roster.importChunk', { upload: 'f'.repeat(32), index: 0, data: data(10) });
    expect(unknown.error?.code).toBe('UPLOAD_NOT_FOUND');
    expect((await call('roster.importFinish', { upload: 'e'.repeat(32) })).error?.code).toBe('UPLOAD_NOT_FOUND');

    const small = await begin(10);
    const over = await call('roster.importChunk', { upload: small, index: 0, data: data(11) });
    expect(over.error?.message).toMatch(/larger than the 10 bytes announced/);

    const short = await begin(100);
    await call('roster.importChunk', { upload: short, index: 0, data: data(50) });
    expect((await call('roster.importFinish', { upload: short })).error?.message).toMatch(/Only 50 of the 100 bytes/);

    const big = await begin(4 * IMPORT_CHUNK_BYTES);
    const oversize = await call('roster.importChunk', { upload: big, index: 0, data: data(IMPORT_CHUNK_BYTES + 3) });
    expect(oversize.error?.code).toBe('BAD_PARAMS');
    const huge = await call('roster.importBegin', { fileName: 'all.csv', bytes: 5 * 1024 ** 3, kind: 'roster' });
    expect(huge.error?.code).toBe('BAD_PARAMS');
    close();
  });

  it('tells every other caller STATION_BUSY with how far the import is, and answers them again once it is done', async () => {
    const { call, upload, events, close } = await desk();
    const id = await upload(writeCsv(rosterOf(60_000)));
    const finishing = call('roster.importFinish', { upload: id });
    while (!events.some((event) => event.topic === 'import.progress')) await new Promise((resolve) => setTimeout(resolve, 5));
    for (const [method, params] of [
      ['station.status', {}],
      ['roster.page', { offset: 0, limit: 10 }],
      ['roster.search', { query: 'wang' }],
    ] as const) {
      const busy = await call(method, params);
      expect(busy.error?.code, method).toBe('STATION_BUSY');
      expect(busy.error?.message).toMatch(/^The station is importing a roster \(\d+ %\); try again when that has finished\.$/);
    }
    // A second import meanwhile is refused as busy, and its upload kept for when the station is free.
    const next = await upload(writeCsv([HEADER_ZH, row(70_001)]));
    expect((await call('roster.importFinish', { upload: next })).error?.code).toBe('STATION_BUSY');
    expect((await finishing).result).toMatchObject({ added: 60_000 });
    expect((await call('roster.importFinish', { upload: next })).result).toMatchObject({ added: 1 });
    expect(await call('station.status', {})).toMatchObject({ result: { holders: 60_001 } });
    close();
  });

  it('imports a workbook (XLSX) sent the same way, its bad row named by row and column', async () => {
    const { call, upload, close } = await desk();
    const rows = rosterOf(3);
    rows[3] = row(3, '苏轼', '宇航员证');
    const finished = await call('roster.importFinish', { upload: await upload(await writeXlsx({ 名单: rows })) });
    expect(finished.result).toMatchObject({ fileName: 'roster.xlsx', format: 'xlsx', added: 2, rejected: 1 });
    expect(finished.result).toMatchObject({ problems: [{ row: 4, column: 'H' }] });
    close();
  });

  it('imports a photos zip sent beside the roster', async () => {
    const { call, upload, close } = await desk();
    const roster = await upload(writeCsv(rosterOf(2)));
    const zip = writeZip(join(tempDir('photos-'), 'photos.zip'), {
      'H-000001.jpg': await jpeg(1),
      'H-000002.jpg': await jpeg(2),
    });
    const photos = await upload(zip, 'photos');
    const finished = await call('roster.importFinish', { upload: roster, photos });
    expect(finished.result).toMatchObject({ added: 2, photos: { checked: 2, stored: 2, unmatched: 0 } });
    close();
  });

  it('finds the holder of a scanned serial, in any case, and says plainly when no badge has it', async () => {
    const { call, upload, dataDir, close } = await desk();
    await call('roster.importFinish', { upload: await upload(writeCsv(rosterOf(3))) });
    close();
    const station = openStation(dataDir, 'test', { kek: testKek() });
    const [badge] = createBadges(station, loadCatalog(), { holder: 'H-000002', actor: 'system:test', now: expoClock()() });
    station.close();
    const again = await desk(dataDir);
    const serial = badge?.serial as string;
    expect(await again.call('roster.badge', { serial: serial.toLowerCase() })).toMatchObject({
      result: { serial, holder: 'H-000002', status: 'active' },
    });
    const unknown = await again.call('roster.badge', { serial: 'V-007-0999999-1' });
    expect(unknown.error).toEqual({
      code: 'BADGE_NOT_FOUND',
      message: 'No badge of this station has the serial V-007-0999999-1: check the card, or find its holder by name.',
    });
    expect((await again.call('roster.badge', { serial: 'hello world' })).error?.message).toMatch(/is not a badge serial/);
    again.close();
  });
});
