/**
 * The scanner's burst told from a person's typing by keystroke times alone (made-up times,
 * no clock): what a scan gives the page, and what a person typing never does.
 */
import { describe, expect, it } from 'vitest';
import { scanDetector } from '../../renderer/src/shell/scan-detector.ts';

/** Each key `gap` ms after the one before, from `start`; the serial of the last Enter, if any. */
function type(keys: string[], gaps: number | number[], start = 1000) {
  const detector = scanDetector();
  let at = start;
  const scans: string[] = [];
  keys.forEach((key, index) => {
    at += Array.isArray(gaps) ? (gaps[index] ?? 0) : gaps;
    const scan = detector.key(key, at);
    if (scan !== undefined) scans.push(scan);
  });
  return scans;
}

const keys = (text: string) => [...text, 'Enter'];

describe('the barcode scanner', () => {
  it('gives the serial typed in a burst ending in Enter, capitals and all', () => {
    expect(type(keys('V-007-0000123-1'), 8)).toEqual(['V-007-0000123-1']);
    // A scanner's capitals come with Shift presses in between.
    expect(type(['Shift', 'V', '-', '0', '0', '7', 'Shift', 'X', 'Enter'], 5)).toEqual(['V-007X']);
  });

  it('ignores a person typing in a field and pressing Enter, however long the text', () => {
    expect(type(keys('V-007-0000123-1'), 90)).toEqual([]);
    // A fast typist's roll of a few keys is not a scan either.
    expect(type(keys('oynn'), 20)).toEqual([]);
  });

  it('takes only the burst: slow keys before it do not join it, and a pause inside it breaks it', () => {
    expect(type([...'abc', ...keys('V-007-0000123-1')], [200, 200, 200, 200, ...Array(15).fill(6)])).toEqual(['V-007-0000123-1']);
    const broken = Array(16).fill(6);
    broken[12] = 400; // before "3-1": too short a burst to be a scan of its own
    expect(type(keys('V-007-0000123-1'), broken)).toEqual([]);
  });

  it('needs the Enter to follow the burst at once, and a chord or arrow key breaks the burst', () => {
    expect(type(keys('V-007-0000123-1'), [...Array(15).fill(6), 500])).toEqual([]);
    // Each key 5 ms after the one before.
    const detector = scanDetector();
    let at = 0;
    const press = (key: string, modified = false) => {
      at += 5;
      return detector.key(key, at, modified);
    };
    for (const key of 'V-007-') press(key);
    press('ArrowDown');
    for (const key of '00') press(key);
    expect(press('Enter')).toBeUndefined();
    for (const key of 'V-007-000') press(key, key === '0');
    expect(press('Enter')).toBeUndefined();
  });
});
