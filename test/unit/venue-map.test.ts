/**
 * The venue plan and the fold-in map drawn from it: the reference plan matches zones.json,
 * a plan that does not is refused naming what is wrong, and a holder's map highlights
 * exactly the holder's zones (read back from the rendered SVG, as the preview shows it).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../electron/core/catalog/index.ts';
import { foldInMap, loadVenueMap, type MapHolder } from '../../electron/core/handover/index.ts';
import { templatesDir } from '../../electron/core/paths.ts';
import { badgeFonts, renderSvg } from '../../electron/core/render/index.ts';
import { tempDir } from '../support/station.ts';

const catalog = loadCatalog();
const reference = readFileSync(join(templatesDir(), 'venue-map', 'venue.svg'), 'utf8');
const refused = (svg: string) => {
  try {
    // As an event's replacement plan is read: a file called venue.svg.
    const file = join(tempDir('badge-venue-map-'), 'venue.svg');
    writeFileSync(file, svg);
    loadVenueMap(catalog, file);
  } catch (error) {
    return error as Error & { code: string };
  }
  throw new Error('the plan was accepted');
};

describe('the venue plan', () => {
  it('has one region for every zone of zones.json, gates that lead to zones, and the transport links', () => {
    const venue = loadVenueMap(catalog);
    expect(venue.regions.map((region) => region.zone)).toEqual(catalog.zones.map((zone) => zone.code));
    expect(venue.entrances.map((gate) => gate.nameEn)).toEqual(['North Gate', 'South Gate', 'West Gate', 'East Gate']);
    expect(venue.symbols.map((symbol) => symbol.kind).sort()).toEqual(['bus', 'first-aid', 'first-aid', 'first-aid', 'metro']);
    // Every zone can be reached through some gate.
    const reached = new Set(venue.entrances.flatMap((gate) => gate.leadsTo));
    expect(catalog.zones.filter((zone) => !reached.has(zone.code))).toEqual([]);
  });

  it('refuses a plan that does not parse, saying where', () => {
    const error = refused(reference.replace('<rect data-zone="H1"', '<rect data-zone="H1" x="1" x="2"'));
    expect(error.code).toBe('VENUE_MAP_INVALID');
    expect(error.message).toMatch(/venue\.svg: It is not well-formed SVG at line \d+, column \d+/);
    expect(refused('not svg at all').message).toMatch(/not well-formed|no <svg>/);
  });

  it("refuses a plan without a zone's region, naming the zone", () => {
    const error = refused(reference.replace(/\s*<rect data-zone="LD"[^>]*\/>/, ''));
    expect(error.message).toMatch(/It has no region for zone LD \(Loading Docks\): add a shape with data-zone="LD"/);
  });

  it('refuses a region of a zone zones.json does not have, naming it', () => {
    const error = refused(reference.replace('</svg>', '<rect data-zone="Q9" x="0" y="0" width="5" height="5"/></svg>'));
    expect(error.message).toMatch(/region for zone "Q9", which is not in zones\.json/);
  });

  it('refuses shapes it cannot read plainly: a transform, a circle, a gate to nowhere', () => {
    expect(refused(reference.replace('<rect data-zone="H2"', '<rect transform="rotate(5)" data-zone="H2"')).message).toMatch(
      /The <rect> with data-zone="H2" is moved by a transform: flatten it/,
    );
    expect(
      refused(
        reference.replace(
          /<rect data-zone="H2"[^>]*\/>/,
          '<g transform="translate(3 0)"><rect data-zone="H2" x="48" y="10" width="28" height="32"/></g>',
        ),
      ).message,
    ).toMatch(/moved by a transform/);
    expect(
      refused(reference.replace(/<rect data-zone="H2"[^>]*\/>/, '<circle data-zone="H2" cx="60" cy="26" r="10"/>')).message,
    ).toMatch(/The <circle> with data-zone="H2" is a <circle>: draw it as a path, rect or polygon/);
    expect(refused(reference.replace('data-leads-to="FH PL', 'data-leads-to="ZZ PL')).message).toMatch(
      /Entrance "N" leads to "ZZ", which is not a zone/,
    );
  });
});

interface SvgNode {
  [tag: string]: unknown;
  ':@'?: Record<string, string>;
}

/** Every path of a rendered SVG: its d and its fill. */
function paths(svg: string): { d: string; fill: string | undefined; stroke: string | undefined }[] {
  const out: { d: string; fill: string | undefined; stroke: string | undefined }[] = [];
  const walk = (list: SvgNode[]) => {
    for (const node of list) {
      const tag = Object.keys(node).find((key) => key !== ':@') as string;
      const a = node[':@'] ?? {};
      if (tag === 'path' && a.d) out.push({ d: a.d, fill: a.fill, stroke: a.stroke });
      if (Array.isArray(node[tag])) walk(node[tag] as SvgNode[]);
    }
  };
  walk(new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', preserveOrder: true }).parse(svg) as SvgNode[]);
  return out;
}

describe("a holder's fold-in map", () => {
  const venue = loadVenueMap(catalog);
  const fonts = badgeFonts();
  const holder = (type: string, zones: string[]): MapHolder => ({
    name: '欧阳娜娜',
    latinName: 'OUYANG NANA',
    organisation: '上海国际会展有限公司',
    serial: 'M-007-0000042-1',
    type: catalog.type(type) as NonNullable<ReturnType<typeof catalog.type>>,
    zones,
  });

  for (const [type, zones] of [
    ['media', ['PL', 'PC', 'FH']],
    ['exhibitor', ['H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'H7', 'H8', 'XS']],
    ['visitor', ['H3']],
  ] as const) {
    it(`highlights exactly a ${type}'s zones in the type's colour, with a heavy outline, the rest greyed`, () => {
      const map = foldInMap(holder(type, [...zones]), venue, catalog, fonts);
      const drawn = paths(renderSvg(map, fonts));
      const colour = catalog.type(type)?.card_colour;
      for (const region of venue.regions) {
        const shape = drawn.find((path) => path.d === region.d);
        expect(shape, region.zone).toBeDefined();
        if ((zones as readonly string[]).includes(region.zone))
          expect(shape, region.zone).toMatchObject({ fill: colour, stroke: '#1A1A1A' });
        else expect(shape, region.zone).toMatchObject({ fill: '#D9D9D9' });
      }
      const highlighted = venue.regions.filter((region) => drawn.find((path) => path.d === region.d)?.fill === colour);
      expect(highlighted.map((region) => region.zone).sort()).toEqual([...zones].sort());
      // The gates marked are those that lead to one of the holder's zones.
      const marked = venue.entrances.filter((gate) => drawn.find((path) => path.d === gate.d)?.fill === '#1A1A1A');
      expect(marked.map((gate) => gate.id)).toEqual(
        venue.entrances
          .filter((gate) => gate.leadsTo.some((code) => (zones as readonly string[]).includes(code)))
          .map((gate) => gate.id),
      );
      expect(map.warnings).toEqual([]);
    });
  }
});

describe("a batch's map sheets", () => {
  it('leave out a holder with no zones, naming the badge and the fix, and print the others in their order', async () => {
    const { writeMapSheets } = await import('../../electron/core/handover/index.ts');
    const { pdfText } = await import('../support/render.ts');
    const venue = loadVenueMap(catalog);
    const type = catalog.type('visitor') as NonNullable<ReturnType<typeof catalog.type>>;
    const holders: MapHolder[] = ['V-007-0000001-1', 'V-007-0000002-1', 'V-007-0000003-1'].map((serial, n) => ({
      name: ['王芳', '李雷', '韩梅梅'][n] as string,
      latinName: '',
      organisation: 'Acme',
      serial,
      type,
      zones: n === 1 ? [] : ['H1', 'PL'],
    }));
    const { report, pdf } = await writeMapSheets(holders, venue, catalog, badgeFonts());
    expect(report).toMatchObject({ maps: 2, sheets: 1, serials: ['V-007-0000001-1', 'V-007-0000003-1'] });
    expect(report.leftOut).toEqual([
      {
        serial: 'V-007-0000002-1',
        reason: expect.stringMatching(/V-007-0000002-1 \(李雷\) has no zones, so no map was made: correct the badge's zones/),
      },
    ]);
    const text = pdfText(pdf);
    expect(text).toContain('V-007-0000001-1');
    expect(text).toContain('V-007-0000003-1');
    expect(text).not.toContain('V-007-0000002-1');
  });
});
