/**
 * The virtual desk encoder of a demo station: a reader on the technician's desk with no
 * hardware behind it, on which the Chips screen places a card a demo printer made (or a
 * blank one) to read, encode or wipe it. The station lists its virtual desk encoders in
 * its data folder; the device wiring (electron/devices) makes each a reader.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { StationError } from '../errors.ts';

/** What a demo station's virtual desk encoder is called, on every screen. */
export const DEMO_DESK_ENCODER = 'Demo desk encoder';

const fileSchema = z.strictObject({ demo: z.array(z.string().min(1).max(60)) });

function deskEncodersFile(dataDir: string): string {
  return join(dataDir, 'printers', 'desk-encoders.json');
}

/** The station's virtual desk encoders by name; none on a station made for real hardware. */
export function demoDeskEncoders(dataDir: string): string[] {
  const path = deskEncodersFile(dataDir);
  if (!existsSync(path)) return [];
  const parsed = fileSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success)
    throw new StationError('USAGE', `${path} is not a list of desk encoders: delete it, or make the demo station again.`);
  return parsed.data.demo;
}

export function addDemoDeskEncoder(dataDir: string, name: string = DEMO_DESK_ENCODER): void {
  const all = demoDeskEncoders(dataDir);
  if (all.includes(name)) return;
  const path = deskEncodersFile(dataDir);
  mkdirSync(join(dataDir, 'printers'), { recursive: true });
  writeFileSync(`${path}.tmp`, `${JSON.stringify({ demo: [...all, name] }, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
}
