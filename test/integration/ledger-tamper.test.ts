import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { join } from 'node:path';
import type Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import {
  eventHash,
  type LedgerVerifyOptions,
  type NewLedgerEvent,
  verifyLedger,
  verifyLedgerInTurns,
} from '../../electron/core/ledger/index.ts';
import { DATABASE_FILE, openStation, type Station } from '../../electron/core/station/index.ts';
import { testKek } from '../support/passphrase.ts';
import { newStation } from '../support/station.ts';
import { type EventRow, tamper } from '../support/tamper.ts';

/** A station with `count` events (the init event plus printed badges), closed again. */
function stationWith(count: number, checkpointAt: number[] = []): { dir: string; dbPath: string } {
  const station = newStation();
  const events: NewLedgerEvent[] = [];
  for (let i = 2; i <= count; i += 1) {
    events.push({
      type: 'BADGE_PRINTED',
      actor: 'op:1',
      subject: `badge:${i}`,
      data: { serial: `E-007-${String(i).padStart(7, '0')}-1`, printer: 'demo-1' },
    });
  }
  let at = 1;
  for (const event of events) {
    station.ledger.append(event);
    at += 1;
    if (checkpointAt.includes(at)) station.checkpoints.take();
  }
  const dir = station.dataDir;
  station.close();
  return { dir, dbPath: join(dir, DATABASE_FILE) };
}

function verifyStation(dir: string) {
  const station = openStation(dir, 'test', { kek: testKek() });
  try {
    return verifyLedger(station.db, station.ledger);
  } finally {
    station.close();
  }
}

describe('a ledger that nobody touched', () => {
  it('verifies intact with every event counted', () => {
    const { dir } = stationWith(50);
    const report = verifyStation(dir);
    expect(report).toMatchObject({ intact: true, events: 50, firstBadSeq: null, problem: null });
    expect(report.head?.seq).toBe(50);
  });
});

