/**
 * Ledger export for auditors and spreadsheets: JSONL (one event a line, enough to
 * re-verify the chain elsewhere) or CSV (RFC 4180, UTF-8 with BOM so Excel reads the
 * Chinese correctly).
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { LedgerEvent } from './ledger.ts';

export type LedgerExportFormat = 'jsonl' | 'csv';

const CSV_COLUMNS = ['seq', 'at', 'at_ms', 'type', 'actor', 'subject', 'data', 'prev_hash', 'hash'] as const;

export async function exportLedger(events: Iterable<LedgerEvent>, format: LedgerExportFormat, out: Writable): Promise<number> {
  let count = 0;
  if (format === 'csv') await write(out, `\uFEFF${CSV_COLUMNS.join(',')}\r\n`);
  for (const event of events) {
    await write(out, format === 'csv' ? csvLine(event) : jsonLine(event));
    count += 1;
  }
  return count;
}

function jsonLine(event: LedgerEvent): string {
  // data is stored as canonical JSON already: splice it in rather than re-encode it.
  const head = JSON.stringify({
    seq: event.seq,
    at: new Date(event.at).toISOString(),
    at_ms: event.at,
    type: event.type,
    actor: event.actor,
    subject: event.subject,
  });
  return `${head.slice(0, -1)},"data":${event.data},"prev_hash":"${event.prevHash.toString('hex')}","hash":"${event.hash.toString('hex')}"}\n`;
}

function csvLine(event: LedgerEvent): string {
  const cells = [
    String(event.seq),
    new Date(event.at).toISOString(),
    String(event.at),
    event.type,
    event.actor,
    event.subject ?? '',
    event.data,
    event.prevHash.toString('hex'),
    event.hash.toString('hex'),
  ];
  return `${cells.map(csvCell).join(',')}\r\n`;
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

async function write(out: Writable, chunk: string): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}
