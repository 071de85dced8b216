/**
 * The station core as the installers ship it: the app's folder laid out as electron-builder
 * lays out app.asar (the `files` of electron-builder.yml, package.json with its `main`, and
 * only the production dependencies in node_modules), with the core, its worker threads and
 * the CLI bundled as the app's build bundles them. Then the core runs from there: demo data
 * (the roster's parse worker), a print run (the card press's workers) and the CLI's batch
 * render (the render workers). Electron cannot run here, so plain Node runs the bundles and
 * the folder stands in for the archive; what this catches is a file the package leaves out,
 * a bundle that reaches for a development-only package, or a path worked out from the
 * sources' places rather than the bundle's.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { bundleCore, CORE_BUNDLE } from '../../electron/bundle-workers.ts';
import { DEMO_USERS } from '../../electron/core/demo/index.ts';
import { CoreSupervisor } from '../../electron/host/core-supervisor.ts';
import { repoRoot } from '../support/paths.ts';
import { tempDir } from '../support/station.ts';

const config = parse(readFileSync(join(repoRoot, 'electron-builder.yml'), 'utf8')) as {
  files: string[];
  extraMetadata: { main: string };
};

/** electron-builder's `files` patterns as far as this config uses them: `*` within a folder, `**` across. */
function matches(pattern: string, file: string): boolean {
  const source = pattern
    .split('/')
    .map((part) => (part === '**' ? '.*' : part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')))
    .join('/');
  return new RegExp(`^${source.replace('.*/', '(?:.*/)?')}$`).test(file);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** The production dependencies' top-level folders, as npm resolves them (no devDependencies). */
function productionPackages(): string[] {
  const modules = join(repoRoot, 'node_modules') + sep;
  const paths = execFileSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: repoRoot, encoding: 'utf8' })
    .split('\n')
    .filter((path) => path.startsWith(modules))
    .map((path) => path.slice(modules.length).split(sep));
  const names = paths.map((parts) => (parts[0]?.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/'));
  return [...new Set(names)].sort();
}

/**
 * The app folder: what the build writes (made here, into dist/), each checked against
 * `files`; the rest of `files` copied from the repository; the production packages linked.
 */
async function layOutApp(app: string): Promise<void> {
  const out = join(app, 'dist', 'electron');
  await bundleCore(out);
  // The CLI as main.mjs runs it for a command (electron/main/cli-mode.ts), without the shell.
  await build({
    ...CORE_BUNDLE,
    stdin: {
      contents: `import { main } from ${JSON.stringify(join(repoRoot, 'electron', 'cli', 'main.ts'))};\nprocess.exitCode = await main(process.argv.slice(2));`,
      resolveDir: repoRoot,
      loader: 'ts',
    },
    outfile: join(out, 'cli.mjs'),
  });
  for (const file of filesUnder(join(app, 'dist'))) {
    const inApp = relative(app, file).split(sep).join('/');
    expect(
      config.files.some((pattern) => matches(pattern, inApp)),
      `${inApp} is built but electron-builder.yml's files leave it out`,
    ).toBe(true);
  }
  for (const pattern of config.files.filter((pattern) => !pattern.startsWith('dist/'))) {
    const root = join(repoRoot, pattern.split('/')[0] ?? '');
    for (const file of existsSync(root) && statSync(root).isDirectory() ? filesUnder(root) : [root]) {
      const inApp = relative(repoRoot, file).split(sep).join('/');
      if (matches(pattern, inApp)) cpSync(file, join(app, inApp));
    }
  }
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'badge-station', main: config.extraMetadata.main }));
  for (const name of productionPackages()) {
    mkdirSync(dirname(join(app, 'node_modules', name)), { recursive: true });
    symlinkSync(join(repoRoot, 'node_modules', name), join(app, 'node_modules', name), 'dir');
  }
}

/** A page's connection to the supervised core: its calls, one at a time. */
function pageOn(core: CoreSupervisor) {
  const frames: { kind: string; id?: number; result?: unknown; error?: { message: string } }[] = [];
  const page = core.connect((frame) => frames.push(JSON.parse(frame)));
  let next = 0;
  return {
    async call(method: string, params: unknown = {}): Promise<any> {
      next += 1;
      const id = next;
      await page.receive(JSON.stringify({ kind: 'call', id, method, params }));
      await expect.poll(() => frames.find((frame) => frame.id === id), { timeout: 120_000, interval: 200 }).toBeDefined();
      const answer = frames.find((frame) => frame.id === id);
      if (answer?.kind !== 'result') throw new Error(`${method}: ${answer?.error?.message}`);
      return answer.result;
    },
    close: () => page.close(),
  };
}

describe('the station core from the packaged app’s layout', () => {
  it('runs demo data, a print run and the CLI’s batch render with its worker threads from their bundles', async () => {
    // Outside the repository, so nothing resolves from the repository's own node_modules.
    const app = join(tempDir('badge-packaged-'), 'resources', 'app');
    await layOutApp(app);
    const dataDir = join(tempDir('badge-packaged-data-'), 'station');
    const core = new CoreSupervisor({
      entry: join(app, 'dist', 'electron', 'core-process.mjs'),
      env: { ...process.env, BADGE_STATION_HOME: dataDir },
    });
    try {
      await core.ready();
      const desk = pageOn(core);
      // Demo data: 1,000 holders read by the parse worker; then its operator signs in.
      expect(await desk.call('station.demo')).toMatchObject({ station: expect.any(String) });
      const operator = DEMO_USERS.find((user) => user.role === 'operator');
      await desk.call('session.signIn', { name: operator?.name, secret: operator?.secret });
      expect(await desk.call('station.status')).toMatchObject({ initialised: true, holders: 1000 });
      // Five cards printed: laid out and drawn on the card press's worker threads.
      const roster = await desk.call('roster.page', { offset: 0, limit: 5 });
      const batch = await desk.call('print.batch', {
        name: 'Packaged',
        from: { kind: 'list', text: roster.rows.map((row: { id: string }) => row.id).join('\n') },
      });
      await desk.call('print.start', { job: batch.job, printers: ['Demo-1'] });
      await expect
        .poll(
          async () =>
            ((await desk.call('print.jobs', { limit: 5 })).jobs as { job: number; status: string; issued: number }[]).find(
              (job) => job.job === batch.job,
            ),
          { timeout: 120_000, interval: 500 },
        )
        .toMatchObject({ status: 'done', issued: 5 });
    } finally {
      await core.stop();
    }

    // The CLI's batch render: the render workers, from the same folder.
    const out = join(tempDir('badge-packaged-render-'), 'cards');
    execFileSync(process.execPath, [join(app, 'dist', 'electron', 'cli.mjs'), 'render', '--demo', '--out', out], {
      cwd: dirname(app),
      env: { ...process.env, BADGE_STATION_HOME: dataDir },
      stdio: 'pipe',
    });
    expect(filesUnder(out).some((file) => file.endsWith('.pdf'))).toBe(true);
  }, 240_000);
});
