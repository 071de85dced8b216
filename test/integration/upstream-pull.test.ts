/**
 * Pulling the roster, clearance keys and revocations from a real PostgreSQL: changes applied as an
 * import (checked, searchable, recorded), photos fetched by hash only when missing, a bad
 * row upstream reported by holder id while the rest are applied, corrections pulled again.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RevocationList, RevocationState, readRevocationList, readTrustList } from '../../electron/core/payload/index.ts';
import { demoPhoto, searchHolders } from '../../electron/core/roster/index.ts';
import {
  addUpstreamStation,
  connectAsStation,
  connectUpstream,
  initUpstream,
  publishRevocations,
  pullClearances,
  pullRevocations,
  pullRoster,
  pushLedger,
  revokedUpstream,
  UPSTREAM_SCHEMA,
  type UpstreamClient,
} from '../../electron/core/upstream/index.ts';
import { nowSeconds, testEvent } from '../support/event-keys.ts';
import { type Postgres, startPostgres } from '../support/postgres.ts';
import { cli, newStation, tempDir } from '../support/station.ts';

let upstream: Postgres;
let admin: UpstreamClient;
let upstreamDir: string;

beforeAll(async () => {
  upstreamDir = mkdtempSync(join(tmpdir(), 'badge-upstream-'));
  upstream = await startPostgres(upstreamDir);
  admin = await connectUpstream(upstream.adminUrl);
  await initUpstream(admin);
}, 60_000);

afterAll(async () => {
  await admin?.end();
  await upstream?.stop();
  rmSync(upstreamDir, { recursive: true, force: true });
});

async function upstreamHolder(row: Record<string, string>, photo?: Buffer): Promise<void> {
  let hash: Buffer | null = null;
  if (photo) {
    hash = createHash('sha256').update(photo).digest();
    await admin.query(`INSERT INTO ${UPSTREAM_SCHEMA}.photos (sha256, bytes) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [
      hash,
      photo,
    ]);
  }
  const columns = Object.keys(row);
  await admin.query(
    `INSERT INTO ${UPSTREAM_SCHEMA}.holders (${columns.join(', ')}, photo_sha256)
     VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')}, $${columns.length + 1})`,
    [...Object.values(row), hash],
  );
}

const stationUrls = new Map<string, string>();

/** Works as station `number`, added upstream the first time. */
async function asStation<T>(number: string, work: (client: UpstreamClient) => Promise<T>): Promise<T> {
  let url = stationUrls.get(number);
  if (!url) {
    url = (await addUpstreamStation(admin, number, upstream.adminUrl)).url;
    stationUrls.set(number, url);
  }
  const client = await connectAsStation(url);
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describe('pulling the roster', () => {
  it('applies upstream’s holders as an import, photos fetched once by hash, a bad row reported by id and the rest applied', async () => {
    await upstreamHolder(
      {
        holder_id: 'U-0001',
        name: '王小明',
        latin_name: 'WANG Xiaoming',
        organisation: '华东进出口公司',
        type: 'exhibitor',
        zones: 'H1;H2',
      },
      demoPhoto(1),
    );
    await upstreamHolder(
      { holder_id: 'U-0002', name: 'Anna Müller', organisation: 'Müller GmbH', type: 'visitor' },
      demoPhoto(2),
    );
    await upstreamHolder({ holder_id: 'U-0003', name: '李雷', organisation: '媒体中心', type: 'no-such-type' });
    await upstreamHolder({ holder_id: 'U-0004', name: '韩梅梅', organisation: '组委会', type: 'staff' });

    const station = newStation('031');
    try {
      const first = await asStation('031', (client) => pullRoster(station, client, { actor: 'system:test' }));
      expect(first).toMatchObject({ pulled: 4, added: 3, changed: 0, rejected: 1, photosFetched: 2 });
      expect(first.problems).toEqual([expect.objectContaining({ holderId: 'U-0003', field: 'type', value: 'no-such-type' })]);
      // Searchable as imported rows are, pinyin too.
      expect(searchHolders(station.db, 'wangxiaoming').map((hit) => hit.id)).toEqual(['U-0001']);
      const photos = station.db.statement('SELECT count(*) AS n FROM holders WHERE photo IS NOT NULL').get() as { n: number };
      expect(photos.n).toBe(2);
      const imports = station.db.statement(`SELECT count(*) AS n FROM ledger_events WHERE type = 'ROSTER_IMPORTED'`).get() as {
        n: number;
      };
      expect(imports.n).toBe(2);

      // Nothing new: nothing pulled.
      expect(await asStation('031', (client) => pullRoster(station, client, { actor: 'system:test' }))).toMatchObject({
        pulled: 0,
      });

      // Corrections upstream (the bad row fixed, a name corrected) come again, and only they.
      await admin.query(`UPDATE ${UPSTREAM_SCHEMA}.holders SET type = 'media' WHERE holder_id = 'U-0003'`);
      await admin.query(`UPDATE ${UPSTREAM_SCHEMA}.holders SET name = '王晓明' WHERE holder_id = 'U-0001'`);
      const second = await asStation('031', (client) => pullRoster(station, client, { actor: 'system:test' }));
      // U-0001's photo is the station's already: not fetched again.
      expect(second).toMatchObject({ pulled: 2, added: 1, changed: 1, rejected: 0, photosFetched: 0 });
      expect(searchHolders(station.db, '王晓明').map((hit) => hit.id)).toEqual(['U-0001']);
    } finally {
      station.close();
    }
  }, 60_000);

  it('pages through many changes, and another station pulls the same roster from the start', async () => {
    await admin.query(`INSERT INTO ${UPSTREAM_SCHEMA}.holders (holder_id, name, organisation, type)
                       SELECT 'P-' || lpad(n::text, 5, '0'), 'Holder ' || n, 'Org ' || (n % 40), 'visitor'
                         FROM generate_series(1, 2500) AS n`);
    const station = newStation('032');
    try {
      const pages: number[] = [];
      const result = await asStation('032', (client) =>
        pullRoster(station, client, { actor: 'system:test', pageSize: 1_000, onPage: (n) => pages.push(n) }),
      );
      const holders = (station.db.statement('SELECT count(*) AS n FROM holders').get() as { n: number }).n;
      expect(result.pulled).toBe(holders + result.rejected);
      expect(holders).toBeGreaterThanOrEqual(2_500);
      expect(pages.length).toBeGreaterThanOrEqual(3);
    } finally {
      station.close();
    }
  }, 60_000);
});

describe('what upstream cannot do to a station', () => {
  it('never writes a photo outside its folder, whatever id upstream gives', async () => {
    await upstreamHolder({ holder_id: '../../escape', name: 'X', organisation: 'Y', type: 'visitor' }, demoPhoto(9));
    const station = newStation('035');
    try {
      const pulled = await asStation('035', (client) => pullRoster(station, client, { actor: 'system:test' }));
      expect(pulled.problems).toContainEqual(expect.objectContaining({ holderId: '../../escape' }));
      expect(readdirSync(join(station.dataDir, 'sync'))).toEqual([]);
      expect(existsSync(join(station.dataDir, 'escape.jpg'))).toBe(false);
    } finally {
      station.close();
    }
  });
});

describe('a holder changed again during a pull', () => {
  it('is applied in its latest form, never refused as a duplicate', async () => {
    const station = newStation('036');
    try {
      // Up to date first: the next pull brings only the four holders below.
      await asStation('036', (client) => pullRoster(station, client, { actor: 'system:test' }));
      await admin.query(`INSERT INTO ${UPSTREAM_SCHEMA}.holders (holder_id, name, organisation, type)
                         SELECT 'D-' || n, 'Before ' || n, 'Org', 'visitor' FROM generate_series(1, 4) AS n`);
      let pages = 0;
      const pulled = await asStation('036', (client) => {
        // Between the first and second page, upstream corrects a holder the first page brought.
        const during = new Proxy(client, {
          get(target, key) {
            if (key !== 'query') return Reflect.get(target, key);
            return async (text: string, params: unknown[]) => {
              if (/pull_roster/.test(text) && ++pages === 2)
                await admin.query(`UPDATE ${UPSTREAM_SCHEMA}.holders SET name = 'After' WHERE holder_id = 'D-1'`);
              return target.query(text, params);
            };
          },
        });
        return pullRoster(station, during, { actor: 'system:test', pageSize: 2 });
      });
      expect(pulled).toMatchObject({ pulled: 5, rejected: 0, problems: [] });
      expect(searchHolders(station.db, 'After').map((hit) => hit.id)).toEqual(['D-1']);
    } finally {
      station.close();
    }
  });
});

describe('pulling clearance keys', () => {
  it('keeps each holder’s keys and activation as upstream last gave them, before or after the holder', async () => {
    await admin.query(`INSERT INTO ${UPSTREAM_SCHEMA}.clearances (holder_id, keys, active) VALUES
      ('U-0001', '{"vaccination": true, "health_code": "green", "test_48h": true}', true),
      ('U-0002', '{"vaccination": true, "health_code": "yellow", "test_48h": false}', false),
      ('U-9999', '{"vaccination": false}', false)`);
    const station = newStation('033');
    try {
      expect(await asStation('033', (client) => pullClearances(station, client))).toEqual({ pulled: 3 });
      await admin.query(
        `UPDATE ${UPSTREAM_SCHEMA}.clearances SET active = true, keys = keys || '{"health_code": "green"}' WHERE holder_id = 'U-0002'`,
      );
      expect(await asStation('033', (client) => pullClearances(station, client))).toEqual({ pulled: 1 });
      const rows = station.db.statement('SELECT holder_id, keys, active FROM holder_clearances ORDER BY holder_id').all();
      expect(rows).toEqual([
        { holder_id: 'U-0001', keys: '{"health_code":"green","test_48h":true,"vaccination":true}', active: 1 },
        { holder_id: 'U-0002', keys: '{"health_code":"green","test_48h":false,"vaccination":true}', active: 1 },
        { holder_id: 'U-9999', keys: '{"vaccination":false}', active: 0 },
      ]);
    } finally {
      station.close();
    }
  });
});

describe('pulling revocations', () => {
  it('learns what other stations voided, reprinted or replaced, for badges it never met, and none of its own', async () => {
    const elsewhere = newStation('041');
    const here = newStation('042');
    try {
      elsewhere.ledger.appendMany([
        {
          type: 'BADGE_VOIDED',
          actor: 'user:1',
          subject: 'badge:E-041-0000005-1',
          data: { serial: 'E-041-0000005-1', reason: 'stolen' },
        },
        {
          type: 'BADGE_REPRINTED',
          actor: 'user:1',
          subject: 'badge:V-041-0000007-2',
          data: { serial: 'V-041-0000007-2', revoked: 'V-041-0000007-1', version: 2, reason: 'lost' },
        },
        {
          type: 'CHIP_REPLACED',
          actor: 'user:2',
          subject: 'badge:S-041-0000009-1',
          data: { serial: 'S-041-0000009-1', uid: '04AABBCCDDEE80', revokedUid: '04A1B2C3D4E580' },
        },
      ]);
      here.ledger.append({
        type: 'BADGE_VOIDED',
        actor: 'user:1',
        subject: 'badge:E-042-0000001-1',
        data: { serial: 'E-042-0000001-1' },
      });
      await asStation('041', (client) => pushLedger(elsewhere, client));
      await asStation('042', (client) => pushLedger(here, client));

      expect(await asStation('042', (client) => pullRevocations(here, client))).toEqual({ pulled: 3 });
      expect(revokedUpstream(here, 'E-041-0000005-1')).toBe(true);
      expect(revokedUpstream(here, 'V-041-0000007-1')).toBe(true);
      expect(revokedUpstream(here, 'V-041-0000007-2')).toBe(false);
      expect(revokedUpstream(here, 'S-041-0000009-1', '04A1B2C3D4E580')).toBe(true);
      expect(revokedUpstream(here, 'S-041-0000009-1', '04AABBCCDDEE80')).toBe(false);
      // Its own voids are its own already: not pulled back.
      expect(revokedUpstream(here, 'E-042-0000001-1')).toBe(false);
      expect(await asStation('042', (client) => pullRevocations(here, client))).toEqual({ pulled: 0 });

      // The other way round, station 041 learns station 042's.
      expect(await asStation('041', (client) => pullRevocations(elsewhere, client))).toEqual({ pulled: 1 });
      expect(revokedUpstream(elsewhere, 'E-042-0000001-1')).toBe(true);
    } finally {
      elsewhere.close();
      here.close();
    }
  });
});

describe('publishing the gates’ revocation list', () => {
  it('signs every station’s revocations as a full list, then a delta that brings a gate to what a full list says', async () => {
    const event = testEvent();
    const trust = readTrustList(event.trustList([]), event.roots);
    const first = await publishRevocations(admin, event.root, { issuedAt: nowSeconds });
    expect(first).toMatchObject({ base: 0 });
    expect(first.badges).toBeGreaterThanOrEqual(3);

    // A gate that holds the full list, then station 043 voids a badge and replaces a chip.
    const more = newStation('043');
    try {
      more.ledger.appendMany([
        { type: 'BADGE_VOIDED', actor: 'user:1', subject: 'badge:M-043-0000002-3', data: { serial: 'M-043-0000002-3' } },
        {
          type: 'CHIP_REPLACED',
          actor: 'user:1',
          subject: 'badge:M-043-0000004-1',
          data: { serial: 'M-043-0000004-1', revokedUid: '04FFEEDDCCBB80' },
        },
      ]);
      await asStation('043', (client) => pushLedger(more, client));
    } finally {
      more.close();
    }
    const delta = await publishRevocations(admin, event.root, { issuedAt: nowSeconds + 60 });
    expect(delta).toMatchObject({ seq: first.seq + 1, base: first.seq, badges: 1, chips: 1 });
    const full = await publishRevocations(admin, event.root, { full: true, issuedAt: nowSeconds + 120 });
    expect(full).toMatchObject({ seq: first.seq + 2, base: 0 });

    // What a station (or a gate) fetches verifies against the event's root and adds up.
    const station = newStation('044');
    try {
      const lists = await asStation(
        '044',
        async (client) =>
          (await client.query<{ list: Buffer }>(`SELECT list FROM ${UPSTREAM_SCHEMA}.fetch_revocation_lists(0)`)).rows,
      );
      expect(lists).toHaveLength(3);
      const [listed1, listed2, listed3] = lists.map((row) => readRevocationList(row.list, event.roots, trust));
      const gate = new RevocationState();
      gate.apply(listed1 as RevocationList);
      gate.apply(listed2 as RevocationList);
      const fresh = new RevocationState();
      fresh.apply(listed3 as RevocationList);
      expect(gate.entries).toEqual(fresh.entries);
      expect(fresh.entries.badges.get(43)?.get(2)).toBe(4);
      expect(fresh.entries.badges.get(41)?.get(7)).toBe(2);
      expect(fresh.entries.chips.has('04ffeeddccbb80')).toBe(true);
    } finally {
      station.close();
    }
  });
});

describe('the command line', () => {
  it('sync pull brings the roster and keys to a connected station and names the refused rows (on the real clock)', async () => {
    await upstreamHolder({ holder_id: 'C-0001', name: '赵敏', organisation: '组委会', type: 'bogus' });
    const dir = tempDir('badge-sync-pull-');
    const data = join(dir, 'station');
    const urlFile = join(dir, 'station.upstream');
    writeFileSync(urlFile, (await addUpstreamStation(admin, '034', upstream.adminUrl)).url, { mode: 0o600 });
    const env = { BADGE_STATION_USER: '', BADGE_STATION_SECRET: '', BADGE_STATION_PASSPHRASE: 'station passphrase 034' };
    expect(cli(['--data', data, 'init', '--station', '34'], env).status).toBe(0);
    expect(cli(['--data', data, 'sync', 'connect', '--url-file', urlFile], env).status).toBe(0);
    const pulled = cli(['--data', data, 'sync', 'pull'], env);
    expect(pulled.status).toBe(0);
    expect(pulled.stdout).toMatch(
      /Pulled \d+ roster changes in [\d.]+ s: \d+ added, 0 changed, 0 unchanged, \d+ refused; \d+ photos fetched; \d+ holders' clearance keys; \d+ revocations from other stations\./,
    );
    expect(pulled.stdout).toMatch(/refused: holder C-0001, type "bogus": .* \(correct it upstream\)/);
    expect(cli(['--data', data, 'search', '赵敏'], env).stdout).not.toMatch(/C-0001/);
    expect(cli(['--data', data, 'search', 'Anna'], env).stdout).toMatch(/U-0002/);
    const again = cli(['--data', data, 'sync', 'pull'], env);
    expect(again.stdout).toMatch(/Pulled 0 roster changes/);

    // At the ceremony, with upstream's administrator login: a list signed by the event root.
    const ceremony = join(dir, 'ceremony');
    const rootEnv = {
      ...env,
      BADGE_STATION_ROOT_PASSPHRASE: 'the event root passphrase',
      BADGE_STATION_UPSTREAM_URL: upstream.adminUrl,
    };
    expect(cli(['keys', 'root', 'create', '--root', ceremony], rootEnv).status).toBe(0);
    const published = cli(['revocations', 'publish', '--root', ceremony, '--full'], rootEnv);
    expect(published.stdout).toMatch(/^Revocation list \d+ \(full\) published upstream: \d+ badges, \d+ chips, \d+ bytes\.$/m);
    const asStationLogin = cli(['revocations', 'publish', '--root', ceremony], {
      ...rootEnv,
      BADGE_STATION_UPSTREAM_URL: readFileSync(urlFile, 'utf8'),
    });
    expect(asStationLogin.status).toBe(1);
    expect(asStationLogin.stderr).toMatch(/needs upstream's administrator login/);
  }, 60_000);
});
