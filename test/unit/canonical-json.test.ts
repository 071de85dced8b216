import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../electron/core/ledger/index.ts';

describe('canonical JSON for ledger events', () => {
  it('gives the same text whatever order the fields were written in', () => {
    expect(canonicalJson({ serial: 'E-007-0000001-1', printer: 'demo', zones: ['H1', 'PL'], nested: { b: 1, a: 2 } })).toBe(
      canonicalJson({ zones: ['H1', 'PL'], nested: { a: 2, b: 1 }, printer: 'demo', serial: 'E-007-0000001-1' }),
    );
    expect(canonicalJson({ b: 1, a: '欧阳' })).toBe('{"a":"欧阳","b":1}');
  });

  it('refuses numbers JSON cannot carry', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson({ n: Number.POSITIVE_INFINITY })).toThrow(TypeError);
  });
});
