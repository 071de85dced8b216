/**
 * A lost badge, from the desk and the command line: an operator asks, a supervisor approves
 * in place, the old version is revoked and the next queued ahead of bulk printing; a gate
 * with the new revocation list refuses the old card and accepts the new one. And what
 * goes wrong: no approval, an approver who is not a supervisor, a badge already void, two
 * supervisors at once, a holder's third reprint.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';
import { reissueBadge, revocationEntries } from '../../electron/core/badges/index.ts';
import { loadCatalog } from '../../electron/core/catalog/index.ts';
import { badgeClaims, badgeForChip } from '../../electron/core/chips/index.ts';
import { addDemoUsers } from '../../electron/core/demo/index.ts';
import {
  openEventRoot,
  passphraseKey,
  stationClockGuard,
  stationVerifier,
  unlockStation,
} from '../../electron/core/keys/index.ts';
import {
  BadgeVerifier,
  barcodeForm,
  issueRevocationList,
  RevocationState,
  readRevocationList,
} from '../../electron/core/payload/index.ts';
import { type StationHandlers, stationHandlers } from '../../electron/core/rpc/handlers/index.ts';
import { DATABASE_FILE } from '../../electron/core/station/index.ts';
import { chipStation, ROOT_PASSPHRASE, STATION_PASSPHRASE } from '../support/chip-station.ts';
import { expoClock } from '../support/clock.ts';
import { person, signedInConnection } from '../support/desk-session.ts';
import { rawStationDatabase, testKek } from '../support/passphrase.ts';
import { cli, tempDir } from '../support/station.ts';

type Frame = { id?: number; result?: any; error?: { code: string; message: string; details?: Record<string, unknown> } };

let open: StationHandlers | undefined;
afterEach(() => {
  open?.close();
  open = undefined;
});

/** An enrolled station with three badges and the demo users; `pages` are desks signed in as those roles. */
async function desk() {
  const setup = await chipStation(3, tempDir);
  await addDemoUsers(setup.station, 'system:test');
  const { dataDir, rootDir, serials, catalog } = setup;
  setup.station.close();
  open = stationHandlers(dataDir, { clock: expoClock() });
  const handlers = open;
  const page = async (role: 'operator' | 'supervisor' | 'admin' | 'technician') => {
    const frames: Frame[] = [];
    const connection = await signedInConnection(handlers, (text) => frames.push(JSON.parse(text) as Frame), role);
    let next = 1;
    return async (method: string, params: unknown = {}): Promise<Frame> => {
      const id = next++;
      await connection.receive(JSON.stringify({ kind: 'call', id, method, params }));
      return frames.find((frame) => frame.id === id) as Frame;
    };
  };
  const ledger = (type: string) => {
    handlers.close();
    const db = rawStationDatabase(join(dataDir, DATABASE_FILE), { readonly: true });
    try {
      return (
        db.prepare('SELECT actor, data FROM ledger_events WHERE type = ? ORDER BY seq').all(type) as {
          actor: string;
          data: string;
        }[]
      ).map((event) => ({ actor: event.actor, ...JSON.parse(event.data) }));
    } finally {
      db.close();
    }
  };
  return { dataDir, rootDir, serials, catalog, page, ledger };
}

const supervisor = person('supervisor');
const operator = person('operator');
const admin = person('admin');

