/**
 * The roster screen's methods over the core's RPC server, on a real station: pages of the
 * roster with their filters and total, one holder's file with photo, badges and ledger
 * history, and bad params refused with BAD_PARAMS.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { createBadges, reprintBadge } from '../../electron/core/badges/index.ts';
import { loadCatalog } from '../../electron/core/catalog/index.ts';
import { importRoster, MAX_PHOTO_SENT_BYTES } from '../../electron/core/roster/index.ts';
import { rosterPage } from '../../electron/core/roster/listing.ts';
import { stationHandlers } from '../../electron/core/rpc/handlers/index.ts';
import { rosterHandlers } from '../../electron/core/rpc/handlers/roster.ts';
import { sessionGate, sessionHandlers } from '../../electron/core/rpc/handlers/session.ts';
import { stationAccess } from '../../electron/core/rpc/handlers/station-access.ts';
import type { Handlers } from '../../electron/core/rpc/server.ts';
import { openStation, type Station } from '../../electron/core/station/index.ts';
import { expoClock } from '../support/clock.ts';
import { signedInConnection } from '../support/desk-session.ts';
import { TEST_PASSPHRASE, testKek } from '../support/passphrase.ts';
import { HEADER_ZH, jpeg, writeCsv } from '../support/roster.ts';
import { newStation, tempDir } from '../support/station.ts';

const row = (id: string, name: string, organisation: string, type: string, zones = '') => [
  id,
  name,
  '',
  organisation,
  '中国',
  '身份证',
  `31010119800101${id.slice(-4)}`,
  type,
  zones,
];

/** A camera's photo: noise, so it does not compress below the size the desk sends as it is. */
function largePhoto(): Promise<Buffer> {
  const side = 1200;
  const pixels = Buffer.alloc(side * side * 3);
  let seed = 7;
  for (let i = 0; i < pixels.length; i += 1) {
    seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff;
    pixels[i] = seed >> 16;
  }
  return sharp(pixels, { raw: { width: side, height: side, channels: 3 } })
    .jpeg({ quality: 95 })
    .toBuffer();
}

interface Reply {
  kind: string;
  result?: Record<string, unknown>;
  error?: { code: string; message: string };
}

/** A station with a small roster, served by the RPC server the desk socket uses; `before` works on it first. */
async function desk(before?: (station: Station) => void) {
  const clock = expoClock();
  const station = newStation();
  const photos = join(tempDir('photos-'), 'photos');
  mkdirSync(photos);
  const rows = [HEADER_ZH];
  for (let n = 1; n <= 120; n += 1) {
    const id = `H-${String(n).padStart(4, '0')}`;
    const type = n % 10 === 0 ? '媒体证' : n % 3 === 0 ? '参展证' : '观展证';
    const organisation = n % 4 === 0 ? '北京食品有限公司' : '上海进出口有限公司';
    rows.push(row(id, `王伟${n}`, organisation, type, n === 3 ? 'H4,XS' : ''));
    writeFileSync(join(photos, `${id}.jpg`), await jpeg(n));
  }
  rows.push(row('H-0200', '欧阳娜娜', '上海进出口有限公司', '参展证'));
  writeFileSync(join(photos, 'H-0200.jpg'), await largePhoto());
  await importRoster(station, writeCsv(rows), { actor: 'system:test', photos });
  const catalog = loadCatalog();
  const now = clock();
  createBadges(station, catalog, { holder: 'H-0001', actor: 'system:test', now });
  createBadges(station, catalog, { holder: 'H-0200', actor: 'system:test', now });
  reprintBadge(station, catalog, 'H-0200', { reason: 'lost', actor: 'system:test', now: now + 60_000 });
  const [gone] = createBadges(station, catalog, { holder: 'H-0002', actor: 'system:test', now });
  // No command voids a badge yet; its revoked state is written as that command will write it.
  station.db
    .statement(`UPDATE badge_versions SET status = 'revoked', revoke_reason = 'stolen', revoked_at = ? WHERE serial = ?`)
    .run(now, gone?.serial);
  before?.(station);
  station.close();

  const handlers = stationHandlers(station.dataDir);
  const inbox: Reply[] = [];
  const connection = await signedInConnection(handlers, (frame) => inbox.push(JSON.parse(frame) as Reply), 'operator');
  let id = 0;
  const call = async (method: string, params: unknown): Promise<Reply> => {
    id += 1;
    await connection.receive(JSON.stringify({ kind: 'call', id, method, params }));
    return inbox.shift() as Reply;
  };
  return { call, close: () => handlers.close(), dataDir: station.dataDir };
}

