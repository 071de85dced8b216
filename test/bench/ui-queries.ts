/**
 * What the `ui` group types into the Roster screen's search box: what a counter operator
 * types to find someone, drawn with a fixed seed from the station's own holders.
 *
 *   35% Chinese names, the first 2 or 3 characters      欧阳娜, 王伟
 *   25% pinyin, the first 3 to 8 letters                ouyang, wangwe
 *   20% pinyin initials, 3 or 4 of them                 oynn, wgw
 *   20% Latin names, the first 3 to 8 letters           jose mu, müller
 *
 * None is asked twice, nor one that differs from another only in case: each query is
 * timed on its first and only run, as an operator's searches are (the search benchmark's
 * rule, roster.ts). Nor is one a prefix of another, since typing the longer one passes
 * through the shorter.
 */
import { mulberry32 } from '../../electron/core/roster/index.ts';
import type { Station } from '../../electron/core/station/index.ts';

interface Sample {
  name: string;
  latin_name: string;
  pinyin: string;
  initials: string;
}

/** How search compares a query: two that differ only in case ask the same thing. */
const asked = (query: string) => query.trim().normalize('NFC').toLowerCase();

export function uiQueries(station: Station, count: number, seed = 18): string[] {
  const random = mulberry32(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const last = (station.db.statement('SELECT max(hid) AS n FROM holders').get() as { n: number }).n;
  const byHid = station.db.statement('SELECT name, latin_name, pinyin, initials FROM holders WHERE hid = ?');
  const drawn = Array.from({ length: 20_000 }, () => byHid.get(1 + Math.floor(random() * last)) as Sample | undefined).filter(
    (s): s is Sample => s !== undefined,
  );
  const chinese = drawn.filter((s) => s.pinyin !== '');
  const threeInitials = chinese.filter((s) => s.initials.length >= 3);
  const latin = drawn.filter((s) => s.latin_name.trim().length >= 3 && s.pinyin === '');
  const prefix = (text: string, min: number, max: number) =>
    [...text]
      .slice(0, min + Math.floor(random() * (max - min + 1)))
      .join('')
      .trim();
  const draw = (roll: number): string => {
    if (roll < 35) return prefix(pick(chinese).name, 2, 3);
    if (roll < 60) return prefix(pick(chinese).pinyin, 3, 8);
    if (roll < 80) return prefix(pick(threeInitials).initials, 3, 4);
    return prefix(pick(latin).latin_name.toLowerCase(), 3, 8);
  };
  const queries: string[] = [];
  const taken: string[] = [];
  const clashes = (query: string) => taken.some((other) => other.startsWith(query) || query.startsWith(other));
  for (let i = 0; i < count; i += 1) {
    const roll = random() * 100;
    // A query that clashes is drawn again from the same kind, so the mix keeps its shares.
    for (let tries = 0; ; tries += 1) {
      const query = draw(roll);
      if (query.length >= 2 && !clashes(asked(query))) {
        taken.push(asked(query));
        queries.push(query);
        break;
      }
      if (tries === 10_000) throw new Error(`the roster has too few distinct queries of the kind of "${query}"`);
    }
  }
  return queries;
}