describe('a lost badge reissued at the desk', () => {
  it('needs a supervisor’s approval in place; both people are recorded; the new version waits ahead of bulk jobs', async () => {
    const d = await desk();
    const [lost] = d.serials as [string];
    const counter = await d.page('operator');

    expect((await counter('badges.reissue', { serial: lost, reason: 'lost' })).error).toMatchObject({
      code: 'APPROVAL_NEEDED',
      message: expect.stringContaining('ask one to type their name and password here (you stay signed in)'),
    });
    // Another operator's password is no approval; a supervisor's wrong password neither.
    expect(
      (
        await counter('badges.reissue', {
          serial: lost,
          reason: 'lost',
          approval: { name: operator.name, secret: operator.secret },
        })
      ).error,
    ).toMatchObject({
      code: 'APPROVAL_REFUSED',
      message: 'Wang Fang 王芳 is an operator: a supervisor or an admin approves this.',
    });
    expect(
      (await counter('badges.reissue', { serial: lost, reason: 'lost', approval: { name: supervisor.name, secret: 'wrong' } }))
        .error?.code,
    ).toBe('SIGN_IN_FAILED');
    // No reason, or one the office does not use: refused before anything is touched.
    expect((await counter('badges.reissue', { serial: lost })).error?.code).toBe('BAD_PARAMS');
    expect((await counter('badges.reissue', { serial: lost, reason: 'bored' })).error?.code).toBe('BAD_PARAMS');

    const made = await counter('badges.reissue', {
      serial: lost,
      reason: 'lost',
      approval: { name: supervisor.name, secret: supervisor.secret },
    });
    expect(made.error).toBeUndefined();
    expect(made.result).toMatchObject({ revoked: lost, serial: lost.replace(/-1$/, '-2'), reprints: 1, job: expect.any(Number) });
    // Still the operator's desk: the approval signed nobody in or out.
    expect((await counter('session.status')).result.session.user.role).toBe('operator');
    const jobs = (await counter('print.jobs', {})).result.jobs;
    expect(jobs).toContainEqual(expect.objectContaining({ job: made.result.job, total: 1 }));

    const reprinted = d.ledger('BADGE_REPRINTED');
    expect(reprinted).toEqual([
      expect.objectContaining({
        actor: 'user:1',
        approvedBy: 'user:2',
        revoked: lost,
        serial: made.result.serial,
        reason: 'lost',
      }),
    ]);
    expect(d.ledger('ACCESS_REFUSED')).toEqual([
      expect.objectContaining({ actor: 'user:1', method: 'badges.reissue', role: 'operator', approval: true }),
    ]);
    expect(d.ledger('SIGN_IN_REFUSED')).toEqual([expect.objectContaining({ purpose: 'approval', reason: 'wrong-secret' })]);
  });

  it('tells the second of two supervisors on the same badge that it was done, and by whom; a void badge is not voided again', async () => {
    const d = await desk();
    const [, lost, stolen] = d.serials as [string, string, string];
    const first = await d.page('supervisor');
    const second = await d.page('admin');
    const [a, b] = await Promise.all([
      first('badges.reissue', { serial: lost, reason: 'damaged' }),
      second('badges.reissue', { serial: lost, reason: 'lost' }),
    ]);
    const won = a?.result ? a : b;
    const lostOut = a?.result ? b : a;
    expect(won?.result.serial).toBe(lost.replace(/-1$/, '-2'));
    expect(lostOut?.error).toMatchObject({
      code: 'BADGE_CONFLICT',
      message: expect.stringMatching(
        new RegExp(`^Badge ${lost} was already reprinted as ${won?.result.serial} at \\d\\d:\\d\\d UTC \\(user:\\d\\): look at`),
      ),
      details: { serial: lost, newer: won?.result.serial },
    });

    expect((await first('badges.void', { serial: stolen, reason: 'stolen' })).result).toEqual({
      serial: stolen,
      approvedBy: 'user:2',
    });
    expect((await second('badges.void', { serial: stolen, reason: 'lost' })).error).toMatchObject({
      code: 'BADGE_CONFLICT',
      message: expect.stringContaining(`Badge ${stolen} is already void (stolen)`),
    });
    expect((await first('badges.reissue', { serial: 'E-007-9999999-1', reason: 'lost' })).error?.code).toBe('BADGE_NOT_FOUND');
    // A technician is not asked: the core refuses the call.
    const technician = await d.page('technician');
    expect((await technician('badges.void', { serial: lost, reason: 'lost' })).error?.code).toBe('ROLE_REFUSED');
    // The holder's file says so, for whoever looks them up next.
    const owner = (await first('roster.badge', { serial: stolen })).result.holder;
    expect((await first('roster.holder', { id: owner })).result.gateFlags).toEqual([
      { reason: 'stolen', serial: stolen, at: expect.any(Number) },
    ]);

    d.ledger('BADGE_VOIDED');
    const db = rawStationDatabase(join(d.dataDir, DATABASE_FILE), { readonly: true });
    const flagged = db.prepare('SELECT holder, reason, serial, flagged_by FROM gate_flags').all();
    db.close();
    expect(flagged).toEqual([{ holder: expect.any(String), reason: 'stolen', serial: stolen, flagged_by: 'user:2' }]);
  });

  it('asks an admin from a holder’s third reprint, and a type change reissues under the new type letter', async () => {
    const d = await desk();
    const [serial] = d.serials as [string];
    const desk1 = await d.page('supervisor');
    const second = (await desk1('badges.reissue', { serial, reason: 'damaged' })).result.serial;
    const third = (await desk1('badges.reissue', { serial: second, reason: 'type_change' })).error;
    expect(third?.code).toBe('USAGE');
    const typed = await desk1('badges.reissue', { serial: second, reason: 'type_change', type: 'media' });
    expect(typed.result.serial).toMatch(/^M-007-\d{7}-3$/);
    expect(typed.result.type).toBe('media');
    const fourth = await desk1('badges.reissue', { serial: typed.result.serial, reason: 'lost' });
    expect(fourth.error).toMatchObject({ code: 'ADMIN_APPROVAL_NEEDED', details: { reprints: 2 } });
    const approved = await desk1('badges.reissue', {
      serial: typed.result.serial,
      reason: 'lost',
      approval: { name: admin.name, secret: admin.secret },
    });
    expect(approved.result).toMatchObject({ reprints: 3, approvedBy: 'user:4' });
  });
});

