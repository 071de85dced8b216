import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDataDir, resolveDataDir } from '../../electron/core/paths.ts';
import { parseStationNumber } from '../../electron/core/station/index.ts';

describe('station numbers', () => {
  it('are written with three digits whatever the operator typed', () => {
    expect(parseStationNumber('7')).toBe('007');
    expect(parseStationNumber('07')).toBe('007');
    expect(parseStationNumber(' 123 ')).toBe('123');
  });

  it.each(['0', '1000', '-1', 'seven', '7a', '', '1.5'])('"%s" is refused', (input) => {
    expect(() => parseStationNumber(input)).toThrow(expect.objectContaining({ code: 'STATION_NUMBER_INVALID' }));
  });
});

describe('where station data lives', () => {
  it('--data wins over BADGE_STATION_HOME, which wins over the OS folder', () => {
    expect(resolveDataDir('/srv/desk-3', { BADGE_STATION_HOME: '/elsewhere' })).toBe('/srv/desk-3');
    expect(resolveDataDir(undefined, { BADGE_STATION_HOME: '/srv/desk-4' })).toBe('/srv/desk-4');
    expect(resolveDataDir(undefined, { XDG_DATA_HOME: '/home/op/.data' })).toBe(
      process.platform === 'linux'
        ? '/home/op/.data/badge-station'
        : defaultDataDir(process.platform, { XDG_DATA_HOME: '/home/op/.data' }),
    );
  });

  it('follows each operating system’s convention', () => {
    expect(defaultDataDir('win32', { APPDATA: 'C:\\Users\\op\\AppData\\Roaming' })).toBe(
      join('C:\\Users\\op\\AppData\\Roaming', 'Badge Station'),
    );
    expect(defaultDataDir('darwin', {})).toMatch(/Library\/Application Support\/Badge Station$/);
    expect(defaultDataDir('linux', {})).toMatch(/\.local\/share\/badge-station$/);
  });
});
