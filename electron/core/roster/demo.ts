/**
 * `writeDemoRoster`: a synthetic roster as Chinese Excel would export it (UTF-8 with BOM,
 * Chinese headers), with realistic names in several scripts, the six badge types in
 * realistic proportions, and a distinct photo per holder. Deterministic for a seed.
 *
 * Photos are tiny PNGs drawn here (a colour and the holder's number as a pixel pattern),
 * so 500,000 of them take a minute, not an hour of JPEG encoding.
 */
import { once } from 'node:events';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import * as names from './demo-names.ts';

export interface DemoOptions {
  holders: number;
  out: string;
  photos?: boolean;
  seed?: number;
}

export interface DemoResult {
  roster: string;
  photos: string | null;
  holders: number;
}

export const DEMO_HEADERS = ['编号', '姓名', '英文名', '单位', '国家/地区', '证件类型', '证件号', '类别', '区域'];

/** Share of each badge type, per thousand holders. */
const TYPE_SHARE: [string, number][] = [
  ['观展证', 550],
  ['参展证', 300],
  ['工作人员证', 80],
  ['媒体证', 30],
  ['安保证', 30],
  ['特邀嘉宾证', 10],
];

export function demoHolderId(n: number): string {
  return `H-${String(n).padStart(7, '0')}`;
}

export async function writeDemoRoster(options: DemoOptions): Promise<DemoResult> {
  // Made up, but shaped like a real roster and kept like one: its user's alone.
  mkdirSync(options.out, { recursive: true, mode: 0o700 });
  const roster = join(options.out, 'roster.csv');
  const photos = options.photos === false ? null : join(options.out, 'photos');
  if (photos) mkdirSync(photos, { recursive: true, mode: 0o700 });
  const random = mulberry32(options.seed ?? 20_260_501);
  const out = createWriteStream(roster, { mode: 0o600 });
  out.write(`\uFEFF${DEMO_HEADERS.join(',')}\r\n`);
  let chunk = '';
  for (let n = 1; n <= options.holders; n += 1) {
    chunk += `${demoRow(n, random).map(csvCell).join(',')}\r\n`;
    if (photos) writeFileSync(join(photos, `${demoHolderId(n)}.png`), demoPhoto(n), { mode: 0o600 });
    if (n % 2_000 === 0) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
  return { roster, photos, holders: options.holders };
}

function demoRow(n: number, random: () => number): string[] {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const roll = random();
  let name: string;
  let latin = '';
  let country = '中国';
  let docType = '身份证';
  let docNumber = `${310_000 + Math.floor(random() * 90_000)}19${70 + Math.floor(random() * 35)}0${1 + Math.floor(random() * 9)}1${String(n % 1000).padStart(3, '0')}${Math.floor(random() * 10)}`;
  let organisation = `${pick(names.CITIES)}${pick(names.CITIES)}${pick(names.TRADES)}${pick(names.SUFFIXES)}`;
  if (roll < 0.82) {
    const [surname, surnameLatin] = pick(names.SURNAMES);
    const given = random() < 0.7 ? [pick(names.GIVEN), pick(names.GIVEN)] : [pick(names.GIVEN)];
    name = surname + given.map(([zh]) => zh).join('');
    if (random() < 0.3) latin = `${surnameLatin} ${given.map(([, py]) => py).join('')}`;
  } else if (roll < 0.86) {
    const [first, firstLatin] = pick(names.DOTTED);
    const [second, secondLatin] = pick(names.DOTTED);
    name = `${first}·${second}`;
    latin = `${firstLatin} ${secondLatin}`;
  } else if (roll < 0.97) {
    name = `${pick(names.LATIN_GIVEN)} ${pick(names.LATIN_FAMILY)}`;
    if (random() < 0.05)
      name = `${pick(names.LATIN_GIVEN)} ${pick(names.LATIN_GIVEN)} ${pick(names.LATIN_FAMILY)} ${pick(names.LATIN_FAMILY)}`;
    latin = name.toUpperCase();
    country = pick(names.COUNTRIES_ABROAD);
    docType = '护照';
    docNumber = `P${String(Math.floor(random() * 1e8)).padStart(8, '0')}`;
    organisation = `${pick(names.ORG_ABROAD)} ${pick(names.ORG_FORMS)}`;
  } else {
    [name, latin] = pick(names.RTL);
    country = pick(names.COUNTRIES_RTL);
    docType = '护照';
    docNumber = `R${String(Math.floor(random() * 1e8)).padStart(8, '0')}`;
    organisation = `${pick(names.ORG_ABROAD)} ${pick(names.ORG_FORMS)}`;
  }
  let share = random() * 1000;
  let type = '观展证';
  for (const [candidate, weight] of TYPE_SHARE) {
    if (share < weight) {
      type = candidate;
      break;
    }
    share -= weight;
  }
  const zones = type === '参展证' && random() < 0.2 ? `H${1 + Math.floor(random() * 8)},XS` : '';
  return [demoHolderId(n), name, latin, organisation, country, docType, docNumber, type, zones];
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const WIDTH = 24;
const HEIGHT = 32;

/** A 24x32 PNG: a colour from the holder's number and its 24 bits as a row of pixels. */
export function demoPhoto(n: number): Buffer {
  const rows = Buffer.alloc(HEIGHT * (1 + WIDTH * 3));
  const [r, g, b] = [(n * 47) & 0xff, (n * 91) & 0xff, (n * 13) & 0xff];
  for (let y = 0; y < HEIGHT; y += 1) {
    const start = y * (1 + WIDTH * 3);
    for (let x = 0; x < WIDTH; x += 1) {
      const on = y === 0 ? (n >> x) & 1 : 0;
      const at = start + 1 + x * 3;
      rows[at] = on ? 255 : r;
      rows[at + 1] = on ? 255 : g;
      rows[at + 2] = on ? 255 : b;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(WIDTH, 0);
  header.writeUInt32BE(HEIGHT, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([PNG_SIGNATURE, chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A small seeded generator (mulberry32): the same seed gives the same roster. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