describe('tampering is found and the first bad event named', () => {
  it('an edited event (a serial changed in place)', () => {
    const { dir, dbPath } = stationWith(50);
    tamper(dbPath, (db) => db.prepare(`UPDATE ledger_events SET data = replace(data, 'demo-1', 'demo-2') WHERE seq = 20`).run());
    expect(verifyStation(dir)).toMatchObject({ intact: false, firstBadSeq: 20, problem: { kind: 'altered' } });
  });

  it('an edited event whose hash was recomputed breaks the link to the next one', () => {
    const { dir, dbPath } = stationWith(50);
    tamper(dbPath, (db) => {
      const row = db.prepare('SELECT * FROM ledger_events WHERE seq = 20').get() as EventRow;
      const data = '{"printer":"demo-9","serial":"E-007-0000020-1"}';
      const hash = eventHash({
        seq: 20,
        at: row.at,
        type: row.type,
        actor: row.actor,
        subject: row.subject,
        data,
        prevHash: row.prev_hash,
      });
      db.prepare('UPDATE ledger_events SET data = ?, hash = ? WHERE seq = 20').run(data, hash);
    });
    expect(verifyStation(dir)).toMatchObject({ intact: false, firstBadSeq: 21, problem: { kind: 'broken_link' } });
  });

  it('a link rewritten to point elsewhere, the event itself untouched', () => {
    const { dir, dbPath } = stationWith(50);
    tamper(dbPath, (db) => db.prepare('UPDATE ledger_events SET prev_hash = randomblob(32) WHERE seq = 12').run());
    expect(verifyStation(dir)).toMatchObject({ intact: false, firstBadSeq: 12, problem: { kind: 'broken_link' } });
  });

  it('a deleted event in the middle', () => {
    const { dir, dbPath } = stationWith(50);
    tamper(dbPath, (db) => db.prepare('DELETE FROM ledger_events WHERE seq = 33').run());
    expect(verifyStation(dir)).toMatchObject({ intact: false, firstBadSeq: 33, problem: { kind: 'missing' } });
  });

  it('a deleted first event', () => {
    const { dir, dbPath } = stationWith(10);
    tamper(dbPath, (db) => db.prepare('DELETE FROM ledger_events WHERE seq = 1').run());
    expect(verifyStation(dir)).toMatchObject({ intact: false, firstBadSeq: 1, problem: { kind: 'missing' } });
  });

  it('a deleted event with the later ones renumbered to close the gap', () => {
    const { dir, dbPath } = stationWith(50);
    tamper(dbPath, (db) => {
      db.prepare('DELETE FROM ledger_events WHERE seq = 33').run();
      db.prepare('UPDATE ledger_events SET seq = seq - 1 WHERE seq > 33').run();
    });
    expect(verifyStation(dir)).toMatchObject({ intact: false, firstBadSeq: 33 });
  });

  it('an inserted event', () => {
    const { dir, dbPath } = stationWith(50);
    tamper(dbPath, (db) => {
      // Make room at 25 the way a shell user would: shift everything after up by one.
      db.prepare('UPDATE ledger_events SET seq = -seq - 1 WHERE seq >= 25').run();
      db.prepare('UPDATE ledger_events SET seq = -seq WHERE seq < 0').run();
      const before = db.prepare('SELECT hash FROM ledger_events WHERE seq = 24').get() as { hash: Buffer };
      db.prepare(
        `INSERT INTO ledger_events (seq, at, type, actor, subject, data, prev_hash, hash)
         VALUES (25, 1, 'BADGE_PRINTED', 'op:1', 'badge:999', '{}', ?, randomblob(32))`,
      ).run(before.hash);
    });
    expect(verifyStation(dir)).toMatchObject({ intact: false, firstBadSeq: 25, problem: { kind: 'altered' } });
  });

  it('an inserted event forged with a correct hash shows at the event after it', () => {
    const { dir, dbPath } = stationWith(50);
    tamper(dbPath, (db) => {
      db.prepare('UPDATE ledger_events SET seq = -seq - 1 WHERE seq >= 25').run();
      db.prepare('UPDATE ledger_events SET seq = -seq WHERE seq < 0').run();
      const before = db.prepare('SELECT hash FROM ledger_events WHERE seq = 24').get() as { hash: Buffer };
      const forged = {
        seq: 25,
        at: 1,
        type: 'BADGE_PRINTED',
        actor: 'op:1',
        subject: 'badge:999',
        data: '{}',
        prevHash: before.hash,
      };
      db.prepare('INSERT INTO ledger_events VALUES (25, 1, ?, ?, ?, ?, ?, ?)').run(
        forged.type,
        forged.actor,
        forged.subject,
        forged.data,
        forged.prevHash,
        eventHash(forged),
      );
    });
    expect(verifyStation(dir)).toMatchObject({ intact: false, firstBadSeq: 26, problem: { kind: 'broken_link' } });
  });

  it('two events swapped', () => {
    const { dir, dbPath } = stationWith(50);
    tamper(dbPath, (db) => {
      db.prepare('UPDATE ledger_events SET seq = -1 WHERE seq = 10').run();
      db.prepare('UPDATE ledger_events SET seq = 10 WHERE seq = 11').run();
      db.prepare('UPDATE ledger_events SET seq = 11 WHERE seq = -1').run();
    });
    expect(verifyStation(dir)).toMatchObject({ intact: false, firstBadSeq: 10 });
  });

  it('events cut off the end are found once a checkpoint vouches for them', () => {
    const { dir, dbPath } = stationWith(50, [40]);
    tamper(dbPath, (db) => db.prepare('DELETE FROM ledger_events WHERE seq > 30').run());
    const report = verifyStation(dir);
    expect(report).toMatchObject({ intact: false, firstBadSeq: 31, problem: { kind: 'cut_off' } });
    expect(report.problem?.message).toContain('Events 31 to 40 were cut off');
  });

  it('a tail rewritten with fresh hashes is caught by the checkpoint', () => {
    const { dir, dbPath } = stationWith(50, [40]);
    tamper(dbPath, (db) => {
      const rows = db.prepare('SELECT * FROM ledger_events WHERE seq >= 30 ORDER BY seq').all() as EventRow[];
      let prevHash = (db.prepare('SELECT hash FROM ledger_events WHERE seq = 29').get() as { hash: Buffer }).hash;
      for (const row of rows) {
        const data = row.seq === 30 ? '{"printer":"elsewhere"}' : row.data;
        const hash = eventHash({
          seq: row.seq,
          at: row.at,
          type: row.type,
          actor: row.actor,
          subject: row.subject,
          data,
          prevHash,
        });
        db.prepare('UPDATE ledger_events SET data = ?, prev_hash = ?, hash = ? WHERE seq = ?').run(data, prevHash, hash, row.seq);
        prevHash = hash;
      }
    });
    expect(verifyStation(dir)).toMatchObject({ intact: false, firstBadSeq: 40, problem: { kind: 'checkpoint_mismatch' } });
  });
});