describe('the roster over the RPC server', () => {
  it('pages through the roster in id order with its total, and filters by type, organisation, zone and badge status', async () => {
    const { call, close } = await desk();
    const first = await call('roster.page', { offset: 0, limit: 50 });
    expect(first.kind).toBe('result');
    expect(first.result?.total).toBe(121);
    const rows = first.result?.rows as { id: string; badgeStatus: string; serial: string | null; zones: string[] }[];
    expect(rows).toHaveLength(50);
    expect(rows[0]).toMatchObject({ id: 'H-0001', name: '王伟1', type: 'visitor', badgeStatus: 'active' });
    expect(rows[0]?.serial).toMatch(/^V-007-/);
    expect(rows[1]).toMatchObject({ id: 'H-0002', badgeStatus: 'revoked' });
    expect(rows[2]).toMatchObject({ id: 'H-0003', type: 'exhibitor', zones: ['H4', 'XS'], serial: null, badgeStatus: 'none' });

    const last = await call('roster.page', { offset: 100, limit: 500 });
    expect((last.result as { rows: { id: string }[] }).rows.map((r) => r.id).slice(-2)).toEqual(['H-0120', 'H-0200']);
    expect(await call('roster.page', { offset: 5000, limit: 10 })).toMatchObject({ result: { total: 121, rows: [] } });

    const count = async (filters: Record<string, string>) =>
      ((await call('roster.page', { offset: 0, limit: 500, filters })).result as { total: number; rows: { id: string }[] }).total;
    expect(await count({ type: 'media' })).toBe(12);
    expect(await count({ organisation: '北京' })).toBe(30);
    expect(await count({ organisation: '北京 食品' })).toBe(30);
    // Exhibitors' default zones have XS, and H-0003's own zones (H4, XS) do too; media's have PC.
    expect(await count({ zone: 'XS' })).toBe(37);
    expect(await count({ zone: 'pc' })).toBe(12);
    expect(await count({ badge: 'active' })).toBe(2);
    expect(await count({ badge: 'revoked' })).toBe(1);
    expect(await count({ badge: 'none' })).toBe(118);
    expect(await count({ type: 'media', organisation: '北京', badge: 'none' })).toBe(6);
    close();
  });

  it('shows each holder’s clearance keys and activation as upstream gave them, and filters ready or not, fresh after a pull', async () => {
    // What a pull writes (upstream/pull.ts): H-0001 active with its three keys, H-0002 not yet,
    // and a holder this station does not have (kept until the holder comes).
    const pulled = (station: Station, rows: [string, string, number][]) => {
      for (const [holder, keys, active] of rows)
        station.db
          .statement(
            `INSERT INTO holder_clearances (holder_id, keys, active, pulled_at) VALUES (?, ?, ?, ?)
             ON CONFLICT (holder_id) DO UPDATE SET keys = excluded.keys, active = excluded.active, pulled_at = excluded.pulled_at`,
          )
          .run(holder, keys, active, Date.now());
    };
    const { call, close, dataDir } = await desk((station) =>
      pulled(station, [
        ['H-0001', '{"health_code":"green","test_48h":true,"vaccination":true}', 1],
        ['H-0002', '{"health_code":"yellow","test_48h":false,"vaccination":true}', 0],
        ['U-9999', '{}', 1],
      ]),
    );
    const count = async (filters: Record<string, string>) =>
      ((await call('roster.page', { offset: 0, limit: 500, filters })).result as { total: number }).total;
    const rows = ((await call('roster.page', { offset: 0, limit: 3 })).result as { rows: { clearance: unknown }[] }).rows;
    expect(rows.map((row) => row.clearance)).toEqual([
      { active: true, keys: { health_code: 'green', test_48h: true, vaccination: true } },
      { active: false, keys: { health_code: 'yellow', test_48h: false, vaccination: true } },
      null,
    ]);
    expect(await count({ clearance: 'ready' })).toBe(1);
    expect(await count({ clearance: 'waiting' })).toBe(120);
    expect(await count({ clearance: 'ready', type: 'visitor' })).toBe(1);
    expect((await call('roster.holder', { id: 'H-0002' })).result?.clearance).toEqual({
      active: false,
      keys: { health_code: 'yellow', test_48h: false, vaccination: true },
    });
    expect((await call('roster.holder', { id: 'H-0003' })).result?.clearance).toBeNull();
    expect((await call('roster.page', { offset: 0, limit: 5, filters: { clearance: 'yes' } })).error?.code).toBe('BAD_PARAMS');
    close();

    // A later pull activates H-0002: a listing kept from before is read again.
    const station = openStation(dataDir, 'test', { kek: testKek() });
    try {
      expect(rosterPage(station.db, { offset: 0, limit: 10, filters: { clearance: 'ready' } }).total).toBe(1);
      pulled(station, [['H-0002', '{"health_code":"green","test_48h":true,"vaccination":true}', 1]]);
      expect(rosterPage(station.db, { offset: 0, limit: 10, filters: { clearance: 'ready' } }).rows.map((row) => row.id)).toEqual(
        ['H-0001', 'H-0002'],
      );
    } finally {
      station.close();
    }
  });

  it('gives the same rows near the top of the roster, read from the index, as read from the listing', async () => {
    const { close, dataDir } = await desk();
    close();
    const station = openStation(dataDir, 'test', { kek: testKek() });
    try {
      for (const [offset, limit] of [
        [0, 200],
        [0, 1],
        [37, 50],
        [119, 10],
        [121, 10],
      ] as const) {
        const fromIndex = rosterPage(station.db, { offset, limit });
        expect(fromIndex).toEqual(rosterPage(station.db, { offset, limit }, 0));
        expect(fromIndex.total).toBe(121);
      }
      expect(rosterPage(station.db, { offset: 0, limit: 3 }).rows.map((r) => [r.id, r.badgeStatus])).toEqual([
        ['H-0001', 'active'],
        ['H-0002', 'revoked'],
        ['H-0003', 'none'],
      ]);
    } finally {
      station.close();
    }
  });

  it('shows holders imported and badges made after a page was read, in the same core', async () => {
    const { dataDir, close } = await desk();
    close();
    const access = stationAccess(dataDir);
    access.openWith(TEST_PASSPHRASE);
    const handlers = { ...sessionHandlers(access), ...rosterHandlers(access) } as unknown as Handlers;
    const replies: Reply[] = [];
    const connection = await signedInConnection(
      { handlers, gate: sessionGate(access) },
      (frame) => replies.push(JSON.parse(frame) as Reply),
      'operator',
    );
    const page = async (params: unknown) => {
      await connection.receive(JSON.stringify({ kind: 'call', id: 1, method: 'roster.page', params }));
      return replies.shift()?.result as { total: number; rows: { id: string; badgeStatus: string }[] };
    };
    expect((await page({ offset: 0, limit: 10 })).total).toBe(121);
    expect((await page({ offset: 0, limit: 10, filters: { badge: 'active' } })).total).toBe(2);
    await importRoster(access.station(), writeCsv([HEADER_ZH, row('H-0300', '司马光', '湖南商会', '观展证')]), {
      actor: 'system:test',
    });
    expect(await page({ offset: 121, limit: 10 })).toMatchObject({ total: 122, rows: [{ id: 'H-0300', badgeStatus: 'none' }] });
    createBadges(access.station(), loadCatalog(), { holder: 'H-0300', actor: 'system:test', now: expoClock()() });
    expect(await page({ offset: 0, limit: 10, filters: { badge: 'active' } })).toMatchObject({
      total: 3,
      rows: [{ id: 'H-0001' }, { id: 'H-0200' }, { id: 'H-0300', badgeStatus: 'active' }],
    });
    access.close();
  });

  it("opens a holder's file: fields, photo, each badge's versions and its ledger history", async () => {
    const { call, close } = await desk();
    const reply = await call('roster.holder', { id: 'H-0200' });
    expect(reply.kind).toBe('result');
    const file = reply.result as {
      holder: Record<string, unknown>;
      photo: { format: string; dataUrl: string; width: number };
      badges: { versions: { status: string; revokeReason: string | null }[]; history: { type: string; serial: string }[] }[];
    };
    expect(file.holder).toMatchObject({ id: 'H-0200', name: '欧阳娜娜', type: 'exhibitor', country: '中国' });
    // The photo is over what a message carries as it is: it comes as a smaller JPEG of itself.
    const sent = Buffer.from(file.photo.dataUrl.replace(/^data:image\/jpeg;base64,/, ''), 'base64');
    expect(sent.length).toBeLessThanOrEqual(MAX_PHOTO_SENT_BYTES);
    expect(await sharp(sent).metadata()).toMatchObject({ format: 'jpeg', width: 800, height: 800 });
    expect(file.badges).toHaveLength(1);
    expect(file.badges[0]?.versions.map((v) => [v.status, v.revokeReason])).toEqual([
      ['revoked', 'lost'],
      ['active', null],
    ]);
    expect(file.badges[0]?.history.map((event) => event.type)).toEqual(['BADGE_CREATED', 'BADGE_REPRINTED']);

    const small = (await call('roster.holder', { id: 'H-0003' })).result as { photo: { dataUrl: string }; badges: unknown[] };
    expect(small.photo.dataUrl).toMatch(/^data:image\/jpeg;base64,\/9j\//);
    expect(small.badges).toEqual([]);

    expect(await call('roster.holder', { id: 'H-9999' })).toMatchObject({
      kind: 'error',
      error: { code: 'HOLDER_NOT_FOUND', message: expect.stringContaining('H-9999') },
    });
    close();
  });

  it('answers a search with the rows the roster lists: zones, badge status and serial too', async () => {
    const { call, close } = await desk();
    expect(await call('roster.search', { query: 'oynn' })).toMatchObject({
      kind: 'result',
      result: {
        holders: [
          { id: 'H-0200', name: '欧阳娜娜', type: 'exhibitor', zones: expect.arrayContaining(['XS']), badgeStatus: 'active' },
        ],
      },
    });
    close();
  });

  it('offers the event types and zones for the filters', async () => {
    const { call, close } = await desk();
    const { result } = await call('roster.filters', {});
    expect(result?.types).toContainEqual({ code: 'exhibitor', nameZh: '参展证', nameEn: 'Exhibitor' });
    expect(result?.zones).toContainEqual(expect.objectContaining({ code: 'XS' }));
    close();
  });

  it('refuses bad params with BAD_PARAMS and says which', async () => {
    const { call, close } = await desk();
    for (const [method, params, where] of [
      ['roster.page', { offset: 0, limit: 501 }, 'limit'],
      ['roster.page', { offset: -1, limit: 10 }, 'offset'],
      ['roster.page', { offset: 0.5, limit: 10 }, 'offset'],
      ['roster.page', { offset: 0, limit: 10, filters: { badge: 'lost' } }, 'filters.badge'],
      ['roster.page', { offset: 0, limit: 10, filters: { type: "x' OR 1=1" } }, 'filters.type'],
      ['roster.page', { offset: 0, limit: 10, filters: { colour: 'red' } }, 'filters'],
      ['roster.page', { offset: 0, limit: 10, sort: 'name' }, 'params'],
      ['roster.holder', {}, 'id'],
      ['roster.holder', { id: '' }, 'id'],
      ['roster.holder', { id: 'H-0001', photo: false }, 'params'],
    ] as const) {
      expect(await call(method, params), `${method} ${JSON.stringify(params)}`).toMatchObject({
        kind: 'error',
        error: { code: 'BAD_PARAMS', message: expect.stringContaining(where) },
      });
    }
    // And it goes on answering.
    expect((await call('roster.page', { offset: 0, limit: 1 })).result?.total).toBe(121);
    close();
  });
});
