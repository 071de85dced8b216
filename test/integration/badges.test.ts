import { describe, expect, it } from 'vitest';
import { activeVersion, badgeVersions, createBadges, parseSerial, reprintBadge } from '../../electron/core/badges/index.ts';
import { loadCatalog } from '../../electron/core/catalog/index.ts';
import { verifyLedger } from '../../electron/core/ledger/index.ts';
import { importRoster } from '../../electron/core/roster/index.ts';
import type { Station } from '../../electron/core/station/index.ts';
import { HEADER_ZH, writeCsv } from '../support/roster.ts';
import { cli, newStation } from '../support/station.ts';

const catalog = loadCatalog();
const actor = 'system:test';
const row = (id: string, type: string) => [id, `王${id}`, '', '', '', '', '', type, ''];

async function stationWith(rows: string[][], number = '007'): Promise<Station> {
  const station = newStation(number);
  await importRoster(station, writeCsv([HEADER_ZH, ...rows]), { actor });
  return station;
}

describe('badges and serials', () => {
  it('a first badge gets serial type letter, station, counter and version 1, recorded in the ledger', async () => {
    const station = await stationWith([row('H-1', '参展证'), row('H-2', '媒体证')]);
    const [first] = createBadges(station, catalog, { holder: 'H-1', actor });
    const [second] = createBadges(station, catalog, { holder: 'H-2', actor });
    expect(first).toMatchObject({ serial: 'E-007-0000001-1', version: 1, status: 'active', type: 'exhibitor' });
    expect(second?.serial).toBe('M-007-0000002-1');
    expect(parseSerial('m-007-0000002-1')).toEqual({ letter: 'M', station: '007', counter: 2, version: 1 });
    const event = [...station.ledger.events()].at(-1);
    expect(event).toMatchObject({ type: 'BADGE_CREATED', subject: 'badge:M-007-0000002-1' });
    expect(JSON.parse(event?.data ?? '{}')).toMatchObject({ serial: 'M-007-0000002-1', holder: 'H-2', version: 1 });
    station.close();
  });

  it('a holder has at most one active badge: a second is refused, and the database refuses it too', async () => {
    const station = await stationWith([row('H-1', '观展证')]);
    createBadges(station, catalog, { holder: 'H-1', actor });
    expect(() => createBadges(station, catalog, { holder: 'H-1', actor })).toThrow(
      expect.objectContaining({
        code: 'BADGE_EXISTS',
        message: expect.stringContaining('already has the active badge V-007-0000001-1'),
      }),
    );
    expect(() =>
      station.db
        .statement(
          `INSERT INTO badge_versions (serial, badge, holder, version, type, zones, status, created_at) VALUES ('V-007-0000009-1', 1, 'H-1', 2, 'visitor', '', 'active', 0)`,
        )
        .run(),
    ).toThrow(/UNIQUE/);
    expect(() => createBadges(station, catalog, { holder: 'H-404', actor })).toThrow(
      expect.objectContaining({ code: 'HOLDER_NOT_FOUND' }),
    );
    station.close();
  });

  it('a reprint makes the next version of the same badge and revokes the one before', async () => {
    const station = await stationWith([row('H-1', '观展证')]);
    const [badge] = createBadges(station, catalog, { holder: 'H-1', actor });
    const reprint = reprintBadge(station, catalog, 'H-1', { reason: 'lost', actor: 'supervisor:3' });
    expect(reprint).toMatchObject({ serial: 'V-007-0000001-2', badge: badge?.badge, version: 2, status: 'active' });
    expect(badgeVersions(station, reprint.badge).map((v) => [v.serial, v.status])).toEqual([
      ['V-007-0000001-1', 'revoked'],
      ['V-007-0000001-2', 'active'],
    ]);
    expect(activeVersion(station, 'H-1')?.serial).toBe('V-007-0000001-2');
    const event = [...station.ledger.events()].at(-1);
    expect(event).toMatchObject({ type: 'BADGE_REPRINTED', actor: 'supervisor:3' });
    expect(JSON.parse(event?.data ?? '{}')).toMatchObject({
      revoked: 'V-007-0000001-1',
      serial: 'V-007-0000001-2',
      reason: 'lost',
    });
    expect(() => reprintBadge(station, catalog, 'H-2', { reason: 'lost', actor })).toThrow(
      expect.objectContaining({ code: 'BADGE_NOT_FOUND' }),
    );
    expect(verifyLedger(station.db, station.ledger).intact).toBe(true);
    station.close();
  });

  it('a type change reprints with the new type letter on the same counter', async () => {
    const station = await stationWith([row('H-1', '观展证')]);
    createBadges(station, catalog, { holder: 'H-1', actor });
    await importRoster(station, writeCsv([HEADER_ZH, row('H-1', '媒体证')]), { actor });
    expect(reprintBadge(station, catalog, 'H-1', { reason: 'type_change', actor }).serial).toBe('M-007-0000001-2');
    station.close();
  });

  it('serials from two stations never collide, without the stations talking', async () => {
    const a = await stationWith([row('H-1', '观展证')], '007');
    const b = await stationWith([row('H-1', '观展证')], '012');
    const [fromA] = createBadges(a, catalog, { holder: 'H-1', actor });
    const [fromB] = createBadges(b, catalog, { holder: 'H-1', actor });
    expect([fromA?.serial, fromB?.serial]).toEqual(['V-007-0000001-1', 'V-012-0000001-1']);
    a.close();
    b.close();
  });

  it('badge-station badges create makes badges for everyone without one, optionally of one type', async () => {
    const station = await stationWith([row('H-1', '观展证'), row('H-2', '参展证'), row('H-3', '参展证')]);
    createBadges(station, catalog, { holder: 'H-2', actor });
    station.close();
    const exhibitors = cli(['--data', station.dataDir, 'badges', 'create', '--all-without-badge', '--type', 'exhibitor']);
    expect(exhibitors).toMatchObject({ status: 0, stdout: 'Created badge E-007-0000002-1 for holder H-3.\n' });
    const rest = cli(['--data', station.dataDir, '--json', 'badges', 'create', '--all-without-badge']).json();
    expect(rest).toMatchObject({ ok: true, result: { created: 1, badges: [{ serial: 'V-007-0000003-1', holder: 'H-1' }] } });
    const usage = cli(['--data', station.dataDir, 'badges', 'create']);
    expect(usage.status).toBe(2);
  });
});
