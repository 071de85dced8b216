/**
 * Demo cards with chips, kept as files: what a demo printer's encoder wrote on each card
 * it passed to be printed, and the cards a technician placed blank on a virtual desk
 * encoder. A card is a file `chips/<UID>.json` (the chip's whole memory) in the demo
 * printer's folder or the desk encoder's, so the card "in the output tray" can be picked
 * up and laid on the desk encoder, read, re-encoded or wiped, across restarts of the core.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { VirtualNtag, type VirtualNtagModel } from '../../native/chips/index.ts';
import { demoDeskEncoders } from '../core/demo/index.ts';
import { StationError } from '../core/errors.ts';
import type { DemoCard, StationPrinter } from '../core/jobs/index.ts';

interface CardFile {
  uid: string;
  model: VirtualNtagModel;
  /** The chip's memory, base64. */
  memory: string;
  from: string;
  writtenAt?: number;
}

const UID = /^[0-9A-F]{14}$/;

/** Keeps the chip of a card a demo printer passed on to be printed, in that printer's folder. */
export function keepDemoChip(folder: string, printer: string, chip: VirtualNtag, now = Date.now()): void {
  writeCard(join(folder, 'chips'), { uid: hex(chip.uid), model: chip.model, memory: '', from: printer, writtenAt: now }, chip);
}

/** A virtual desk encoder's own folder in the data folder: its blank cards, and the card on it. */
export function deskEncoderFolder(dataDir: string, reader: string): string {
  return join(dataDir, 'printers', 'desk-encoders', reader.replace(/[^\p{L}\p{N}._-]/gu, '_'));
}

export function isDemoDeskEncoder(dataDir: string, reader: string): boolean {
  return demoDeskEncoders(dataDir).includes(reader);
}

/** Every demo card: those the demo printers made (newest first), then the desk encoders' own. */
export function demoCards(dataDir: string, printers: readonly StationPrinter[]): DemoCard[] {
  return cardFiles(dataDir, printers).map(({ file }) => describe(file));
}

function cardFiles(dataDir: string, printers: readonly StationPrinter[]): { path: string; file: CardFile }[] {
  const folders = [
    ...printers.filter((printer) => printer.driver === 'demo').map((printer) => join(demoFolderOf(dataDir, printer), 'chips')),
    ...demoDeskEncoders(dataDir).map((reader) => join(deskEncoderFolder(dataDir, reader), 'chips')),
  ];
  const found: { path: string; file: CardFile }[] = [];
  for (const folder of folders) {
    if (!existsSync(folder)) continue;
    for (const name of readdirSync(folder)) {
      if (!name.endsWith('.json')) continue;
      const path = join(folder, name);
      found.push({ path, file: JSON.parse(readFileSync(path, 'utf8')) as CardFile });
    }
  }
  return found.sort((a, b) => (b.file.writtenAt ?? 0) - (a.file.writtenAt ?? 0) || a.file.uid.localeCompare(b.file.uid));
}

function demoFolderOf(dataDir: string, printer: StationPrinter): string {
  return isAbsolute(printer.target) ? printer.target : join(dataDir, printer.target);
}

/** The card lying on a virtual desk encoder, if any. */
export function cardOnDeskEncoder(dataDir: string, reader: string): { path: string; file: CardFile } | undefined {
  const on = join(deskEncoderFolder(dataDir, reader), 'on-reader.json');
  if (!existsSync(on)) return undefined;
  const { path } = JSON.parse(readFileSync(on, 'utf8')) as { path: string };
  if (!existsSync(path)) return undefined;
  return { path, file: JSON.parse(readFileSync(path, 'utf8')) as CardFile };
}

export function placeDemoCard(
  dataDir: string,
  reader: string,
  uid: string | null,
  printers: readonly StationPrinter[],
): DemoCard {
  if (!isDemoDeskEncoder(dataDir, reader))
    throw new StationError(
      'CHIP_READER_GONE',
      `${reader} is not a virtual desk encoder: demo cards go on the demo station's desk encoder.`,
    );
  const folder = deskEncoderFolder(dataDir, reader);
  let placed: { path: string; file: CardFile };
  if (uid === null) {
    // A fresh blank card from the desk's stack: a new NTAG213 as NXP ships it.
    const chip = new VirtualNtag({ model: 'NTAG213', uid: Buffer.concat([Buffer.from([0x04]), randomBytes(6)]) });
    const file: CardFile = { uid: hex(chip.uid), model: chip.model, memory: '', from: reader };
    placed = { path: writeCard(join(folder, 'chips'), file, chip), file };
  } else {
    const wanted = uid.trim().toUpperCase();
    const found = UID.test(wanted) ? cardFiles(dataDir, printers).find(({ file }) => file.uid === wanted) : undefined;
    if (!found)
      throw new StationError(
        'CHIP_NO_CARD',
        `There is no demo card with the chip ${uid}: pick one of the demo printers' cards, or a blank card.`,
      );
    placed = found;
  }
  mkdirSync(folder, { recursive: true });
  writeAtomic(join(folder, 'on-reader.json'), JSON.stringify({ path: placed.path }));
  return describe(placed.file);
}

export function takeDemoCard(dataDir: string, reader: string): void {
  if (!isDemoDeskEncoder(dataDir, reader)) throw new StationError('CHIP_READER_GONE', `${reader} is not a virtual desk encoder.`);
  rmSync(join(deskEncoderFolder(dataDir, reader), 'on-reader.json'), { force: true });
}

/** The chip of the card on a virtual desk encoder, and how to keep what work did to it. */
export function chipOnDeskEncoder(dataDir: string, reader: string): { chip: VirtualNtag; keep(): void } | undefined {
  const on = cardOnDeskEncoder(dataDir, reader);
  if (!on) return undefined;
  const { path, file } = on;
  const chip = new VirtualNtag({ model: file.model, uid: Buffer.from(file.uid, 'hex') });
  const memory = Buffer.from(file.memory, 'base64');
  chip.memory.set(memory.subarray(0, chip.memory.length));
  return {
    chip,
    keep() {
      if (chip.memory.equals(memory)) return;
      writeAtomic(path, JSON.stringify({ ...file, memory: chip.memory.toString('base64'), writtenAt: Date.now() }));
    },
  };
}

export function describe(file: CardFile): DemoCard {
  return { uid: file.uid, from: file.from, ...(file.writtenAt !== undefined ? { writtenAt: file.writtenAt } : {}) };
}

function writeCard(folder: string, file: CardFile, chip: VirtualNtag): string {
  mkdirSync(folder, { recursive: true });
  const path = join(folder, `${file.uid}.json`);
  writeAtomic(path, JSON.stringify({ ...file, memory: chip.memory.toString('base64') }));
  return path;
}

function writeAtomic(path: string, text: string): void {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

function hex(uid: Buffer): string {
  return uid.toString('hex').toUpperCase();
}