describe('signed checkpoints', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const kid = Buffer.from('station-007-test');
  const signer = { kid, sign: (message: Buffer) => sign(null, message, privateKey) };
  const verifier = (checkpoint: { kid: Buffer | null; signature: Buffer | null }, message: Buffer) =>
    !checkpoint.kid?.equals(kid)
      ? ('unknown-key' as const)
      : verify(null, message, publicKey, checkpoint.signature as Buffer)
        ? ('valid' as const)
        : ('invalid' as const);

  function signedStation(): Station {
    const station = newStation();
    station.ledger.append({ type: 'BADGE_PRINTED', actor: 'op:1', data: {} });
    station.checkpoints.take(signer);
    return station;
  }

  it('verify with the station key', () => {
    const station = signedStation();
    expect(verifyLedger(station.db, station.ledger, { verifyCheckpoint: verifier })).toMatchObject({
      intact: true,
      checkpoints: { total: 1, signed: 1 },
    });
    station.close();
  });

  it('a forged checkpoint (a head moved back after cutting events) is refused', () => {
    const station = signedStation();
    const dbPath = join(station.dataDir, DATABASE_FILE);
    const dir = station.dataDir;
    station.close();
    tamper(dbPath, (db) => {
      db.prepare('DELETE FROM ledger_events WHERE seq = 2').run();
      const first = db.prepare('SELECT hash FROM ledger_events WHERE seq = 1').get() as { hash: Buffer };
      db.prepare('UPDATE ledger_checkpoints SET seq = 1, head_hash = ?').run(first.hash);
    });
    const reopened = openStation(dir, 'test', { kek: testKek() });
    expect(verifyLedger(reopened.db, reopened.ledger, { verifyCheckpoint: verifier })).toMatchObject({
      intact: false,
      firstBadSeq: 1,
      problem: { kind: 'checkpoint_signature_invalid' },
    });
    reopened.close();
  });
});

