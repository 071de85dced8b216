import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMPUTED, type Import, importsInSource, importsUnder } from '../support/module-imports.ts';
import { repoRoot } from '../support/station.ts';

/** A path a rule names: it must exist, or the rule would hold vacuously after a rename. */
function room(path: string): string {
  if (!existsSync(join(repoRoot, path))) throw new Error(`A rule names ${path}, which does not exist: update the rule.`);
  return path;
}

const isElectron = (target: string) => target === 'electron' || target.startsWith('electron/');

/** Loads from `dir` that break its rule: a local module outside `mayReach`, electron, or a load the scan cannot read. */
function offenders(dir: string, mayReach: string[]): Import[] {
  const allowed = mayReach.map((path) => `${room(path)}/`);
  return importsUnder(room(dir)).filter(
    ({ target, local }) =>
      (local && !allowed.some((prefix) => target.startsWith(prefix))) || (!local && (isElectron(target) || target === COMPUTED)),
  );
}

describe('the rooms keep to their doors', () => {
  it('the station core never imports electron nor a driver, so it runs in the CLI, browser mode and tests', () => {
    expect(offenders('electron/core', ['electron/core'])).toEqual([]);
  });

  it('the CLI never imports electron either: it wires the core to the drivers, nothing else', () => {
    expect(offenders('electron/cli', ['electron/cli', 'electron/core', 'electron/devices', 'native'])).toEqual([]);
  });

  it('the device wiring reaches the core and the drivers, never electron: the CLI and the core process share it', () => {
    expect(offenders('electron/devices', ['electron/devices', 'electron/core', 'native'])).toEqual([]);
  });

  it('drivers in native/ never import the core, nor electron', () => {
    expect(offenders('native', ['native'])).toEqual([]);
  });

  it('the renderer imports nothing of the core nor of electron but the RPC contract', () => {
    expect(offenders('renderer', ['renderer', 'electron/core/rpc/contract'])).toEqual([]);
  });

  it('the RPC contract imports nothing of the core, only zod, so the page can share it', () => {
    expect(offenders('electron/core/rpc/contract', ['electron/core/rpc/contract'])).toEqual([]);
    expect(importsUnder(room('electron/core/rpc/contract')).filter(({ local, target }) => !local && target !== 'zod')).toEqual(
      [],
    );
  });

  it('nothing test-only ships: no BADGE_STATION_TEST_ switch in the app or the drivers', () => {
    const found: string[] = [];
    for (const dir of [room('electron'), room('native')]) {
      for (const entry of readdirSync(join(repoRoot, dir), { recursive: true, withFileTypes: true })) {
        if (!entry.isFile() || entry.parentPath.includes('node_modules')) continue;
        const file = join(entry.parentPath, entry.name);
        if (readFileSync(file, 'latin1').includes('BADGE_STATION_TEST_')) found.push(relative(repoRoot, file));
      }
    }
    expect(found).toEqual([]);
  });
});

