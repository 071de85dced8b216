/**
 * Every module a source file loads, read from its text for the architecture test: static
 * imports and re-exports, side-effect imports (`import 'x'`), dynamic `import('x')` (in
 * type positions too), `require('x')` and `require.resolve('x')`, a `createRequire(...)`
 * called at once or kept under a name, and the script a worker thread is started on
 * (`new URL('./x.ts', import.meta.url)`). A load whose specifier is not a plain string is
 * reported as COMPUTED, so it cannot slip past a rule unread.
 *
 * The text is lexed first: comments are blanked, so an import commented out is not one,
 * and a keyword inside a string, a template's text or a regular expression is not code.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { repoRoot } from './paths.ts';

export const COMPUTED = '(computed)';

export type ImportKind = 'static' | 'side-effect' | 'dynamic' | 'require' | 'create-require' | 'worker';

export interface ModuleImport {
  /** The specifier as written, or COMPUTED. */
  specifier: string;
  kind: ImportKind;
}

export interface Import {
  file: string;
  /** A package name, or a repository path for a relative import. */
  target: string;
  local: boolean;
  kind: ImportKind;
}

const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs|jsx)$/;
/** A specifier in quotes (no template with placeholders): group 1 the quote, group 2 the text. */
const QUOTED = String.raw`(['"\x60])([^'"\x60\n$]+)\1`;
/** The same, as a lookahead may use it (no capture). */
const PLAIN_ARGUMENT = String.raw`['"\x60][^'"\x60\n$]+['"\x60]\s*[,)]`;
/** An argument list with one level of nested parentheses: `(import.meta.url)`, `(fileURLToPath(url))`. */
const ARGS = String.raw`\((?:[^()]|\([^()]*\))*\)`;
/** Not a property (`roster.import(...)`) nor part of a longer name. */
const START = String.raw`(?<![.\w$])`;

export function importsInSource(source: string): ModuleImport[] {
  const { code, literal } = lex(source);
  const found: ModuleImport[] = [];
  // A keyword inside a string or a regular expression is text, not a load.
  const matches = (pattern: string) => [...code.matchAll(new RegExp(pattern, 'g'))].filter((match) => !literal[match.index]);
  const add = (pattern: string, kind: ImportKind) => {
    for (const match of matches(pattern)) found.push({ specifier: match[2] as string, kind });
  };
  const computed = (pattern: string, kind: ImportKind) => {
    for (const _ of matches(pattern)) found.push({ specifier: COMPUTED, kind });
  };
  add(String.raw`${START}(?:import|export)\s+(?:type\s+)?[\w$*{}\s,]*?\bfrom\s*${QUOTED}`, 'static');
  add(String.raw`${START}import\s*${QUOTED}`, 'side-effect');
  add(String.raw`${START}import\s*\(\s*${QUOTED}\s*[,)]`, 'dynamic');
  computed(String.raw`${START}import\s*\((?!\s*${PLAIN_ARGUMENT})`, 'dynamic');

  // require itself, and every name a createRequire(...) result is kept under.
  const creators = ['createRequire', ...matches(String.raw`\bcreateRequire\s+as\s+([\w$]+)`).map((m) => m[1] as string)];
  const creator = `(?:${creators.join('|')})`;
  const requires = [
    'require',
    ...matches(String.raw`${START}([\w$]+)\s*(?:=|\?\?=|\|\|=)\s*(?:[\w$.]+\.)?${creator}\s*${ARGS}(?!\s*[.(])`).map(
      (m) => m[1] as string,
    ),
  ];
  for (const name of new Set(requires)) {
    const call = String.raw`${START}${name.replace(/\$/g, '\\$')}(?:\s*\.\s*resolve)?\s*\(`;
    add(String.raw`${call}\s*${QUOTED}\s*[,)]`, 'require');
    computed(String.raw`${call}(?!\s*(?:${PLAIN_ARGUMENT}|\)))`, 'require');
  }
  add(String.raw`${START}(?:[\w$]+\.)?${creator}\s*${ARGS}\s*(?:\.\s*resolve\s*)?\(\s*${QUOTED}`, 'create-require');
  add(
    String.raw`${START}new\s+URL\s*\(\s*(['"])([^'"\n]+\.(?:ts|tsx|mts|cts|js|mjs|cjs))\1\s*,\s*import\.meta\.url\s*\)`,
    'worker',
  );
  return found;
}

