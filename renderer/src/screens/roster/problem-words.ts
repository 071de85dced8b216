/**
 * A row's problem in the page's language. The core says each in English (rows.ts,
 * staging.ts: the CLI prints the same words); the page knows their shapes and says them
 * in zh-CN or English from its own words, keeping what varies (types, zones, rows). A
 * reason of a shape not known here is shown as the core wrote it. The integration test
 * (desk-import) makes every one of these problems through a real import and checks each
 * is recognised, so a reworded reason in the core fails there, not silently here.
 *
 * No DOM and no React: the Node tests import it.
 */
export interface ProblemWords {
  /** The key under `problemWords.` in the roster's words. */
  key: string;
  values: Record<string, string>;
}

const SHAPES: readonly [RegExp, string, readonly string[]][] = [
  [/^is empty: every holder needs the id from the registration system$/, 'idEmpty', []],
  [/^is not an id: at most (\d+) characters, without spaces or commas$/, 'idBad', ['max']],
  [/^is empty: a holder needs a name$/, 'nameEmpty', []],
  [/^is empty: give the badge type, one of (.+)$/, 'typeEmpty', ['types']],
  [/^is not a badge type; known types are (.+)$/, 'typeUnknown', ['types']],
  [/^(.+) (?:is not a zone|are not zones); zones are (.+)$/, 'zoneUnknown', ['codes', 'zones']],
  [/^is longer than (\d+) characters$/, 'tooLong', ['max']],
  [/^holds a line break or control character$/, 'control', []],
  [
    /^has (\d+) cells but the header has (\d+): a comma or line break inside an unquoted cell\?$/,
    'cellsMore',
    ['cells', 'header'],
  ],
  [
    /^has (\d+) cells but the header has (\d+): a cell is missing or a line break split the row$/,
    'cellsFewer',
    ['cells', 'header'],
  ],
  [/^appears in rows (.+): ids must be unique in the file, so none of these rows was imported$/, 'idTwice', ['rows']],
  [/^photo: no photo named (\S+)\.jpg, \.jpeg or \.png in (.+)$/, 'photoMissing', ['id', 'where']],
];

export function problemWords(reason: string): ProblemWords | undefined {
  for (const [shape, key, names] of SHAPES) {
    const found = shape.exec(reason);
    if (found) return { key, values: Object.fromEntries(names.map((name, index) => [name, found[index + 1] ?? ''])) };
  }
  return undefined;
}
