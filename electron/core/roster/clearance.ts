/**
 * A holder's clearance keys and activation as upstream last gave them (DOMAIN.md,
 * "Clearance keys"; pulled by upstream/pull.ts into holder_clearances). The station shows
 * them and filters on activation; it never decides activation, nor what a key's value means.
 */
import type { StationDatabase } from '../db/index.ts';

export interface Clearance {
  active: boolean;
  /** Each key by its name, as upstream gave it: true/false, or a word (a health code's colour). */
  keys: Record<string, boolean | string>;
}

/** From the stored row (keys as canonical JSON): anything but a boolean or a word is shown as its JSON. */
export function clearanceOf(keys: string, active: boolean): Clearance {
  let parsed: unknown;
  try {
    parsed = JSON.parse(keys);
  } catch {
    parsed = {};
  }
  const shown: Record<string, boolean | string> = {};
  if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
    for (const [name, value] of Object.entries(parsed))
      shown[name] = typeof value === 'boolean' || typeof value === 'string' ? value : JSON.stringify(value);
  return { active, keys: shown };
}

/** null: upstream has given nothing for this holder (or the station has no upstream). */
export function holderClearance(db: StationDatabase, holderId: string): Clearance | null {
  const row = db.statement('SELECT keys, active FROM holder_clearances WHERE holder_id = ?').get(holderId) as
    | { keys: string; active: number }
    | undefined;
  return row ? clearanceOf(row.keys, row.active === 1) : null;
}
