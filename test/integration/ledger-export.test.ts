import { PassThrough } from 'node:stream';
import { buffer, text } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { canonicalJson, eventHash, exportLedger, type JsonObject } from '../../electron/core/ledger/index.ts';
import { newStation } from '../support/station.ts';

describe('an exported ledger', () => {
  it('lets an auditor re-check the whole chain from the JSONL alone', async () => {
    const station = newStation();
    station.ledger.appendMany([
      { type: 'BADGE_ISSUED', actor: 'op:3', subject: 'badge:E-007-0000001-1', data: { type: 'exhibitor', zones: ['H1', 'XS'] } },
      { type: 'BADGE_PRINTED', actor: 'op:3', subject: 'badge:E-007-0000001-1', data: { printer: 'Evolis "Primacy" #2' } },
      {
        type: 'BADGE_COLLECTED',
        actor: 'op:4',
        subject: 'badge:E-007-0000001-1',
        data: { check: '护照 passport', note: 'a,b\nc' },
      },
    ]);
    const out = new PassThrough();
    const written = exportLedger(station.ledger.events(), 'jsonl', out);
    const exported = text(out);
    await written;
    out.end();
    const lines = (await exported)
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(4);

    let previous = '0'.repeat(64);
    for (const line of lines) {
      expect(line.prev_hash).toBe(previous);
      const hash = eventHash({
        seq: line.seq,
        at: line.at_ms,
        type: line.type,
        actor: line.actor,
        subject: line.subject,
        data: canonicalJson(line.data as JsonObject),
        prevHash: Buffer.from(line.prev_hash, 'hex'),
      });
      expect(hash.toString('hex')).toBe(line.hash);
      previous = line.hash;
    }
    expect(lines[3].data).toEqual({ check: '护照 passport', note: 'a,b\nc' });
    station.close();
  });

  it('as CSV keeps quotes, commas and line breaks inside one cell', async () => {
    const station = newStation();
    station.ledger.append({ type: 'BADGE_PRINTED', actor: 'op:3', data: { printer: 'Evolis "Primacy", desk 2\nleft' } });
    const out = new PassThrough();
    const exported = buffer(out);
    await exportLedger(station.ledger.events(2), 'csv', out);
    out.end();
    const csv = (await exported).toString('utf8');
    expect(csv.startsWith('\uFEFFseq,at,at_ms,type,actor,subject,data,prev_hash,hash\r\n2,')).toBe(true);
    expect(csv).toContain(',"{""printer"":""Evolis \\""Primacy\\"", desk 2\\nleft""}",');
    station.close();
  });
});
