/**
 * The Ledger and Templates screens' methods over the core's RPC server, as the page calls
 * them: verify in words and kinds the page can translate, export in pages the socket can
 * carry that join into the file the CLI writes, and each badge type's card as SVG.
 */
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../electron/core/catalog/index.ts';
import { exportLedger, type NewLedgerEvent } from '../../electron/core/ledger/index.ts';
import { badgeFonts } from '../../electron/core/render/index.ts';
import { importRoster, writeDemoRoster } from '../../electron/core/roster/index.ts';
import { MAX_MESSAGE_BYTES } from '../../electron/core/rpc/contract/index.ts';
import { stationHandlers } from '../../electron/core/rpc/handlers/index.ts';
import { ledgerHandlers } from '../../electron/core/rpc/handlers/ledger.ts';
import { sessionGate, sessionHandlers } from '../../electron/core/rpc/handlers/session.ts';
import { stationAccess } from '../../electron/core/rpc/handlers/station-access.ts';
import type { Handlers } from '../../electron/core/rpc/server.ts';
import { DATABASE_FILE } from '../../electron/core/station/index.ts';
import { chipStation } from '../support/chip-station.ts';
import { signedInConnection } from '../support/desk-session.ts';
import { TEST_PASSPHRASE } from '../support/passphrase.ts';
import { newStation, tempDir } from '../support/station.ts';
import { tamper } from '../support/tamper.ts';

interface Frame {
  kind: string;
  id?: number;
  result?: Record<string, unknown>;
  error?: { code: string; message: string };
}

/** A supervisor's page on the core on `dataDir`: each call gives back the frame as sent, and its size. */
async function deskOn(dataDir: string) {
  const station = stationHandlers(dataDir);
  let last = '';
  const connection = await signedInConnection(
    station,
    (frame) => {
      last = frame;
    },
    'supervisor',
  );
  let id = 0;
  return {
    async call(method: string, params: unknown): Promise<Frame & { bytes: number }> {
      id += 1;
      await connection.receive(JSON.stringify({ kind: 'call', id, method, params }));
      return { ...(JSON.parse(last) as Frame), bytes: Buffer.byteLength(last) };
    },
    /** Lets go of the database (the session stays, kept in it), so the test can change the file under the core. */
    release() {
      station.close();
    },
    close() {
      connection.close();
      station.close();
    },
  };
}

/** A closed station with `count` events: its init event and printed badges. */
function stationWith(count: number): string {
  const station = newStation();
  const events: NewLedgerEvent[] = [];
  for (let i = 2; i <= count; i += 1) {
    events.push({
      type: 'BADGE_PRINTED',
      actor: 'op:1',
      subject: `badge:${i}`,
      data: { serial: `E-007-${String(i).padStart(7, '0')}-1`, printer: 'Evolis "Primacy", 柜台 2' },
    });
  }
  station.ledger.appendMany(events);
  station.checkpoints.take();
  const dir = station.dataDir;
  station.close();
  return dir;
}

/**
 * The events a supervisor's signing in adds to a station with nobody on it yet: the first
 * admin added and signed in, the supervisor added, the admin signed out, the supervisor in.
 */
const SIGNING_IN = 5;

describe('ledger.verify for the page', () => {
  it('says intact with the events and checkpoints counted', async () => {
    const desk = await deskOn(stationWith(30));
    expect((await desk.call('ledger.verify', {})).result).toEqual({
      intact: true,
      events: 30 + SIGNING_IN,
      checkpoints: { total: 1, signed: 0 },
    });
    desk.close();
  });

  it('leaves the core answering other calls while it checks a long ledger: a call sent after it is answered first', async () => {
    const dataDir = stationWith(12_000);
    const station = stationHandlers(dataDir);
    const answered: number[] = [];
    const connection = await signedInConnection(
      station,
      (frame) => answered.push((JSON.parse(frame) as Frame).id ?? 0),
      'supervisor',
    );
    try {
      const verify = connection.receive(JSON.stringify({ kind: 'call', id: 1, method: 'ledger.verify', params: {} }));
      // The next turn of the event loop: a check that kept the thread would be over by now.
      await new Promise((resolve) => setImmediate(resolve));
      const status = connection.receive(JSON.stringify({ kind: 'call', id: 2, method: 'station.status', params: {} }));
      await Promise.all([verify, status]);
      expect(answered).toEqual([2, 1]);
    } finally {
      connection.close();
      station.close();
    }
  });

  it('names the first bad event and its kind, so the page can say it in its own language', async () => {
    const dir = stationWith(30);
    tamper(join(dir, DATABASE_FILE), (db) =>
      db.prepare(`UPDATE ledger_events SET data = replace(data, 'Evolis', 'Zebra') WHERE seq = 12`).run(),
    );
    const desk = await deskOn(dir);
    expect((await desk.call('ledger.verify', {})).result).toEqual({
      intact: false,
      events: 11,
      checkpoints: { total: 1, signed: 0 },
      kind: 'altered',
      seq: 12,
      problem: 'Event 12 was altered: its contents no longer match its hash.',
    });
    desk.close();
  });

  it('on an enrolled station whose events from the enrolment on were cut off, says so as the CLI does', async () => {
    const setup = await chipStation(2, tempDir);
    const enrolled = (
      setup.station.db.statement(`SELECT seq FROM ledger_events WHERE type = 'STATION_ENROLLED'`).get() as { seq: number }
    ).seq;
    setup.station.close();
    // Signed in first: a sign-in is an event too, and would land after the cut.
    const desk = await deskOn(setup.dataDir);
    desk.release();
    tamper(join(setup.dataDir, DATABASE_FILE), (db) => {
      db.prepare('DELETE FROM ledger_events WHERE seq >= ?').run(enrolled);
      db.prepare('DELETE FROM ledger_checkpoints WHERE seq >= ?').run(enrolled);
    });
    expect((await desk.call('ledger.verify', {})).result).toMatchObject({
      intact: false,
      kind: 'enrolment_missing',
      seq: enrolled,
    });
    desk.close();
  });
});