describe('the event’s reprint policy', () => {
  it('lets a badge type send every reprint to an admin (types.json reprints_before_admin: 0)', async () => {
    const setup = await chipStation(1, tempDir);
    try {
      const catalog = loadCatalog();
      const strict = {
        ...catalog,
        type: (code: string) => {
          const type = catalog.type(code);
          return type && { ...type, reprints_before_admin: 0 };
        },
      } as typeof catalog;
      const serial = setup.serials[0] as string;
      const supervisor = { actor: 'user:2', role: 'supervisor' as const };
      expect(() =>
        reissueBadge(setup.station, strict, { serial, reason: 'lost', actor: 'user:1', approval: supervisor }),
      ).toThrow(expect.objectContaining({ code: 'ADMIN_APPROVAL_NEEDED' }));
      const made = reissueBadge(setup.station, strict, {
        serial,
        reason: 'lost',
        actor: 'user:1',
        approval: { actor: 'user:4', role: 'admin' },
      });
      expect(made.reprints).toBe(1);
    } finally {
      setup.station.close();
    }
  });
});

describe('the gates after a reprint', () => {
  it('refuse the old version against the new revocation list and accept the new one', async () => {
    const d = await desk();
    const [lost] = d.serials as [string];
    const counter = await d.page('supervisor');
    const made = (await counter('badges.reissue', { serial: lost, reason: 'lost' })).result;
    open?.close();

    // The list the event's revocation key signs from this station's entries (revocations entries, then sign).
    const { openStation } = await import('../../electron/core/station/index.ts');
    const station = openStation(d.dataDir, 'test', { kek: testKek(STATION_PASSPHRASE) }, { clock: expoClock() });
    try {
      const keyring = unlockStation(d.dataDir, passphraseKey(STATION_PASSPHRASE), stationClockGuard(station));
      const entries = revocationEntries(station);
      expect(entries.badges).toEqual([{ station: 7, badge: badgeForChip(station, lost)?.counter, minVersion: 2 }]);
      const event = openEventRoot(d.rootDir, passphraseKey(ROOT_PASSPHRASE));
      const now = Math.floor(keyring.clock.now() / 1000);
      const list = issueRevocationList(
        {
          seq: 1,
          issuedAt: now,
          base: 0,
          badges: new Map([[7, new Map(entries.badges.map((entry) => [entry.badge, entry.minVersion]))]]),
          chips: new Set(entries.chips),
          stations: new Set(),
        },
        event.signer,
      );
      const gate = stationVerifier(keyring, keyring.clock.now);
      const state = new RevocationState();
      state.apply(readRevocationList(list, [event.root], gate.trust));
      const verifier = new BadgeVerifier({
        roots: [event.root],
        trustList: gate.trust,
        revocations: state,
        now: keyring.clock.now,
      });
      const card = (serial: string) => {
        const badge = badgeForChip(station, serial);
        if (!badge) throw new Error(`no ${serial}`);
        return barcodeForm(badgeClaims({ ...badge, status: 'active' }, d.catalog, keyring), keyring.signer);
      };
      expect(verifier.verify(card(lost))).toMatchObject({ valid: false, code: 'REVOKED' });
      expect(verifier.verify(card(made.serial))).toMatchObject({ valid: true });
    } finally {
      station.close();
    }
  });
});

describe('badge-station reprint and void', () => {
  it('take a supervisor’s credentials from the environment or a file, never an argument, and refuse an operator’s', async () => {
    const d = await desk();
    open?.close();
    const [lost, other] = d.serials as [string, string];
    const asOperator = { BADGE_STATION_USER: operator.name, BADGE_STATION_SECRET: operator.secret };
    const refused = cli(['--data', d.dataDir, 'reprint', lost, '--reason', 'lost'], asOperator);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('is signed in as operator, and reprint is for supervisor, admin');
    expect(
      cli(['--data', d.dataDir, 'reprint', lost, '--reason', 'lost'], { BADGE_STATION_USER: '', BADGE_STATION_SECRET: '' })
        .stderr,
    ).toContain('set BADGE_STATION_USER and BADGE_STATION_SECRET, or give --credentials-file FILE');
    expect(cli(['--data', d.dataDir, 'reprint', lost], asOperator).status).toBe(2);

    const file = join(tempDir(), 'supervisor.txt');
    writeFileSync(file, `${supervisor.name}\n${supervisor.secret}\n`, { mode: 0o600 });
    const made = cli(['--data', d.dataDir, '--json', 'reprint', lost, '--reason', 'lost', '--credentials-file', file]);
    expect(made.status).toBe(0);
    expect(JSON.parse(made.stdout).result).toMatchObject({ revoked: lost, serial: lost.replace(/-1$/, '-2'), reprints: 1 });
    const voided = cli(['--data', d.dataDir, 'void', other, '--reason', 'withdrawn'], {
      BADGE_STATION_USER: supervisor.name,
      BADGE_STATION_SECRET: supervisor.secret,
    });
    expect(voided.stdout).toContain(`Badge ${other} is void (withdrawn).`);

    const entries = join(tempDir(), 'entries.json');
    expect(cli(['--data', d.dataDir, 'revocations', 'entries', '--out', entries]).status).toBe(0);
    const { readFileSync } = await import('node:fs');
    const written = JSON.parse(readFileSync(entries, 'utf8'));
    expect(written.badges).toHaveLength(2);
    expect(written.badges.map((entry: { minVersion: number }) => entry.minVersion).sort()).toEqual([2, 2]);
  });
});
