/**
 * What a roster file is before a single row is read: its size, format and encoding.
 *
 * Chinese Excel saves "CSV" in GB18030 (GBK) without saying so; UTF-8 files may or may not
 * start with a BOM. A file that is valid UTF-8 is read as UTF-8, anything else as GB18030,
 * and a file forced to the wrong encoding is refused rather than imported as mojibake.
 */
import { closeSync, openSync, readSync, type Stats, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { StationError } from '../errors.ts';
import { unreadable } from './unreadable.ts';

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
  let stat: Stats;
  try {
    stat = statSync(path);
  } catch (error) {
    throw unreadable('ROSTER_UNREADABLE', path, error);
  }
  if (stat.isDirectory()) {
    throw new StationError('ROSTER_UNREADABLE', `${path} is a folder: give the roster file itself (.csv or .xlsx).`);
  }
  if (!stat.isFile()) throw new StationError('ROSTER_UNREADABLE', `${path} is not a file: export the roster as CSV or XLSX.`);
  const bytes = stat.size;
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
  // Before the binary check: UTF-16 text is full of NUL bytes, and deserves its own advice.
  if (utf16(head)) {
    throw new StationError(
      'ROSTER_ENCODING',
      `${basename(path)} is saved as UTF-16 ("Unicode text"). Save it from Excel as "CSV UTF-8" instead.`,
    );
  }
  if (looksBinary(head)) {
    throw new StationError(
      'ROSTER_UNREADABLE',
      `${basename(path)} is not a roster: it holds binary data, not text. Export the roster as CSV or XLSX.`,
    );
  }
  const utf8Bom = head.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]));
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

/**
 * Whether the bytes are UTF-16 text: a byte-order mark, or (without one) NUL bytes all on
 * one side of each pair, as the ASCII of a roster (digits, commas, line breaks) puts them,
 * and the pairs read as text with line breaks. Binary data has NULs on both sides.
 */
function utf16(head: Buffer): boolean {
  if (head.subarray(0, 2).equals(Buffer.from([0xff, 0xfe])) || head.subarray(0, 2).equals(Buffer.from([0xfe, 0xff]))) {
    return true;
  }
  let even = 0;
  let odd = 0;
  for (let at = 0; at < head.length; at += 1) {
    if (head[at] === 0) {
      if (at % 2 === 0) even += 1;
      else odd += 1;
    }
  }
  if (even > 0 && odd > 0) return false;
  if (even + odd < 4) return false;
  const pairs = Buffer.from(head.subarray(0, head.length - (head.length % 2)));
  const text = (odd > 0 ? pairs : pairs.swap16()).toString('utf16le');
  let control = 0;
  for (let at = 0; at < text.length; at += 1) {
    const code = text.charCodeAt(at);
    if (code < 9 || (code > 13 && code < 32)) control += 1;
  }
  return text.includes('\n') && control <= text.length / 100;
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