describe('ledger.recent for the page', () => {
  it('gives the newest events first, as many as asked, and refuses a limit out of range', async () => {
    const desk = await deskOn(stationWith(30));
    const recent = (await desk.call('ledger.recent', { limit: SIGNING_IN + 3 })).result as {
      events: Record<string, unknown>[];
    };
    expect(recent.events.map((event) => event.seq)).toEqual([35, 34, 33, 32, 31, 30, 29, 28]);
    expect(recent.events.slice(0, SIGNING_IN).map((event) => event.type)).toEqual([
      'USER_SIGNED_IN',
      'USER_SIGNED_OUT',
      'USER_ADDED',
      'USER_SIGNED_IN',
      'USER_ADDED',
    ]);
    expect(recent.events[SIGNING_IN]).toMatchObject({ type: 'BADGE_PRINTED', actor: 'op:1', subject: 'badge:30' });
    expect(JSON.parse(recent.events[SIGNING_IN]?.data as string)).toMatchObject({ serial: 'E-007-0000030-1' });
    const all = (await desk.call('ledger.recent', {})).result as { events: { seq: number; type: string }[] };
    expect(all.events).toHaveLength(30 + SIGNING_IN);
    expect(all.events.at(-1)).toMatchObject({ seq: 1, type: 'STATION_INITIALISED' });
    for (const limit of [0, 201, 2.5])
      expect((await desk.call('ledger.recent', { limit })).error?.code, String(limit)).toBe('BAD_PARAMS');
    desk.close();
  });
});

function withoutOpening(handlers: Handlers): Handlers {
  const { 'station.status': _status, 'station.open': _open, ...rest } = handlers;
  return rest as Handlers;
}

describe('ledger.export for the page', () => {
  it('comes in pages under the 1 MB a message may be, which joined are the file the CLI writes, ending at the head of the first page', async () => {
    const dir = stationWith(4000);
    // The ledger's handlers on a station the test can reach too, to append as a print run would.
    const access = stationAccess(dir);
    access.openWith(TEST_PASSPHRASE);
    const others = stationHandlers(dir);
    let last = '';
    const connection = await signedInConnection(
      // The station is opened through `access`: the other core's status and open are left out.
      {
        handlers: { ...withoutOpening(others.handlers), ...sessionHandlers(access), ...ledgerHandlers(access) },
        gate: sessionGate(access),
      },
      (frame) => {
        last = frame;
      },
      'supervisor',
    );
    const whole = async (format: 'csv' | 'jsonl') => {
      const out = new PassThrough();
      // As bytes: a text decoder would drop the CSV's BOM, which the file keeps for Excel.
      const read = buffer(out);
      await exportLedger(access.station().ledger.events(), format, out);
      out.end();
      return (await read).toString('utf8');
    };
    for (const format of ['csv', 'jsonl'] as const) {
      const pages: string[] = [];
      let from: number | null = 1;
      let through: number | undefined;
      while (from !== null) {
        const params = { format, from, ...(through ? { through } : {}) };
        await connection.receive(JSON.stringify({ kind: 'call', id: pages.length + 1, method: 'ledger.export', params }));
        expect(Buffer.byteLength(last)).toBeLessThan(MAX_MESSAGE_BYTES);
        const page = (JSON.parse(last) as { result: { text: string; next: number | null; through: number; fileName: string } })
          .result;
        expect(page.fileName).toBe(
          `ledger-station-007-events-1-${format === 'csv' ? 4000 + SIGNING_IN : 4001 + SIGNING_IN}.${format}`,
        );
        if (pages.length === 0) {
          // A print run goes on meanwhile: the file stays the snapshot it started as.
          access.station().ledger.append({ type: 'BADGE_PRINTED', actor: 'op:1', data: { serial: `later-${format}` } });
        }
        through = page.through;
        pages.push(page.text);
        from = page.next;
      }
      expect(pages.length).toBeGreaterThan(1);
      if (format === 'csv') expect(pages[0]?.startsWith('\uFEFFseq,at,')).toBe(true);
      const joined = pages.join('');
      // The file the CLI writes now, but for the event appended after this export began.
      const cli = await whole(format);
      expect(cli.startsWith(joined)).toBe(true);
      expect(cli.slice(joined.length)).toContain(`later-${format}`);
      expect(joined).not.toContain(`later-${format}`);
    }
    connection.close();
    access.close();
    others.close();
  }, 60_000);

  it('refuses a format it does not write, a sequence number below 1 and a param it does not take, then serves the next call', async () => {
    const desk = await deskOn(stationWith(5));
    for (const params of [{ format: 'xlsx' }, { format: 'csv', from: 0 }, { format: 'csv', path: '/etc/passwd' }, {}]) {
      expect((await desk.call('ledger.export', params)).error).toMatchObject({
        code: 'BAD_PARAMS',
        message: expect.stringContaining('ledger.export was called with params it does not take'),
      });
    }
    expect((await desk.call('ledger.export', { format: 'jsonl' })).result).toMatchObject({
      events: 5 + SIGNING_IN,
      through: 5 + SIGNING_IN,
      next: null,
    });
    desk.close();
  });
});

