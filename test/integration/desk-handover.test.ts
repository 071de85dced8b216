/**
 * The Handover screen's methods over the RPC server with the real device wiring: a job
 * printed on the demo printer with an inline encoder, its pick list in handover order, a
 * card's chip read on the virtual desk encoder giving its badge, checked and handed over on
 * the document's last four characters (told whether upstream has activated the holder);
 * a blank card, a wrong document and a second handover refused in words.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type DemoDesk, demoDesk } from '../support/demo-desk.ts';

const DESK = 'Demo desk encoder';

let desk: DemoDesk | undefined;
afterEach(() => {
  desk?.close();
  desk = undefined;
});

describe('handover at the desk', () => {
  it('reads a printed card’s chip at the counter, checks its holder and hands it over once', async () => {
    // What a pull from upstream left: the first holder activated, the others not yet.
    let first = '';
    desk = await demoDesk('badge-desk-handover-', async (station) => {
      const ids = station.db.statement('SELECT id FROM holders ORDER BY id').pluck().all() as string[];
      first = ids[0] as string;
      for (const id of ids)
        station.db
          .statement('INSERT INTO holder_clearances (holder_id, keys, active, pulled_at) VALUES (?, ?, ?, ?)')
          .run(id, '{"vaccination":true}', id === first ? 1 : 0, 0);
    });
    const page = desk;
    const rows = (await page.call('roster.page', { offset: 0, limit: 4 })).result.rows as { id: string }[];
    const made = await page.call('print.batch', {
      name: 'counter',
      from: { kind: 'list', text: rows.map((row) => row.id).join('\n') },
    });
    const job = made.result.job as number;
    expect((await page.call('print.start', { job, printers: ['Demo-1'] })).error).toBeUndefined();
    await page.settled();

    const batch = (await page.call('handover.batch', { job })).result;
    expect(batch).toMatchObject({ job, name: 'counter', total: 4, collected: 0, notIssued: 0 });
    expect(batch.lanyards.reduce((sum: number, lanyard: { count: number }) => sum + lanyard.count, 0)).toBe(4);
    const serials = batch.cards.map((card: { serial: string }) => card.serial);

    // A card from the printer, on the desk's reader: its chip names its badge.
    const cards = (await page.call('chips.demoCards')).result.cards as { uid: string }[];
    expect(cards).toHaveLength(4);
    await page.call('chips.placeDemoCard', { reader: DESK, uid: (cards[0] as { uid: string }).uid });
    const read = await page.call('handover.read', { reader: DESK });
    expect(read.error).toBeUndefined();
    expect(serials).toContain(read.result.serial);
    expect(read.result.verdict).toMatchObject({ valid: true, code: 'VALID' });

    const checked = (await page.call('handover.check', { serial: read.result.serial, job })).result;
    expect(checked).toMatchObject({ serial: read.result.serial, job });
    // Keys never stop a handover; the operator is told when the gates will refuse the card for now.
    expect(checked.activation).toBe(checked.holder.id === first ? 'active' : 'not-active');
    expect(checked.photo?.dataUrl).toMatch(/^data:image\//);
    const holder = (await page.call('roster.holder', { id: checked.holder.id })).result.holder as { docNumber: string };
    const last4 = holder.docNumber.slice(-4);
    const wrong = await page.call('handover.collect', {
      serial: checked.serial,
      job,
      docLast4: last4 === '0000' ? '1111' : '0000',
    });
    expect(wrong.error?.code).toBe('IDENTITY_MISMATCH');
    const done = await page.call('handover.collect', { serial: checked.serial, job, docLast4: last4 });
    expect(done.result).toMatchObject({ serial: checked.serial, to: 'holder', check: 'document' });
    expect((await page.call('handover.batch', { job })).result.collected).toBe(1);
    const again = await page.call('handover.check', { serial: checked.serial, job });
    expect(again.error?.code).toBe('BADGE_COLLECTED');

    // A blank card is no badge: refused with the chip's own verdict.
    await page.call('chips.takeDemoCard', { reader: DESK });
    await page.call('chips.placeDemoCard', { reader: DESK, uid: null });
    const blank = await page.call('handover.read', { reader: DESK });
    expect(blank.error?.code).toBe('BADGE_NOT_FOUND');
    expect(blank.error?.message).toMatch(/The card on Demo desk encoder is not a badge of this event/);
  }, 120_000);
});
