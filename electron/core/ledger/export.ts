/**
 * Ledger export for auditors and spreadsheets: JSONL (one event a line, enough to
 * re-verify the chain elsewhere) or CSV (RFC 4180, UTF-8 with BOM so Excel reads the
 * Chinese correctly).
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { csvLine as csvRow } from '../csv.ts';
import type { LedgerEvent } from './ledger.ts';

export type LedgerExportFormat = 'jsonl' | 'csv';

const CSV_COLUMNS = ['seq', 'at', 'at_ms', 'type', 'actor', 'subject', 'data', 'prev_hash', 'hash'] as const;

const CSV_HEADER = `\uFEFF${CSV_COLUMNS.join(',')}\r\n`;

export async function exportLedger(events: Iterable<LedgerEvent>, format: LedgerExportFormat, out: Writable): Promise<number> {
  let count = 0;
  if (format === 'csv') await write(out, CSV_HEADER);
  for (const event of events) {
    await write(out, exportLine(event, format));
    count += 1;
  }
  return count;
}

export interface LedgerExportPage {
  text: string;
  events: number;
  /** Where the next page starts, or null when the page reached `through`. */
  next: number | null;
}

/**
 * Events `from`..`through` of the export, as many as fit in `maxBytes` once the text is
 * JSON-encoded (as it crosses the desk socket; quotes and line breaks grow when escaped).
 * Always at least one event, so an export always moves on. The CSV header comes with the
 * page that starts at event 1, so the pages joined in order are exactly the whole file.
 */
export function ledgerExportPage(
  events: Iterable<LedgerEvent>,
  format: LedgerExportFormat,
  range: { from: number; through: number; maxBytes: number },
): LedgerExportPage {
  const parts: string[] = format === 'csv' && range.from === 1 ? [CSV_HEADER] : [];
  let bytes = parts.length > 0 ? encodedBytes(CSV_HEADER) : 0;
  let count = 0;
  let last = range.from - 1;
  for (const event of events) {
    if (event.seq > range.through) break;
    const line = exportLine(event, format);
    const size = encodedBytes(line);
    if (count > 0 && bytes + size > range.maxBytes) break;
    parts.push(line);
    bytes += size;
    count += 1;
    last = event.seq;
  }
  return { text: parts.join(''), events: count, next: last < range.through ? last + 1 : null };
}

function exportLine(event: LedgerEvent, format: LedgerExportFormat): string {
  return format === 'csv' ? csvEventLine(event) : jsonLine(event);
}

function encodedBytes(text: string): number {
  return Buffer.byteLength(JSON.stringify(text)) - 2;
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

function csvEventLine(event: LedgerEvent): string {
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
  return csvRow(cells);
}

async function write(out: Writable, chunk: string): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}
