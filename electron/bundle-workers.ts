/**
 * The core as the app ships it: bundled by esbuild into ESM files that leave node_modules to
 * Node's resolver, each worker thread in a file of its own next to the core's bundle
 * (`<basename>.mjs`, where startWorker looks when there are no sources). Used by the app's
 * build (start.ts), the render benchmark and the test of a built batch.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build } from 'esbuild';
import { WORKER_ENTRIES } from './core/worker-thread.ts';

/** target: the Node inside Electron 45 (22.x), not the Node running the build. */
export const CORE_BUNDLE: BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  packages: 'external',
  external: ['electron'],
  logLevel: 'warning',
};

const CORE = fileURLToPath(new URL('./core/', import.meta.url));

/** Every worker thread into `outDir`, with the settings of the bundle it goes beside. */
export async function bundleWorkers(outDir: string, settings: BuildOptions = CORE_BUNDLE): Promise<string[]> {
  const entryPoints: Record<string, string> = {};
  for (const entry of WORKER_ENTRIES) {
    const name = path.basename(entry, '.ts');
    if (name in entryPoints) throw new Error(`two worker threads are called ${name}: their bundles would overwrite each other`);
    entryPoints[name] = path.join(CORE, entry);
  }
  await build({ ...settings, entryPoints, outdir: outDir, outExtension: { '.js': '.mjs' } });
  return Object.keys(entryPoints).map((name) => path.join(outDir, `${name}.mjs`));
}