describe('checkpoints from the enrolment on', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const kid = Buffer.from('station-007-test');
  const signer = { kid, sign: (message: Buffer) => sign(null, message, privateKey) };
  const verifyCheckpoint = (checkpoint: { kid: Buffer | null; signature: Buffer | null }, message: Buffer) =>
    !checkpoint.kid?.equals(kid)
      ? ('unknown-key' as const)
      : verify(null, message, publicKey, checkpoint.signature as Buffer)
        ? ('valid' as const)
        : ('invalid' as const);
  const enrolled = { verifyCheckpoint, stationEnrolled: true };

  /**
   * Events 1 to `count`, the station enrolled at event `enrolAt`; a checkpoint at each of
   * `checkpointAt`, unsigned before the enrolment (no key yet) and signed from it on.
   */
  function enrolledStationWith(count: number, enrolAt: number, checkpointAt: number[]): { dir: string; dbPath: string } {
    const station = newStation();
    for (let seq = 2; seq <= count; seq += 1) {
      station.ledger.append(
        seq === enrolAt
          ? { type: 'STATION_ENROLLED', actor: 'system:test', subject: 'station:007', data: { kid: kid.toString('hex') } }
          : { type: 'BADGE_PRINTED', actor: 'op:1', subject: `badge:${seq}`, data: { printer: 'demo-1' } },
      );
      if (checkpointAt.includes(seq)) station.checkpoints.take(seq < enrolAt ? undefined : signer);
    }
    const dir = station.dataDir;
    station.close();
    return { dir, dbPath: join(dir, DATABASE_FILE) };
  }

  function verifyEnrolled(dir: string, options: LedgerVerifyOptions = enrolled) {
    const station = openStation(dir, 'test', { kek: testKek() });
    try {
      return verifyLedger(station.db, station.ledger, options);
    } finally {
      station.close();
    }
  }

  /** What someone with a SQLite shell and no key does: edit an event and re-hash every event after it. */
  function rewriteFrom(db: Database.Database, seq: number): Buffer {
    const rows = db.prepare('SELECT * FROM ledger_events WHERE seq >= ? ORDER BY seq').all(seq) as EventRow[];
    let prevHash = (db.prepare('SELECT hash FROM ledger_events WHERE seq = ?').get(seq - 1) as { hash: Buffer }).hash;
    for (const row of rows) {
      const data = row.seq === seq ? '{"printer":"elsewhere"}' : row.data;
      const hash = eventHash({
        seq: row.seq,
        at: row.at,
        type: row.type,
        actor: row.actor,
        subject: row.subject,
        data,
        prevHash,
      });
      db.prepare('UPDATE ledger_events SET data = ?, prev_hash = ?, hash = ? WHERE seq = ?').run(data, prevHash, hash, row.seq);
      prevHash = hash;
    }
    return prevHash;
  }

  it('keep the unsigned checkpoints from before the enrolment, and verify', () => {
    const { dir } = enrolledStationWith(50, 15, [10, 30, 45]);
    expect(verifyEnrolled(dir)).toMatchObject({
      intact: true,
      enrolledAtSeq: 15,
      checkpoints: { total: 3, signed: 2, unsigned: 1 },
    });
  });

  it('a ledger rewritten after the enrolment, its signed checkpoint swapped for an unsigned one, is refused and the checkpoint named', () => {
    const { dir, dbPath } = enrolledStationWith(50, 2, [40]);
    tamper(dbPath, (db) => {
      rewriteFrom(db, 20);
      const head = db.prepare('SELECT hash FROM ledger_events WHERE seq = 40').get() as { hash: Buffer };
      db.prepare('UPDATE ledger_checkpoints SET head_hash = ?, kid = NULL, signature = NULL WHERE seq = 40').run(head.hash);
    });
    const report = verifyEnrolled(dir);
    expect(report).toMatchObject({ intact: false, firstBadSeq: 40, problem: { kind: 'checkpoint_unsigned' } });
    expect(report.problem?.message).toBe(
      'The checkpoint at event 40 is not signed, but the station was enrolled at event 2 and signs every checkpoint from then on: anyone with the database could have written it, so it cannot vouch for the events up to 40.',
    );
  });

  it('an unsigned checkpoint past the end is named as untrustworthy, not taken as proof of a cut', () => {
    const { dir, dbPath } = enrolledStationWith(50, 2, [40]);
    tamper(dbPath, (db) => {
      db.prepare('DELETE FROM ledger_events WHERE seq > 30').run();
      db.prepare('UPDATE ledger_checkpoints SET kid = NULL, signature = NULL').run();
    });
    expect(verifyEnrolled(dir)).toMatchObject({ intact: false, firstBadSeq: 40, problem: { kind: 'checkpoint_unsigned' } });
  });

  it('a signed checkpoint proves nothing without the certificate to check it: verify says to put the keys back', () => {
    const { dir } = enrolledStationWith(50, 2, [40]);
    const report = verifyEnrolled(dir, {});
    expect(report).toMatchObject({ intact: false, firstBadSeq: 40, problem: { kind: 'checkpoint_unverifiable' } });
    expect(report.problem?.message).toContain("put back the station's keys folder");
  });

  it('everything from the enrolment on cut off, signed checkpoints and all, is found on an enrolled station', () => {
    const { dir, dbPath } = enrolledStationWith(50, 20, [10, 30, 40]);
    tamper(dbPath, (db) => {
      db.prepare('DELETE FROM ledger_events WHERE seq >= 20').run();
      db.prepare('DELETE FROM ledger_checkpoints WHERE seq >= 20').run();
    });
    const report = verifyEnrolled(dir);
    expect(report).toMatchObject({ intact: false, firstBadSeq: 20, problem: { kind: 'enrolment_missing' } });
    expect(report.problem?.message).toContain('does not record the enrolment: the events from the enrolment on were cut off');
    // Without its certificate, the station does not know it was ever enrolled.
    expect(verifyEnrolled(dir, {})).toMatchObject({ intact: true, events: 19 });
  });

  it('a station enrolled through the CLI before STATION_ENROLLED existed is held to signed checkpoints from its KEY_EVENT', () => {
    const station = newStation();
    station.ledger.append({ type: 'KEY_EVENT', actor: 'system:cli', data: { event: 'station key generated', alg: 'Ed25519' } });
    station.ledger.append({ type: 'KEY_EVENT', actor: 'system:cli', data: { event: 'station enrolled', kid: 'ab' } });
    expect(() => station.checkpoints.take()).toThrow(expect.objectContaining({ code: 'KEY_MISSING' }));
    station.checkpoints.take(signer);
    const dir = station.dataDir;
    station.close();
    expect(verifyEnrolled(dir)).toMatchObject({ intact: true, enrolledAtSeq: 3 });
    tamper(join(dir, DATABASE_FILE), (db) => db.prepare('UPDATE ledger_checkpoints SET kid = NULL, signature = NULL').run());
    expect(verifyEnrolled(dir)).toMatchObject({ intact: false, problem: { kind: 'checkpoint_unsigned', seq: 3 } });
  });

  it("what a station alone cannot see: a tail cut together with every checkpoint past the last one kept (upstream's acknowledged head is the anchor)", () => {
    const { dir, dbPath } = enrolledStationWith(50, 2, [20, 40]);
    // The events since the newest checkpoint go without touching a checkpoint at all...
    tamper(dbPath, (db) => db.prepare('DELETE FROM ledger_events WHERE seq > 45').run());
    expect(verifyEnrolled(dir)).toMatchObject({ intact: true, events: 45 });
    // ...and further back, with the checkpoints that vouched for them.
    tamper(dbPath, (db) => {
      db.prepare('DELETE FROM ledger_events WHERE seq > 30').run();
      db.prepare('DELETE FROM ledger_checkpoints WHERE seq > 30').run();
    });
    expect(verifyEnrolled(dir)).toMatchObject({ intact: true, events: 30, checkpoints: { signed: 1 } });
  });

  it('with the head upstream acknowledged, a tail cut behind it, or a stretch rewritten up to it, is found offline', () => {
    const { dir, dbPath } = enrolledStationWith(50, 2, [20]);
    const station = openStation(dir, 'test', { kek: testKek() });
    const acked = [...station.ledger.events(45)][0] as { hash: Buffer };
    station.close();
    const upstreamHead = { seq: 45, hash: acked.hash, at: Date.UTC(2026, 10, 20, 9) };
    expect(verifyEnrolled(dir, { ...enrolled, upstreamHead })).toMatchObject({ intact: true, events: 50 });

    tamper(dbPath, (db) => rewriteFrom(db, 30));
    expect(verifyEnrolled(dir, { ...enrolled, upstreamHead })).toMatchObject({
      intact: false,
      firstBadSeq: 45,
      problem: {
        kind: 'behind_upstream',
        message:
          'Event 45 is not the event upstream acknowledged at 2026-11-20T09:00:00.000Z: the ledger was rewritten at or before it.',
      },
    });
    tamper(dbPath, (db) => db.prepare('DELETE FROM ledger_events WHERE seq > 40').run());
    expect(verifyEnrolled(dir, { ...enrolled, upstreamHead })).toMatchObject({
      intact: false,
      firstBadSeq: 41,
      problem: {
        kind: 'behind_upstream',
        message: 'Events 41 to 45 were cut off the end: upstream acknowledged event 45 at 2026-11-20T09:00:00.000Z.',
      },
    });
  });
});

