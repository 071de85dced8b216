/**
 * `renderer_js_gzip_kb`: the page as `npm run build` makes it (Vite, renderer/vite.config.ts,
 * as electron/start.ts --build runs it; ui-built.ts buildPage), then the gzipped size of every emitted .js file,
 * summed (zlib's default level, 6). The fonts are files of their own (.ttf), never in the
 * sum; nor are the HTML, CSS or images.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export function rendererJsGzip(outDir: string): { kb: number; files: { file: string; kb: number; gzipKb: number }[] } {
  const files = (readdirSync(outDir, { recursive: true }) as string[])
    .filter((file) => file.endsWith('.js'))
    .map((file) => {
      const bytes = readFileSync(join(outDir, file));
      return { file, kb: bytes.length / 1024, gzipKb: gzipSync(bytes).length / 1024 };
    });
  return { kb: files.reduce((sum, file) => sum + file.gzipKb, 0), files };
}
