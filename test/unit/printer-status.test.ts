import { describe, expect, it } from 'vitest';
import { decodeResponse, encodeRequest, plainState, windowsPrinterState } from '../../native/printers/index.ts';
import { GROUP, VALUE } from '../../native/printers/ipp-codec.ts';

describe('what the counter sees of a printer', () => {
  it.each([
    [3, ['none'], 'ready'],
    [4, ['none'], 'printing'],
    [3, ['marker-supply-low-warning'], 'ribbon-low'],
    [5, ['media-empty-error'], 'out-of-cards'],
    [4, ['media-needed-report', 'marker-supply-low-warning'], 'out-of-cards'],
    [5, ['marker-supply-empty-error'], 'ribbon-out'],
    [5, ['door-open-error'], 'door-open'],
    [5, ['media-jam-error', 'door-open-error'], 'jammed'],
    [3, ['offline-report'], 'offline'],
    [5, ['paused'], 'paused'],
    [5, ['other-error'], 'error'],
  ] as const)('printer-state %i with %j is %s', (state, reasons, plain) => {
    expect(plainState(state, reasons)).toBe(plain);
  });
});

describe('IPP messages', () => {
  it('encode as RFC 8010 lays them out, and decode back, multi-valued attributes included', () => {
    const bytes = encodeRequest({
      operation: 0x000b,
      requestId: 7,
      groups: [
        {
          tag: GROUP.operation,
          attributes: {
            'attributes-charset': { tag: VALUE.charset, values: ['utf-8'] },
            'requested-attributes': { tag: VALUE.keyword, values: ['printer-state', 'marker-levels'] },
            'job-id': { tag: VALUE.integer, values: [42] },
          },
        },
      ],
    });
    expect(bytes.subarray(0, 8).toString('hex')).toBe('0200000b00000007');
    expect(bytes[8]).toBe(0x01);
    expect(bytes.at(-1)).toBe(0x03);
    const decoded = decodeResponse(bytes);
    expect(decoded.groups[0]?.attributes).toEqual({
      'attributes-charset': ['utf-8'],
      'requested-attributes': ['printer-state', 'marker-levels'],
      'job-id': [42],
    });
  });

  it('refuse a truncated response instead of reading past its end', () => {
    expect(() => decodeResponse(Buffer.from('0200000000000001014700', 'hex'))).toThrow();
  });
});

describe('a Windows spooler printer, from its PRINTER_STATUS flags', () => {
  it.each([
    [0, 'ready'],
    [0x400, 'printing'],
    [0x10, 'out-of-cards'],
    [0x8 | 0x400, 'jammed'],
    [0x80, 'offline'],
    [0x40000, 'ribbon-out'],
    [0x20000, 'ribbon-low'],
    [0x400000, 'door-open'],
    [0x1, 'paused'],
  ] as const)('status flags %i are %s', (flags, state) => {
    expect(windowsPrinterState(flags)).toBe(state);
  });
});
