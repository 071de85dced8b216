import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/station.ts';

interface Import {
  file: string;
  /** A package name, or a repository path for a relative import. */
  target: string;
  local: boolean;
}

/** Every import specifier in every TypeScript file under `dir`, resolved when relative. */
function importsUnder(dir: string): Import[] {
  const found: Import[] = [];
  const root = join(repoRoot, dir);
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.(ts|tsx|mts)$/.test(entry.name)) continue;
    const file = join(entry.parentPath, entry.name);
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
      const specifier = (match[1] ?? match[2]) as string;
      const local = specifier.startsWith('.');
      const target = local ? relative(repoRoot, resolve(entry.parentPath, specifier)) : specifier;
      found.push({ file: relative(repoRoot, file), target, local });
    }
  }
  return found;
}

describe('the rooms keep to their doors', () => {
  it('the station core never imports electron, so it runs in the CLI, browser mode and tests', () => {
    const offenders = importsUnder('electron/core').filter(
      ({ target, local }) =>
        (!local && (target === 'electron' || target.startsWith('electron/'))) || (local && !target.startsWith('electron/core/')),
    );
    expect(offenders).toEqual([]);
  });

  it('the CLI never imports electron either', () => {
    expect(importsUnder('electron/cli').filter(({ target, local }) => !local && target.startsWith('electron'))).toEqual([]);
  });

  it('drivers in native/ never import the core', () => {
    expect(importsUnder('native').filter(({ target, local }) => local && !target.startsWith('native/'))).toEqual([]);
  });

  it('the renderer knows only the RPC contract of the core', () => {
    const offenders = importsUnder('renderer').filter(
      ({ target, local }) =>
        (local && !target.startsWith('renderer/') && !target.startsWith('electron/core/rpc/contract')) ||
        (!local && target.startsWith('electron')),
    );
    expect(offenders).toEqual([]);
  });

  it('the scan sees imports at all (a broken scan must not pass silently)', () => {
    expect(importsUnder('electron/core').some(({ target }) => target === 'better-sqlite3')).toBe(true);
  });
});
