/**
 * Every word of the page in both languages: each namespace has the same keys in zh-CN and
 * English, and no text is written straight into the page's JSX (it would show in one
 * language only: Biome's noJsxLiterals, on for renderer/src in biome.json).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LEDGER_EVENT_TYPES } from '../../electron/core/ledger/event-types.ts';
import { repoRoot } from '../support/paths.ts';

const I18N = join(repoRoot, 'renderer', 'src', 'i18n');

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, inner]) => keys(inner, prefix ? `${prefix}.${key}` : key));
}

function namespaces(language: string): Map<string, string[]> {
  return new Map(
    readdirSync(join(I18N, language))
      .filter((file) => file.endsWith('.json'))
      .map((file) => [file.replace(/\.json$/, ''), keys(JSON.parse(readFileSync(join(I18N, language, file), 'utf8'))).sort()]),
  );
}

/** Biome's verdict on JSX text in these files. */
function literalCheck(args: string[]) {
  return spawnSync(join(repoRoot, 'node_modules', '.bin', 'biome'), ['lint', '--only=style/noJsxLiterals', ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
}

describe('the page in two languages', () => {
  it('names every kind of ledger event on the Ledger screen, in both languages', () => {
    for (const language of ['en', 'zh-CN']) {
      const types = keys(JSON.parse(readFileSync(join(I18N, language, 'ledger.json'), 'utf8')).types);
      expect(types.sort(), language).toEqual([...LEDGER_EVENT_TYPES].sort());
    }
  });

  it('has every key of every screen in both zh-CN and English', () => {
    const zh = namespaces('zh-CN');
    const en = namespaces('en');
    expect([...zh.keys()].sort()).toEqual([...en.keys()].sort());
    for (const [namespace, list] of en) expect(zh.get(namespace), namespace).toEqual(list);
  });

  it('writes no words straight into JSX', () => {
    const run = literalCheck(['renderer/src']);
    expect(run.stdout + run.stderr).not.toContain('noJsxLiterals');
    expect(run.status).toBe(0);
  });

  it('the check sees a word written into JSX (so a clean run means something)', () => {
    const run = literalCheck(['test/fixtures/i18n/literal.tsx']);
    expect(run.stdout + run.stderr).toContain('noJsxLiterals');
  });
});
