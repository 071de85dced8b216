import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { serialize } from 'node:v8';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleWorkers, CORE_BUNDLE } from '../../electron/bundle-workers.ts';
import { startWorker, WORKER_ENTRIES } from '../../electron/core/worker-thread.ts';
import { card, pdfText } from '../support/render.ts';
import { repoRoot } from '../support/station.ts';

// A program that renders a batch on worker threads only (every card is laid out by a
// worker), or imports a roster (read on the reader thread).
const ENTRY = `
import { readFileSync } from 'node:fs';
import { deserialize } from 'node:v8';
import { renderBatch } from './electron/core/render/index.ts';
import { importRoster, searchHolders } from './electron/core/roster/index.ts';
import { passphraseKey } from './electron/core/keys/index.ts';
import { initStation, openStation } from './electron/core/station/index.ts';
const [mode, input, out] = process.argv.slice(2);
if (mode === 'import') {
  const kek = passphraseKey('built app test passphrase');
  initStation(out, '7', 'system:test', kek).close();
  const station = openStation(out, 'test', { kek });
  const report = await importRoster(station, input, { actor: 'system:test' });
  const found = searchHolders(station.db, 'oynn').map((hit) => hit.id);
  station.close();
  process.stdout.write(JSON.stringify({ ...report, found }));
} else {
  const report = await renderBatch(deserialize(readFileSync(input)), { out, workers: 2, layoutHere: false, chunk: 2 });
  process.stdout.write(JSON.stringify(report));
}
`;

describe('the built app renders a batch and imports a roster', () => {
  // Two folders below the repository, like the app's dist/electron/main.mjs, so templates/
  // and node_modules/ are found as they are there; no TypeScript source is beside it.
  let app: string;
  let cardsFile: string;
  let serials: string[];

  beforeAll(async () => {
    mkdirSync(join(repoRoot, 'dist'), { recursive: true });
    app = mkdtempSync(join(repoRoot, 'dist', 'test-built-'));
    const settings = { ...CORE_BUNDLE, target: `node${process.versions.node.split('.')[0]}` };
    await Promise.all([
      build({ ...settings, stdin: { contents: ENTRY, resolveDir: repoRoot, loader: 'ts' }, outfile: join(app, 'main.mjs') }),
      bundleWorkers(app, settings),
    ]);
    const good = await card();
    const cards = ['欧阳娜娜', 'Nguyễn Thị Minh Khai', 'Olga Petrova', '李雷', 'Ana Souza'].map((name, i) => ({
      ...good,
      serial: `E-007-${String(i + 1).padStart(7, '0')}-1`,
      holder: { ...good.holder, name },
    }));
    serials = cards.map((c) => c.serial);
    cardsFile = join(app, 'cards.bin');
    writeFileSync(cardsFile, serialize(cards));
  });

  afterAll(() => {
    if (app) rmSync(app, { recursive: true, force: true });
  });

  /** The built program under plain Node: no tsx anywhere. */
  function runBuilt(out: string, mode = 'batch', input = cardsFile) {
    return spawnSync(process.execPath, [join(app, 'main.mjs'), mode, input, out], {
      cwd: app,
      encoding: 'utf8',
      timeout: 20_000,
    });
  }

  it('the build puts every worker thread beside the bundle, and nothing to run through tsx', () => {
    const files = readdirSync(app);
    for (const entry of WORKER_ENTRIES) expect(files).toContain(`${basename(entry, '.ts')}.mjs`);
    expect(files.filter((file) => file.endsWith('.ts'))).toEqual([]);
  });

  it('a batch laid out on worker threads prints every card in order', () => {
    const out = join(app, 'batch.pdf');
    const run = runBuilt(out);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as { printed: string[]; failed: unknown[]; pages: number };
    expect(report.failed).toEqual([]);
    expect(report.printed).toEqual(serials);
    expect(report.pages).toBe(10);
    const text = pdfText(readFileSync(out));
    const at = serials.map((serial) => text.indexOf(serial));
    expect(at.every((position, i) => position >= 0 && (i === 0 || position > (at[i - 1] as number)))).toBe(true);
  });

  it('a roster is read and checked on the reader thread, Chinese names keyed by pinyin', () => {
    const roster = join(app, 'roster.csv');
    writeFileSync(
      roster,
      '\uFEFF编号,姓名,英文名,单位,国家/地区,证件类型,证件号,类别,区域\r\nH-1,欧阳娜娜,,上海进出口有限公司,中国,身份证,1,参展证,\r\nH-2,李雷,,,中国,身份证,2,火星证,\r\n',
    );
    const run = runBuilt(join(app, 'station'), 'import', roster);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as {
      added: number;
      rejected: number;
      problems: { row: number; column: string }[];
      found: string[];
    };
    expect(report).toMatchObject({ added: 1, rejected: 1, found: ['H-1'] });
    expect(report.problems).toEqual([expect.objectContaining({ row: 3, column: 'H' })]);
  });

  it('a build without its rendering thread says which file is missing and to build the app', () => {
    rmSync(join(app, 'render-worker.mjs'));
    const run = runBuilt(join(app, 'missing.pdf'));
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain(join(app, 'render-worker.mjs'));
    expect(run.stderr).toContain('npm run build');
    expect(existsSync(join(app, 'missing.pdf'))).toBe(false);
  });

  it('a worker thread the build does not know of is refused from the sources too, so it cannot be left out', () => {
    const unlisted = new URL('../../electron/core/render/render-worker-core.ts', import.meta.url);
    expect(() => startWorker(unlisted, {})).toThrow('render/render-worker-core.ts is not in WORKER_ENTRIES');
  });
});
