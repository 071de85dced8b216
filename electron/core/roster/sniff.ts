/**
 * What a roster file is before a single row is read: its size, format and encoding.
 *
 * Chinese Excel saves "CSV" in GB18030 (GBK) without saying so; UTF-8 files may or may not
 * start with a BOM. A file that is valid UTF-8 is read as UTF-8, anything else as GB18030,
 * and a file forced to the wrong encoding is refused rather than imported as mojibake.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { StationError } from '../errors.ts';

export type RosterEncoding = 'utf8' | 'gb18030';
export type EncodingChoice = RosterEncoding | 'auto';
export type RosterFormat = 'csv' | 'xlsx';

export interface SniffedRoster {
  path: string;
  format: RosterFormat;
  encoding: RosterEncoding;
  bytes: number;
}

/** Files past this are refused up front, before any reading (4 GiB by default). */
export const DEFAULT_MAX_BYTES = 4 * 1024 ** 3;
const SNIFF_BYTES = 256 * 1024;

export function sniffRoster(path: string, choice: EncodingChoice = 'auto', maxBytes = DEFAULT_MAX_BYTES): SniffedRoster {
  let bytes: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new Error('it is not a file');
    bytes = stat.size;
  } catch (error) {
    throw new StationError('ROSTER_UNREADABLE', `Cannot read the roster ${path}: ${(error as Error).message}.`);
  }
  if (bytes > maxBytes) {
    throw new StationError(
      'ROSTER_TOO_LARGE',
      `The roster ${basename(path)} is ${formatBytes(bytes)}, over the ${formatBytes(maxBytes)} limit. Split it into smaller files, or raise the limit with --max-size.`,
      { bytes, maxBytes },
    );
  }
  if (bytes === 0) throw new StationError('ROSTER_UNREADABLE', `The roster ${basename(path)} is empty: export the roster again.`);
  const head = readHead(path, Math.min(bytes, SNIFF_BYTES));

  if (head.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1'))) {
    if (extname(path).toLowerCase() === '.xlsx' || head.includes('[Content_Types].xml')) {
      return { path, format: 'xlsx', encoding: 'utf8', bytes };
    }
    throw new StationError(
      'ROSTER_UNREADABLE',
      `${basename(path)} is a zip archive, not a roster: unpack it, or give photos with --photos.`,
    );
  }
  if (head.subarray(0, 8).equals(Buffer.from('d0cf11e0a1b11ae1', 'hex'))) {
    throw new StationError(
      'ROSTER_UNREADABLE',
      `${basename(path)} is an old Excel 97-2003 workbook (.xls). Open it in Excel and save it as .xlsx or CSV.`,
    );
  }
  if (looksBinary(head)) {
    throw new StationError(
      'ROSTER_UNREADABLE',
      `${basename(path)} is not a roster: it holds binary data, not text. Export the roster as CSV or XLSX.`,
    );
  }
  const utf8Bom = head.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]));
  if (head.subarray(0, 2).equals(Buffer.from([0xff, 0xfe])) || head.subarray(0, 2).equals(Buffer.from([0xfe, 0xff]))) {
    throw new StationError(
      'ROSTER_ENCODING',
      `${basename(path)} is saved as UTF-16 ("Unicode text"). Save it from Excel as "CSV UTF-8" instead.`,
    );
  }
  if (choice !== 'auto') return { path, format: 'csv', encoding: choice, bytes };
  const encoding = utf8Bom || isUtf8(head, bytes <= SNIFF_BYTES) ? 'utf8' : 'gb18030';
  return { path, format: 'csv', encoding, bytes };
}

function readHead(path: string, length: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const read = readSync(fd, buffer, 0, length, 0);
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

/** NUL bytes or many control characters never appear in a CSV of names. */
function looksBinary(head: Buffer): boolean {
  let control = 0;
  for (const byte of head) {
    if (byte === 0) return true;
    if (byte < 9 || (byte > 13 && byte < 32)) control += 1;
  }
  return control > head.length / 100;
}

/** Whether the bytes decode as UTF-8; a sequence cut off at the end of a partial read is fine. */
function isUtf8(head: Buffer, complete: boolean): boolean {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    decoder.decode(head, { stream: !complete });
    return true;
  } catch {
    return false;
  }
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${bytes} bytes`;
}