describe('templates.preview', () => {
  it("draws every badge type's card front and back with the sample holder, without a warning", async () => {
    const station = newStation();
    const dir = station.dataDir;
    station.close();
    const desk = await deskOn(dir);
    const types = loadCatalog().types.map((type) => type.code);
    expect(types).toHaveLength(6);
    for (const type of types) {
      const answer = await desk.call('templates.preview', { type, sample: 'demo' });
      expect(answer.bytes).toBeLessThan(MAX_MESSAGE_BYTES);
      const preview = answer.result as { type: string; sample: string; front: string; back?: string; warnings: unknown[] };
      expect(preview).toMatchObject({ type, sample: 'demo', warnings: [] });
      expect(preview.front).toMatch(/^<svg [^>]*viewBox="0 0 /);
      expect(preview.back).toMatch(/^<svg [^>]*viewBox="0 0 /);
    }
    // No type: the catalogue's first. And the roster is empty, so "longest" is the sample.
    expect((await desk.call('templates.preview', { sample: 'longest' })).result).toMatchObject({
      type: types[0],
      sample: 'demo',
      types: expect.arrayContaining([{ code: 'guest', nameZh: '特邀嘉宾证', nameEn: 'Special Guest' }]),
    });
    desk.close();
  }, 60_000);

  it("with the roster's longest name of the type: the widest in the card's font of all that type's holders", async () => {
    const station = newStation();
    const demo = await writeDemoRoster({ holders: 300, out: tempDir(), photos: false });
    await importRoster(station, demo.roster, { actor: 'system:test' });
    const visitors = station.db.statement(`SELECT id, name FROM holders WHERE type = 'visitor'`).all() as {
      id: string;
      name: string;
    }[];
    const dir = station.dataDir;
    station.close();
    const fonts = badgeFonts();
    const widest = Math.max(...visitors.map((holder) => fonts.width(holder.name, 'bold')));
    const desk = await deskOn(dir);
    const preview = (await desk.call('templates.preview', { type: 'visitor', sample: 'longest' })).result as {
      sample: string;
      holder: { id: string; name: string };
    };
    expect(preview.sample).toBe('longest');
    expect(fonts.width(preview.holder.name, 'bold')).toBe(widest);
    expect(visitors.map((holder) => holder.id)).toContain(preview.holder.id);
    desk.close();
  }, 60_000);

  it('refuses a type the catalogue does not know, naming the ones it does, and a sample it does not draw', async () => {
    const station = newStation();
    const dir = station.dataDir;
    station.close();
    const desk = await deskOn(dir);
    expect((await desk.call('templates.preview', { type: 'vip', sample: 'demo' })).error).toEqual({
      code: 'BADGE_TYPE_UNKNOWN',
      message: expect.stringContaining('There is no badge type "vip"'),
    });
    expect((await desk.call('templates.preview', { type: 'vip', sample: 'demo' })).error?.message).toContain('guest, exhibitor');
    expect((await desk.call('templates.preview', { sample: 'everyone' })).error?.code).toBe('BAD_PARAMS');
    expect((await desk.call('templates.preview', { type: '', sample: 'demo' })).error?.code).toBe('BAD_PARAMS');
    desk.close();
  });
});
