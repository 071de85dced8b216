/**
 * The same host as `npm start`'s browser mode (the desk socket and the supervised core, as
 * electron/start.ts wires them), serving the page as `npm run build` makes it (Vite's
 * preview server on the built folder) instead of Vite's dev server: what issue #18 asks
 * `npm start` to serve. The `ui` group measures the page both ways, so what the dev server
 * costs (unbundled modules, React's development build) is told apart from the page's own.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview } from 'vite';
import { CoreSupervisor } from '../../electron/host/core-supervisor.ts';
import { attachDeskSocket } from '../../electron/host/desk-socket.ts';

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

export interface BuiltDesk {
  address: string;
  stop(): Promise<void>;
}

export async function startBuiltDesk(dataDir: string, page: BuiltPage): Promise<BuiltDesk> {
  const server = await preview({
    configFile: VITE_CONFIG,
    logLevel: 'silent',
    build: { outDir: page.outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: false },
  });
  const httpServer = server.httpServer;
  const core = new CoreSupervisor({ env: { ...process.env, BADGE_STATION_HOME: dataDir } });
  await core.ready();
  const socket = attachDeskSocket(httpServer as Parameters<typeof attachDeskSocket>[0], core);
  const { port } = httpServer.address() as AddressInfo;
  return {
    address: `http://127.0.0.1:${port}/#token=${socket.token}`,
    stop: async () => {
      await socket.close();
      await core.stop();
      await server.close();
    },
  };
}
