/**
 * Collection at the counter: a printed badge handed over after an identity check, to its
 * holder or to its organisation's listed representative, recorded in the ledger with the
 * document's type and last four characters only; and every card that must not go out refused,
 * saying which and why.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { reprintBadge } from '../../electron/core/badges/index.ts';
import { loadCatalog } from '../../electron/core/catalog/index.ts';
import { addRepresentatives, collectBadge } from '../../electron/core/handover/index.ts';
import type { Station } from '../../electron/core/station/index.ts';
import { demoPort } from '../../electron/devices/index.ts';
import { DemoPrinter } from '../../native/printers/index.ts';
import { ledgerData, pipelineOn, pipelineStation } from '../support/pipeline.ts';
import { cli, tempDir } from '../support/station.ts';

vi.setConfig({ testTimeout: 120_000 });

interface Holder {
  serial: string;
  id: string;
  name: string;
  organisation: string;
  doc_type: string;
  doc_number: string;
}

function holders(station: Station): Holder[] {
  return station.db
    .statement(
      `SELECT v.serial, h.id, h.name, h.organisation, h.doc_type, h.doc_number
       FROM badge_versions v JOIN holders h ON h.id = v.holder WHERE v.status = 'active' ORDER BY v.serial`,
    )
    .all() as Holder[];
}

const refusal = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    return error as Error & { code: string };
  }
  throw new Error('it was handed over');
};

describe('collecting a badge at the counter', () => {
  it('hands a badge to its holder or a listed representative, and refuses every card that must not go out', async () => {
    const desk = await pipelineStation(10, [], { folder: tempDir('badge-station-collect-') });
    const station = desk.open();
    const { jobs, run } = pipelineOn(desk, station);
    const all = holders(station);
    // Two batches: the first six badges, then three more; the last badge is never printed.
    const first = jobs.createJob({
      name: 'morning',
      badges: { serials: all.slice(0, 6).map((h) => h.serial) },
      actor: 'system:test',
      now: desk.clock(),
    });
    const second = jobs.createJob({
      name: 'afternoon',
      badges: { serials: all.slice(6, 9).map((h) => h.serial) },
      actor: 'system:test',
      now: desk.clock(),
    });
    const printer = new DemoPrinter({ name: 'A', outputDir: tempDir('badge-station-demo-printer-'), paceMs: 0, durable: false });
    await run([{ printer: demoPort(printer) }]);
    const [alice, bob, carol, dave] = all as [Holder, Holder, Holder, Holder];
    const at = (n: number) => desk.clock() + n * 60_000;

    // To the holder, on the registered document's last four characters (case aside).
    const given = collectBadge(station, {
      serial: alice.serial,
      job: first,
      actor: 'operator:wang',
      to: { kind: 'holder', docLast4: alice.doc_number.slice(-4).toLowerCase() },
      now: at(1),
    });
    expect(given).toMatchObject({ serial: alice.serial, to: 'holder', check: 'document', holder: { id: alice.id } });
    const recorded = ledgerData(station, 'BADGE_COLLECTED');
    expect(recorded).toEqual([
      {
        serial: alice.serial,
        job: first,
        to: 'holder',
        check: 'document',
        doc_type: alice.doc_type,
        doc_last4: alice.doc_number.slice(-4).toUpperCase(),
      },
    ]);
    // Never the whole document number.
    const ledgerText = (
      station.db.statement('SELECT group_concat(data) AS all_data FROM ledger_events').get() as { all_data: string }
    ).all_data;
    expect(ledgerText).not.toContain(alice.doc_number);

    // Twice: refused, saying when and to whom.
    expect(
      refusal(() =>
        collectBadge(station, {
          serial: alice.serial,
          actor: 'operator:li',
          to: { kind: 'holder', docLast4: alice.doc_number.slice(-4) },
        }),
      ).message,
    ).toMatch(new RegExp(`Badge ${alice.serial} was already collected on .* by its holder \\(handed over by operator:wang\\)`));

    // A document that is not the registered one: refused, and the refusal recorded.
    const wrong = alice.doc_number.slice(-4) === '0000' ? '1111' : '0000';
    const mismatch = refusal(() =>
      collectBadge(station, {
        serial: bob.serial,
        job: first,
        actor: 'operator:wang',
        to: { kind: 'holder', docLast4: wrong },
        now: at(2),
      }),
    );
    expect(mismatch.code).toBe('IDENTITY_MISMATCH');
    expect(mismatch.message).toMatch(/does not match the one .* registered/);
    expect(mismatch.message).not.toContain(bob.doc_number.slice(-4));
    expect(ledgerData(station, 'COLLECTION_REFUSED')).toEqual([{ serial: bob.serial, reason: 'document' }]);

    // A card of the other batch on this batch's table.
    const other = refusal(() =>
      collectBadge(station, {
        serial: all[6]?.serial as string,
        job: first,
        actor: 'operator:wang',
        to: { kind: 'holder', docLast4: 'ABCD' },
      }),
    );
    expect(other.code).toBe('BADGE_OTHER_BATCH');
    expect(other.message).toContain(`belongs to print job ${second} "afternoon", not job ${first}: put it with its own batch`);

    // Never printed.
    expect(
      refusal(() =>
        collectBadge(station, {
          serial: all[9]?.serial as string,
          actor: 'operator:wang',
          to: { kind: 'holder', docLast4: 'ABCD' },
        }),
      ).code,
    ).toBe('BADGE_NOT_ISSUED');

    // Voided (reported lost, reprinted): the old card is refused, naming the current one.
    const reprint = reprintBadge(station, loadCatalog(), carol.id, { reason: 'lost', actor: 'supervisor:zhao', now: at(3) });
    const voided = refusal(() =>
      collectBadge(station, {
        serial: carol.serial,
        actor: 'operator:wang',
        to: { kind: 'holder', docLast4: carol.doc_number.slice(-4) },
      }),
    );
    expect(voided.code).toBe('BADGE_VOID');
    expect(voided.message).toContain(`Badge ${carol.serial} was voided (lost): do not hand it over`);
    expect(voided.message).toContain(`current badge is ${reprint.serial}`);

    // Representatives: listed for their organisation only.
    addRepresentatives(
      station,
      [{ organisation: dave.organisation, name: 'Zhang Wei', docType: '护照', docNumber: 'E12345678' }],
      'operator:wang',
    );
    const byRepresentative = collectBadge(station, {
      serial: dave.serial,
      job: first,
      actor: 'operator:wang',
      to: { kind: 'representative', name: 'zhang wei', docLast4: '5678' },
      now: at(4),
    });
    expect(byRepresentative).toMatchObject({ to: 'representative', representative: 'Zhang Wei' });
    expect(ledgerData(station, 'BADGE_COLLECTED').at(-1)).toMatchObject({
      to: 'representative',
      representative: 'Zhang Wei',
      organisation: dave.organisation,
      doc_type: '护照',
      doc_last4: '5678',
    });
    const elsewhere = all.slice(0, 6).find((h) => h.organisation !== dave.organisation && h.serial !== alice.serial) as Holder;
    const notListed = refusal(() =>
      collectBadge(station, {
        serial: elsewhere.serial,
        actor: 'operator:wang',
        to: { kind: 'representative', name: 'Zhang Wei', docLast4: '5678' },
      }),
    );
    expect(notListed.code).toBe('NOT_A_REPRESENTATIVE');
    expect(notListed.message).toContain(
      `Zhang Wei is not listed as a representative of ${elsewhere.organisation} (only of ${dave.organisation})`,
    );
    expect(ledgerData(station, 'COLLECTION_REFUSED').at(-1)).toEqual({ serial: elsewhere.serial, reason: 'not listed' });
    station.close();

    // The command line: what to check first (no document digits shown), then the handover.
    const data = ['--data', desk.dataDir];
    const shown = cli([...data, 'collect', bob.serial], desk.env);
    expect(shown.status, shown.stderr).toBe(0);
    expect(shown.stdout).toContain(bob.name);
    expect(shown.stdout).toContain(`Ask for their ${bob.doc_type}`);
    expect(shown.stdout).not.toContain(bob.doc_number);
    const done = cli([...data, 'collect', bob.serial, '--job', String(first), '--doc-last4', bob.doc_number.slice(-4)], desk.env);
    expect(done.status, done.stderr).toBe(0);
    expect(done.stdout).toMatch(
      new RegExp(`Handed over ${bob.serial} \\(${bob.name}, .*\\) to its holder; ledger event \\d+\\.`),
    );
    const csv = join(tempDir('badge-station-representatives-'), 'representatives.csv');
    writeFileSync(csv, `\uFEFForganisation,name,doc_type,doc_number\n"${carol.organisation}",Li Na,身份证,310101199001011234\n`);
    const imported = cli([...data, 'representatives', 'import', csv], desk.env);
    expect(imported.stdout).toContain('Listed 1 representatives');
    const listed = cli([...data, 'representatives', 'list'], desk.env);
    expect(listed.stdout).toContain(`${carol.organisation}  Li Na  身份证 …1234`);
    expect(listed.stdout).not.toContain('310101199001011234');
    const refused = cli([...data, 'collect', all[6]?.serial as string, '--job', String(first), '--doc-last4', 'ABCD'], desk.env);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('put it with its own batch');
  });
});
