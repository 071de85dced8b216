/**
 * Starts a worker thread on a core module, from the sources or from a build.
 *
 * Callers name the TypeScript file (`new URL('./render-worker.ts', import.meta.url)`). From
 * the sources (development, tests) the worker first registers tsx, as bin.mjs does. In a
 * build the core is bundled into one file, so that URL points next to the bundle, where the
 * build put each worker's own bundle under the same name ending in `.mjs`.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Every worker thread's entry point, relative to electron/core: the build bundles each one
 * next to the core's bundle. Starting a core worker that is not listed fails from the sources
 * too, so a new worker cannot be left out of the build.
 */
export const WORKER_ENTRIES = ['render/render-worker.ts', 'roster/parse-worker.ts', 'jobs/card-worker.ts'] as const;

const CORE_DIR = dirname(fileURLToPath(import.meta.url));

export function startWorker(script: URL, options: WorkerOptions): Worker {
  const source = fileURLToPath(script);
  if (!source.endsWith('.ts')) return new Worker(script, options);
  if (existsSync(source)) return startFromSource(source, script, options);
  const built = `${source.slice(0, -'.ts'.length)}.mjs`;
  if (existsSync(built)) return new Worker(pathToFileURL(built), options);
  throw new Error(
    `The worker thread ${built} is missing (and there is no ${source} to run instead): build the app first (npm run build).`,
  );
}

function startFromSource(source: string, script: URL, options: WorkerOptions): Worker {
  const inCore = relative(CORE_DIR, source).split(sep).join('/');
  if (!inCore.startsWith('../') && !(WORKER_ENTRIES as readonly string[]).includes(inCore)) {
    throw new Error(`${inCore} is not in WORKER_ENTRIES (electron/core/worker-thread.ts): the build would leave it out`);
  }
  const tsx = pathToFileURL(
    join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs'),
  ).href;
  return new Worker(
    `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(script.href)}); })`,
    {
      ...options,
      eval: true,
    },
  );
}
