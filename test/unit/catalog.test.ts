import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../electron/core/catalog/index.ts';
import { templatesDir } from '../../electron/core/paths.ts';
import { tempDir } from '../support/station.ts';

/** A copy of the shipped templates with types.json or zones.json edited. */
function editedTemplates(file: 'types.json' | 'zones.json', edit: (json: any) => void): string {
  const dir = tempDir();
  cpSync(join(templatesDir(), 'types.json'), join(dir, 'types.json'));
  cpSync(join(templatesDir(), 'zones.json'), join(dir, 'zones.json'));
  const json = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  edit(json);
  writeFileSync(join(dir, file), JSON.stringify(json));
  return dir;
}

describe("the event's badge types and zones", () => {
  it('ship the six credential types of the expo, each with its letter, colours and zones', () => {
    const catalog = loadCatalog();
    expect(catalog.types.map((type) => `${type.letter} ${type.code} ${type.name_zh}`)).toEqual([
      'G guest 特邀嘉宾证',
      'E exhibitor 参展证',
      'V visitor 观展证',
      'M media 媒体证',
      'S staff 工作人员证',
      'P security 安保证',
    ]);
    expect(catalog.type('security')).toMatchObject({ card_colour: '#B22222', lanyard: { colour: '#222222', name_en: 'black' } });
    expect(catalog.type('security')?.default_zones).toHaveLength(catalog.zones.length);
    expect(catalog.type('guest')?.default_zones).toEqual(expect.arrayContaining(['VL', 'FH', 'PL']));
    expect(catalog.type('visitor')?.default_zones).not.toContain('VL');
  });

  it('give every zone its own bit of the 32-bit mask', () => {
    const catalog = loadCatalog();
    expect(catalog.zones.map((zone) => zone.code)).toEqual(
      expect.arrayContaining(['H1', 'H8', 'PL', 'FH', 'VL', 'PC', 'XS', 'BH', 'SC', 'CR', 'LD']),
    );
    expect(new Set(catalog.zones.map((zone) => zone.bit)).size).toBe(catalog.zones.length);
  });
});

describe('a broken types.json or zones.json is refused, naming file, entry and field', () => {
  it('a card colour that is not a colour', () => {
    const dir = editedTemplates('types.json', (json) => {
      json.types[3].card_colour = 'orange';
    });
    expect(() => loadCatalog(dir)).toThrow(/types\.json: types\[3\] \(media\): card_colour: must be a colour like #1F5FBF/);
  });

  it('a missing lanyard colour', () => {
    const dir = editedTemplates('types.json', (json) => {
      delete json.types[0].lanyard.colour;
    });
    expect(() => loadCatalog(dir)).toThrow(/types\[0\] \(guest\): lanyard\.colour:/);
  });

  it('a default zone that does not exist', () => {
    const dir = editedTemplates('types.json', (json) => {
      json.types[1].default_zones.push('H9');
    });
    expect(() => loadCatalog(dir)).toThrow(/types\[1\] \(exhibitor\): default_zones\[9\]: "H9" is not a zone in zones\.json/);
  });

  it('two types with the same letter', () => {
    const dir = editedTemplates('types.json', (json) => {
      json.types[5].letter = 'S';
    });
    expect(() => loadCatalog(dir)).toThrow(/types\[5\] \(security\): letter: "S" is already used by types\[4\] \(staff\)/);
  });

  it('two zones on the same bit', () => {
    const dir = editedTemplates('zones.json', (json) => {
      json.zones[16].bit = 3;
    });
    expect(() => loadCatalog(dir)).toThrow(/zones\.json: zones\[16\] \(LD\): bit: 3 is already used by zones\[3\] \(H4\)/);
  });

  it('a misspelt field', () => {
    const dir = editedTemplates('types.json', (json) => {
      json.types[2].card_color = json.types[2].card_colour;
      delete json.types[2].card_colour;
    });
    expect(() => loadCatalog(dir)).toThrow(/types\[2\] \(visitor\)/);
  });

  it('a file that is not JSON', () => {
    const dir = editedTemplates('types.json', () => {});
    writeFileSync(join(dir, 'types.json'), '{ "types": [ { "code": "guest", } ] }');
    expect(() => loadCatalog(dir)).toThrow(
      expect.objectContaining({ code: 'CATALOG_INVALID', message: expect.stringContaining('types.json: ') }),
    );
  });
});