/** Every load in every source file under `dir`; the folder must exist and hold sources, or a rule on it proves nothing. */
export function importsUnder(dir: string): Import[] {
  const root = join(repoRoot, dir);
  if (!existsSync(root) || !statSync(root).isDirectory())
    throw new Error(`No folder ${dir}: a rule about it would hold vacuously.`);
  const found: Import[] = [];
  let files = 0;
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !SOURCE.test(entry.name) || entry.parentPath.includes('node_modules')) continue;
    files += 1;
    const file = join(entry.parentPath, entry.name);
    for (const { specifier, kind } of importsInSource(readFileSync(file, 'utf8'))) {
      const local = specifier.startsWith('.');
      const target = local ? relative(repoRoot, resolve(entry.parentPath, specifier)) : specifier;
      found.push({ file: relative(repoRoot, file), target, local, kind });
    }
  }
  if (files === 0) throw new Error(`No source files under ${dir}: a rule about it would hold vacuously.`);
  return found;
}

/**
 * The source with every comment replaced by spaces (line breaks kept), and which of its
 * characters are inside a literal (a string, a template's text, a regular expression).
 * Literals are stepped over whole, so a quote or a `//` inside one starts nothing; a quote
 * or a slash misread ends at the line's end at worst.
 */
export function lex(source: string): { code: string; literal: Uint8Array } {
  const out = source.split('');
  const literal = new Uint8Array(source.length);
  const blank = (from: number, to: number) => {
    for (let i = from; i < to; i += 1) if (out[i] !== '\n') out[i] = ' ';
  };
  const mark = (from: number, to: number) => literal.fill(1, from, Math.min(to, source.length));
  /** Open template literals: the brace depth at which each `${` was entered. */
  const templates: number[] = [];
  let depth = 0;
  let last = ''; // the previous significant character or word, to tell a regex from a division
  let i = 0;
  const n = source.length;
  /** From inside a template's text to the end of that text: its closing backtick or a `${`. */
  const templateText = (from: number): number => {
    let j = from;
    while (j < n) {
      const c = source[j];
      if (c === '\\') j += 2;
      else if (c === '`') {
        mark(from, j);
        return j + 1;
      } else if (c === '$' && source[j + 1] === '{') {
        mark(from, j);
        templates.push(depth);
        depth += 1;
        return j + 2;
      } else j += 1;
    }
    mark(from, n);
    return n;
  };
  while (i < n) {
    const c = source[i] as string;
    const next = source[i + 1];
    if (c === '/' && next === '/') {
      const end = source.indexOf('\n', i);
      const stop = end === -1 ? n : end;
      blank(i, stop);
      i = stop;
    } else if (c === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      const stop = end === -1 ? n : end + 2;
      blank(i, stop);
      i = stop;
    } else if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < n && source[j] !== c && source[j] !== '\n') j += source[j] === '\\' ? 2 : 1;
      mark(i + 1, j);
      i = j + 1;
      last = 'string';
    } else if (c === '`') {
      i = templateText(i + 1);
      last = 'string';
    } else if (c === '/' && regexMayStart(last)) {
      let j = i + 1;
      let inClass = false;
      while (j < n && source[j] !== '\n') {
        const d = source[j];
        if (d === '\\') j += 1;
        else if (d === '[') inClass = true;
        else if (d === ']') inClass = false;
        else if (d === '/' && !inClass) break;
        j += 1;
      }
      mark(i, j + 1);
      i = j + 1;
      while (i < n && /[a-z]/i.test(source[i] as string)) i += 1;
      last = 'regex';
    } else if (c === '{') {
      depth += 1;
      last = c;
      i += 1;
    } else if (c === '}') {
      depth -= 1;
      if (templates.length > 0 && templates.at(-1) === depth) {
        templates.pop();
        i = templateText(i + 1);
        last = 'string';
      } else {
        last = c;
        i += 1;
      }
    } else if (/[\w$]/.test(c)) {
      let j = i;
      while (j < n && /[\w$]/.test(source[j] as string)) j += 1;
      last = source.slice(i, j);
      i = j;
    } else {
      if (!/\s/.test(c)) last = c;
      i += 1;
    }
  }
  return { code: out.join(''), literal };
}

const BEFORE_REGEX_WORDS = new Set([
  'return',
  'typeof',
  'case',
  'do',
  'else',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
  'instanceof',
  'yield',
  'await',
]);

/** After these a `/` opens a regular expression; after a name, a number, `)` or `]` it divides. */
function regexMayStart(last: string): boolean {
  if (last === '') return true;
  if (BEFORE_REGEX_WORDS.has(last)) return true;
  if (last === 'string' || last === 'regex') return false;
  if (/^[\w$]/.test(last)) return false;
  return !/[)\]]/.test(last);
}
