/**
 * The core as the app ships it: bundled by esbuild into ESM files that leave node_modules to
 * Node's resolver, each worker thread in a file of its own next to the core's bundle
 * (`<basename>.mjs`, where startWorker looks when there are no sources). Used by the app's
 * build (start.ts), the render benchmark and the test of a built batch.
 */
import { copyFile } from 'node:fs/promises';
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
const DRIVER_THREADS = [fileURLToPath(new URL('../native/pcsc/pcsc-thread.mjs', import.meta.url))];
const CORE_PROCESS = fileURLToPath(new URL('./host/core-process.ts', import.meta.url));

/**
 * The station core as main starts it in a utility process (core-process.mjs), with its
 * worker threads beside it: what the app's build writes and the packaged-layout test runs.
 */
export async function bundleCore(outDir: string): Promise<void> {
  await Promise.all([
    build({ ...CORE_BUNDLE, entryPoints: [CORE_PROCESS], outfile: path.join(outDir, 'core-process.mjs') }),
    bundleWorkers(outDir, CORE_BUNDLE),
  ]);
}

/** Every worker thread into `outDir`, with the settings of the bundle it goes beside. */
export async function bundleWorkers(outDir: string, settings: BuildOptions = CORE_BUNDLE): Promise<string[]> {
  const entryPoints: Record<string, string> = {};
  for (const entry of WORKER_ENTRIES) {
    const name = path.basename(entry, '.ts');
    if (name in entryPoints) throw new Error(`two worker threads are called ${name}: their bundles would overwrite each other`);
    entryPoints[name] = path.join(CORE, entry);
  }
  await build({ ...settings, entryPoints, outdir: outDir, outExtension: { '.js': '.mjs' } });
  // The drivers' own threads, plain JavaScript started by URL from beside the bundle that
  // loads them (native/pcsc/pcsc-link.ts): copied as they are.
  for (const thread of DRIVER_THREADS) await copyFile(thread, path.join(outDir, path.basename(thread)));
  return [
    ...Object.keys(entryPoints).map((name) => path.join(outDir, `${name}.mjs`)),
    ...DRIVER_THREADS.map((thread) => path.join(outDir, path.basename(thread))),
  ];
}