describe('checked in turns, as the desk checks it (a slice of events, then the thread given back)', () => {
  const cases: [string, (db: Database.Database) => void][] = [
    ['untouched', () => {}],
    [
      'an event edited in the third slice',
      (db) => db.prepare(`UPDATE ledger_events SET data = replace(data, 'demo-1', 'demo-2') WHERE seq = 20`).run(),
    ],
    ['an event deleted at a slice boundary', (db) => db.prepare('DELETE FROM ledger_events WHERE seq = 15').run()],
    ['the tail cut under a checkpoint', (db) => db.prepare('DELETE FROM ledger_events WHERE seq > 40').run()],
    [
      'an event stored as number 0',
      (db) =>
        db
          .prepare(
            `INSERT INTO ledger_events (seq, at, type, actor, subject, data, prev_hash, hash) VALUES (0, 1, 'BADGE_PRINTED', 'op:1', 'badge:0', '{}', zeroblob(32), randomblob(32))`,
          )
          .run(),
    ],
  ];
  for (const [name, change] of cases) {
    it(`gives the whole check's verdict: ${name}`, async () => {
      const { dir, dbPath } = stationWith(50, [45]);
      tamper(dbPath, change);
      const station = openStation(dir, 'test', { kek: testKek() });
      try {
        let turns = 0;
        const inTurns = await verifyLedgerInTurns(
          station.db,
          station.ledger,
          {},
          {
            slice: 7,
            turn: async () => {
              turns += 1;
            },
          },
        );
        expect(inTurns).toEqual(verifyLedger(station.db, station.ledger));
        // It gave the thread back between slices, up to where it stopped.
        expect(turns).toBeGreaterThanOrEqual(Math.floor(Math.min(inTurns.firstBadSeq ?? 50, 50) / 7) - 1);
      } finally {
        station.close();
      }
    });
  }

  it('checks the ledger as it stood when it began: events appended between its turns are the next check’s', async () => {
    const { dir } = stationWith(30);
    const station = openStation(dir, 'test', { kek: testKek() });
    try {
      const verdict = await verifyLedgerInTurns(
        station.db,
        station.ledger,
        {},
        {
          slice: 10,
          turn: async () => {
            station.ledger.append({
              type: 'BADGE_PRINTED',
              actor: 'op:1',
              subject: 'badge:late',
              data: { serial: 'E-007-0000999-1' },
            });
          },
        },
      );
      expect(verdict).toMatchObject({ intact: true, events: 30 });
      expect(verifyLedger(station.db, station.ledger)).toMatchObject({ intact: true, events: 33 });
    } finally {
      station.close();
    }
  });
});
