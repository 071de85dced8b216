import { describe, expect, it } from 'vitest';
import { createBadges } from '../../electron/core/badges/index.ts';
import { loadCatalog } from '../../electron/core/catalog/index.ts';
import { JobStore, REPRINT_PRIORITY } from '../../electron/core/jobs/index.ts';
import { verifyLedger } from '../../electron/core/ledger/index.ts';
import { importRoster } from '../../electron/core/roster/index.ts';
import type { Station } from '../../electron/core/station/index.ts';
import { HEADER_ZH, writeCsv } from '../support/roster.ts';
import { newStation } from '../support/station.ts';

const actor = 'system:test';

/** A station whose roster has `count` exhibitors, each with an active badge. */
async function stationWithBadges(count: number): Promise<{ station: Station; serials: string[]; jobs: JobStore }> {
  const station = newStation();
  const rows = Array.from({ length: count }, (_, i) => [`H-${i + 1}`, `王${i + 1}`, '', '', '', '', '', '参展证', '']);
  await importRoster(station, writeCsv([HEADER_ZH, ...rows]), { actor });
  const serials = createBadges(station, loadCatalog(), { allWithoutBadge: true, actor }).map((badge) => badge.serial);
  return { station, serials, jobs: new JobStore(station.db, station.ledger) };
}

describe('a print job', () => {
  it('keeps every printer busy with one card at a time, the fastest taking the most', async () => {
    const { station, serials, jobs } = await stationWithBadges(6);
    const job = jobs.createJob({ name: 'hall 1 exhibitors', badges: { serials }, actor });
    const a = jobs.claimNext('printer-a');
    const b = jobs.claimNext('printer-b');
    expect([a?.serial, b?.serial]).toEqual([serials[0], serials[1]]);
    expect(jobs.claimNext('printer-a')).toBeUndefined(); // one card at a time
    expect(() => station.db.exec(`UPDATE job_items SET printer = 'printer-a', state = 'claimed' WHERE position = 3`)).toThrow(
      /UNIQUE/,
    );

    // printer-a is fast: it finishes and takes the next cards while printer-b is still busy.
    for (let card = jobs.claimNext('printer-a') ?? a; card; card = jobs.claimNext('printer-a')) {
      if (card.state === 'claimed') jobs.advance(card.id, 'claimed', 'rendered');
      jobs.advance(card.id, 'rendered', 'sent');
      jobs.advance(card.id, 'sent', 'printed');
      jobs.advance(card.id, 'printed', 'issued', {
        event: { type: 'BADGE_ISSUED', actor, subject: `badge:${card.serial}`, data: { job } },
      });
    }
    expect(jobs.progress(job)).toMatchObject({ total: 6, byState: { issued: 5, claimed: 1 } });
    expect(verifyLedger(station.db, station.ledger).intact).toBe(true);
    station.close();
  });

  it('lets a single reprint jump ahead of the bulk work', async () => {
    const { station, serials, jobs } = await stationWithBadges(4);
    jobs.createJob({ name: 'bulk', badges: { serials: serials.slice(0, 3) }, actor });
    jobs.createJob({
      name: 'reprint for a lost badge',
      badges: { serials: [serials[3] as string] },
      priority: REPRINT_PRIORITY,
      actor,
    });
    expect(jobs.claimNext('printer-a')?.serial).toBe(serials[3]);
    station.close();
  });

  it('gives back what an unplugged printer had not started, and fails what was in it, with the reason', async () => {
    const { station, serials, jobs } = await stationWithBadges(3);
    const job = jobs.createJob({ name: 'bulk', badges: { serials }, actor });
    const first = jobs.claimNext('printer-a');
    const second = jobs.claimNext('printer-b');
    jobs.advance(second?.id as number, 'claimed', 'rendered');
    jobs.advance(second?.id as number, 'rendered', 'encoded');
    expect(jobs.releasePrinter('printer-a', 'PRINTER_OFFLINE')).toEqual({ requeued: 1, failed: 0 });
    expect(jobs.releasePrinter('printer-b', 'PRINTER_OFFLINE: the card was in the printer')).toEqual({ requeued: 0, failed: 1 });
    expect(jobs.item(first?.id as number)).toMatchObject({ state: 'queued', printer: null });
    expect(jobs.item(second?.id as number)).toMatchObject({
      state: 'failed',
      reason: 'PRINTER_OFFLINE: the card was in the printer',
    });
    expect(jobs.claimNext('printer-c')?.serial).toBe(serials[0]);
    expect(jobs.retry(job)).toBe(1);
    station.close();
  });

  it('pauses, resumes and cancels; a cancelled job never prints its queued cards', async () => {
    const { station, serials, jobs } = await stationWithBadges(3);
    const job = jobs.createJob({ name: 'bulk', badges: { serials }, actor });
    jobs.pause(job);
    expect(jobs.claimNext('printer-a')).toBeUndefined();
    jobs.resume(job);
    const card = jobs.claimNext('printer-a');
    expect(jobs.cancel(job)).toBe(2);
    expect(jobs.claimNext('printer-b')).toBeUndefined();
    expect(jobs.progress(job)).toMatchObject({ status: 'cancelled', byState: { cancelled: 2, claimed: 1 } });
    expect(jobs.advance(card?.id as number, 'claimed', 'rendered').state).toBe('rendered');
    expect(() => jobs.resume(job)).toThrow(/cannot be running/);
    station.close();
  });

  it('refuses moves from a state the card is not in, and jobs over badges that are not active', async () => {
    const { station, serials, jobs } = await stationWithBadges(2);
    jobs.createJob({ name: 'bulk', badges: { serials }, actor });
    const card = jobs.claimNext('printer-a');
    expect(() => jobs.advance(card?.id as number, 'rendered', 'sent')).toThrow(/is claimed, not rendered: it was not moved/);
    expect(() => jobs.advance(card?.id as number, 'claimed', 'issued')).toThrow(/cannot go from claimed to issued/);
    expect(() => jobs.createJob({ name: 'x', badges: { serials: ['E-007-9999999-1'] }, actor })).toThrow(
      expect.objectContaining({ code: 'BADGE_NOT_FOUND' }),
    );
    expect(jobs.progress(1).total).toBe(2);
    station.close();
  });
});