describe('the scan sees every import (a broken scan must not pass silently)', () => {
  it('sees imports in the tree at all', () => {
    expect(importsUnder('electron/core').some(({ target }) => target === 'better-sqlite3-multiple-ciphers')).toBe(true);
    expect(importsUnder('native').some(({ target, kind }) => target === 'smartcard' && kind === 'create-require')).toBe(true);
  });

  it('sees every way a module is loaded', () => {
    const source = [
      "import { a, type B } from 'static-named';",
      "import type { C } from 'type-only';",
      "import * as d from 'star';",
      "import e, {\n  f,\n  g,\n} from 'multi-line';",
      "export { h } from 'reexport';",
      "export * from 'reexport-star';",
      "import 'side-effect';",
      'import"side-effect-tight";',
      "const i = await import('dynamic');",
      'const j = await import(\n  "dynamic-multi-line",\n);',
      "type K = import('type-position').K;",
      "const l = require('plain-require');",
      "const m = require.resolve('require-resolve');",
      "import n = require('import-equals');",
      "const o = createRequire(import.meta.url)('create-require-called');",
      "const p = createRequire(fileURLToPath(import.meta.url)).resolve('create-require-resolve');",
      'const load = createRequire(import.meta.url);',
      "const q = load('kept-require');",
      "cached ??= module.createRequire(import.meta.url)('module-create-require');",
      "const worker = startWorker(new URL('./worker-script.ts', import.meta.url));",
      'const r = await import(name);',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text the scan reads
      'const s = load(`kept-${name}`);',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text the scan reads
      'const t = `${await import("in-a-template-placeholder")}`;',
    ].join('\n');
    expect(importsInSource(source)).toEqual(
      expect.arrayContaining([
        ...['static-named', 'type-only', 'star', 'multi-line', 'reexport', 'reexport-star'].map((specifier) => ({
          specifier,
          kind: 'static',
        })),
        { specifier: 'side-effect', kind: 'side-effect' },
        { specifier: 'side-effect-tight', kind: 'side-effect' },
        { specifier: 'dynamic', kind: 'dynamic' },
        { specifier: 'dynamic-multi-line', kind: 'dynamic' },
        { specifier: 'type-position', kind: 'dynamic' },
        { specifier: 'in-a-template-placeholder', kind: 'dynamic' },
        { specifier: 'plain-require', kind: 'require' },
        { specifier: 'require-resolve', kind: 'require' },
        { specifier: 'import-equals', kind: 'require' },
        { specifier: 'create-require-called', kind: 'create-require' },
        { specifier: 'create-require-resolve', kind: 'create-require' },
        { specifier: 'kept-require', kind: 'require' },
        { specifier: 'module-create-require', kind: 'create-require' },
        { specifier: './worker-script.ts', kind: 'worker' },
        { specifier: COMPUTED, kind: 'dynamic' },
        { specifier: COMPUTED, kind: 'require' },
      ]),
    );
    expect(importsInSource(source)).toHaveLength(22);
  });

  it('does not take text for an import: comments, strings, regular expressions, methods named import', () => {
    const source = [
      "// import 'in-a-line-comment';",
      "/* require('in-a-block-comment') */",
      "const url = 'http://example.org'; import 'after-a-url-string';",
      "const quote = /['\"`]/; import 'after-a-regex-with-quotes';",
      "const half = total / 2; const third = total / 3; import 'after-divisions';",
      "const args = ['import', 'not-a-module'];",
      'const code = `import("inside-template-text")`;',
      'roster.import(rows);',
      "store.require('a-method');",
      'const text = "require(\'in-a-string\')";',
    ].join('\n');
    expect(importsInSource(source)).toEqual([
      { specifier: 'after-a-url-string', kind: 'side-effect' },
      { specifier: 'after-a-regex-with-quotes', kind: 'side-effect' },
      { specifier: 'after-divisions', kind: 'side-effect' },
    ]);
  });

  it('a rule sees electron however a module loads it (test/fixtures/architecture)', () => {
    expect(
      offenders('test/fixtures/architecture', ['test/fixtures/architecture']).map(({ target, kind }) => [kind, target]),
    ).toEqual([
      ['side-effect', 'electron'],
      ['dynamic', 'electron'],
      ['dynamic', COMPUTED],
      ['require', 'electron'],
      ['create-require', 'electron/main'],
    ]);
  });

  it('a rule on a folder or file that does not exist fails instead of holding vacuously', () => {
    expect(() => importsUnder('electron/no-such-room')).toThrow(/No folder electron\/no-such-room/);
    expect(() => importsUnder('templates/layouts')).toThrow(/No source files/);
    expect(() => offenders('electron/core', ['electron/core', 'electron/core/no-such-room'])).toThrow(
      /names electron\/core\/no-such-room, which does not exist/,
    );
  });
});
