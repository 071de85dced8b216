/**
 * A benchmark's child program bundled as the app is built (`npm run build`): our sources in
 * one file, each worker thread of the core in its own beside it, packages from node_modules.
 * Timing the code as the app ships it leaves out what only development pays: tsx's start
 * and its per-module loader hooks, in the child and in each worker thread it starts.
 *
 * The bundles go two folders below the repository, like the app's dist/electron/main.mjs,
 * so templates/ and node_modules/ are found as they are there.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export async function builtChild(source: URL): Promise<string> {
  const { build } = await import('esbuild');
  const { bundleWorkers, CORE_BUNDLE } = await import('../../electron/bundle-workers.ts');
  const outDir = fileURLToPath(new URL('../../dist/bench/', import.meta.url));
  const outfile = join(outDir, fileURLToPath(source).replace(/^.*\//, '').replace(/\.ts$/, '.mjs'));
  // The Node running the benchmark, not the one inside Electron the app targets.
  const settings = { ...CORE_BUNDLE, target: `node${process.versions.node.split('.')[0]}` };
  await Promise.all([build({ ...settings, entryPoints: [fileURLToPath(source)], outfile }), bundleWorkers(outDir, settings)]);
  return outfile;
}
