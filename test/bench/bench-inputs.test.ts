/**
 * The benchmarks measure what they say: what each one feeds the code it times. Timings are
 * never asserted (the numbers go into the closing notes); what is asserted is that a
 * badge benchmark draws many different holders, that a search benchmark never asks the same
 * thing twice, that the printer is sent a real badge, and that the per-card ledger rate
 * moves real cards.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBadges } from '../../electron/core/badges/index.ts';
import { loadCatalog } from '../../electron/core/catalog/index.ts';
import { importRoster, writeDemoRoster } from '../../electron/core/roster/index.ts';
import { openStation } from '../../electron/core/station/index.ts';
import { testKek } from '../support/passphrase.ts';
import { newStation, tempDir } from '../support/station.ts';
import { appendPerCard } from './ledger.ts';
import { badgePdfs } from './printers.ts';
import { rosterCards, writeBenchRoster } from './render-roster.ts';
import { queryMix, shortQueries } from './roster.ts';
import { uiQueries } from './ui-queries.ts';

describe('what the benchmarks time', () => {
  it('the render benchmark draws a different holder, with a photo of their own, on every badge', async () => {
    const dir = tempDir();
    const catalog = loadCatalog();
    await writeBenchRoster(dir, 60, catalog);
    const cards = rosterCards(readFileSync(join(dir, 'roster.csv'), 'utf8'), catalog);
    expect(cards).toHaveLength(60);
    const distinct = (values: string[]) => new Set(values).size;
    expect(distinct(cards.map((card) => card.holder.name))).toBe(60);
    expect(distinct(cards.map((card) => card.holder.organisation))).toBeGreaterThan(50);
    expect(distinct(cards.map((card) => card.photo?.path ?? ''))).toBe(60);
    // The demo roster's mix of scripts and types, not one kind of name.
    expect(cards.some((card) => /^\p{Script=Han}+$/u.test(card.holder.name))).toBe(true);
    expect(cards.some((card) => /^[A-Za-z][A-Za-z ]+$/.test(card.holder.name))).toBe(true);
    expect(distinct(cards.map((card) => card.type.code))).toBeGreaterThan(2);
  });

  it('the search benchmark asks every query once, the one-character ones too', async () => {
    const station = newStation();
    try {
      const { roster } = await writeDemoRoster({ holders: 3000, out: tempDir(), photos: false });
      await importRoster(station, roster, { actor: 'system:test' });
      for (const type of ['guest', 'media', 'security'])
        createBadges(station, loadCatalog(), { allWithoutBadge: true, type, actor: 'system:test' });
      const taken = new Set<string>();
      const mix = queryMix(station, 500, taken);
      const singles = shortQueries(station, taken);
      const asked = [...mix, ...singles].map((query) => query.toLowerCase());
      expect(mix).toHaveLength(500);
      expect(singles.length).toBeGreaterThan(60);
      expect(new Set(asked).size).toBe(asked.length);
      expect(singles.every((query) => [...query].length === 1)).toBe(true);
      // Every kind of the published mix is there.
      expect(mix.some((query) => /^H-\d{7}$/.test(query))).toBe(true);
      expect(mix.some((query) => /^[GMP]-007-/.test(query))).toBe(true);
      expect(mix.some((query) => /^\p{Script=Han}{2,3}$/u.test(query))).toBe(true);
      expect(mix.some((query) => /^[a-z]{3,8}$/.test(query))).toBe(true);
    } finally {
      station.close();
    }
  });

  it('the ui benchmark types names, pinyin, initials and Latin names of the roster, none twice nor the start of another', async () => {
    const station = newStation();
    try {
      const { roster } = await writeDemoRoster({ holders: 3000, out: tempDir(), photos: false });
      await importRoster(station, roster, { actor: 'system:test' });
      const queries = uiQueries(station, 150);
      expect(queries).toHaveLength(150);
      const asked = queries.map((query) => query.toLowerCase());
      expect(new Set(asked).size).toBe(150);
      for (const query of asked) expect(asked.filter((other) => other.startsWith(query))).toEqual([query]);
      // Each is the start of some holder's name, pinyin, initials or Latin name.
      const holders = station.db.statement('SELECT name, latin_name, pinyin, initials FROM holders').all() as Record<
        string,
        string
      >[];
      const starts = (query: string) =>
        holders.some((h) => [h.name, h.latin_name, h.pinyin, h.initials].some((field) => field?.toLowerCase().startsWith(query)));
      expect(asked.filter((query) => !starts(query))).toEqual([]);
      // Every kind is there: Chinese names, pinyin, initials, Latin names.
      expect(queries.filter((query) => /^\p{Script=Han}{2,3}$/u.test(query)).length).toBeGreaterThan(30);
      const pinyin = holders.filter((h) => h.pinyin !== '');
      const kindOf = (query: string, field: 'pinyin' | 'initials') => pinyin.some((h) => h[field]?.startsWith(query));
      expect(queries.filter((query) => query.length >= 5 && kindOf(query, 'pinyin')).length).toBeGreaterThan(10);
      expect(queries.filter((query) => /^[a-z]{3,4}$/.test(query) && kindOf(query, 'initials')).length).toBeGreaterThan(10);
      expect(
        queries.some((query) => holders.some((h) => h.pinyin === '' && (h.latin_name ?? '').toLowerCase().startsWith(query))),
      ).toBe(true);
    } finally {
      station.close();
    }
  });

  it('the printers benchmark sends a badge as the renderer draws it: both sides, with the photo', async () => {
    const pdfs = await badgePdfs();
    expect(pdfs).toHaveLength(loadCatalog().types.length);
    for (const pdf of pdfs) {
      const text = pdf.toString('latin1');
      expect(text.match(/\/Type \/Page\b/g)).toHaveLength(2);
      expect(text).toContain('/Subtype /Image');
      expect(text).toContain('/DCTDecode');
      expect(pdf.length).toBeGreaterThan(20_000);
    }
  });

  it('the per-card ledger rate moves real cards to issued, one event in each move that has one', async () => {
    const run = await appendPerCard(tempDir(), 30);
    expect(run.events).toBe(60);
    const station = openStation(run.dir, 'test', { kek: testKek() });
    try {
      const count = (type: string) =>
        (station.db.statement('SELECT count(*) AS n FROM ledger_events WHERE type = ?').get(type) as { n: number }).n;
      expect(count('BADGE_PRINTED')).toBe(30);
      expect(count('BADGE_ISSUED')).toBe(30);
      const issued = station.db.statement(`SELECT count(*) AS n FROM job_items WHERE state = 'issued'`).get() as { n: number };
      expect(issued.n).toBe(30);
    } finally {
      station.close();
    }
  });
});
