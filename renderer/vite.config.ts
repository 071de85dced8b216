import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const CSP_META = /\s*<meta\s+http-equiv="Content-Security-Policy"[^>]*>/i;

// In dev, React Refresh's preamble (and CSS that Vite's client injects) are inline, which
// index.html's CSP refuses. Rather than 'unsafe-inline', allow a nonce made fresh for each dev
// server: Vite stamps it on the tags it adds. Builds are untouched: script-src stays 'self'.
function devCspNonce(): Plugin {
  const nonce = randomBytes(18).toString('base64');
  return {
    name: 'badge-station:dev-csp-nonce',
    apply: 'serve',
    config: () => ({ html: { cspNonce: nonce } }),
    transformIndexHtml: {
      order: 'post',
      handler(html) {
        const meta = CSP_META.exec(html)?.[0];
        if (meta === undefined) throw new Error('renderer/index.html has lost its CSP meta tag');
        const withNonce = meta.trim().replace(/\b(script-src|style-src) 'self'/g, `$1 'self' 'nonce-${nonce}'`);
        // A meta CSP governs only what comes after it, and Vite prepends its scripts to <head>.
        return html.replace(meta, '').replace(/<head>/i, `<head>\n    ${withNonce}`);
      },
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react(), devCspNonce()],
  clearScreen: false,
  server: { host: '127.0.0.1' },
  build: {
    outDir: '../dist/renderer',
    // outDir is outside root, so Vite only empties it when told to.
    emptyOutDir: true,
    // The font's smallest slices stay files: inlined as data: URLs, the CSP (no data: fonts) refuses them.
    assetsInlineLimit: (file) => (/\.woff2?$/.test(file) ? false : undefined),
  },
});
