/**
 * The page as `npm run build` makes it, for `renderer_js_gzip_kb` (ui-size.ts).
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const VITE_CONFIG = fileURLToPath(new URL('../../renderer/vite.config.ts', import.meta.url));

export interface BuiltPage {
  outDir: string;
  remove(): void;
}

/** The page as `npm run build` makes it, into a folder of its own (nobody's dist/renderer is replaced mid-run). */
export async function buildPage(): Promise<BuiltPage> {
  const outDir = mkdtempSync(join(tmpdir(), 'badge-bench-ui-page-'));
  await build({ configFile: VITE_CONFIG, logLevel: 'silent', build: { outDir, emptyOutDir: true } });
  return { outDir, remove: () => rmSync(outDir, { recursive: true, force: true }) };
}
