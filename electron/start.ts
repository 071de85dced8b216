/**
 * `npm start`: the desktop app where Electron's binary is installed, browser mode elsewhere.
 * `npm start -- --build` only bundles (renderer, main, preload) for electron-builder.
 * `npm run dev` is browser mode on Vite's dev server (edits show at once) for developers.
 *
 * Never imports 'electron': without the binary, that import tries to download it and fails.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server as HttpServer } from 'node:http';
import path from 'node:path';
import { type BuildOptions, build as esbuild } from 'esbuild';
import { createServer, preview, build as viteBuild } from 'vite';
import { bundleCore, CORE_BUNDLE } from './bundle-workers.ts';
import { resolveDataDir } from './core/paths.ts';
import { findElectronBinary } from './electron-binary.ts';
import { CoreSupervisor } from './host/core-supervisor.ts';
import { attachDeskSocket } from './host/desk-socket.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const VITE_CONFIG = path.join(ROOT, 'renderer', 'vite.config.ts');
const OUT = path.join(ROOT, 'dist', 'electron');
/** Browser mode's page, built afresh by each launch into a folder named by its process id. */
const BROWSER_PAGES = path.join(ROOT, 'dist', 'browser-page');
const DEFAULT_PORT = 5217;

async function buildDesktop(): Promise<void> {
  await viteBuild({ configFile: VITE_CONFIG, logLevel: 'warn' });
  // target: the Node inside Electron 45 (22.x), not the Node running this script.
  const common: BuildOptions = { bundle: true, platform: 'node', target: 'node22', external: ['electron'], logLevel: 'warning' };
  await Promise.all([
    // Main stays ESM and leaves node_modules to Node's resolver (they ship in the app); so do
    // the core's worker threads, each in its own file beside it.
    esbuild({
      ...CORE_BUNDLE,
      entryPoints: [path.join(ROOT, 'electron', 'main', 'index.ts')],
      outfile: path.join(OUT, 'main.mjs'),
    }),
    // The station core, which main starts in a utility process (electron/main/core-launcher.ts),
    // and its worker threads beside it.
    bundleCore(OUT),
    // A sandboxed preload must be one CommonJS file: its require() knows only 'electron'.
    esbuild({
      ...common,
      entryPoints: [path.join(ROOT, 'electron', 'preload', 'index.ts')],
      format: 'cjs',
      outfile: path.join(OUT, 'preload.cjs'),
    }),
  ]);
  // Started on the folder (npm start, npm run test:electron), Electron takes name, version and
  // userData folder from its package.json; without one it would call itself "Electron".
  // Packaging uses the real one.
  const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const manifest = { name: 'badge-station', productName: 'Badge Station', version, main: 'main.mjs' };
  writeFileSync(path.join(OUT, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

async function startDesktop(binary: string): Promise<void> {
  await buildDesktop();

  // ELECTRON_RUN_AS_NODE inherited from a parent would start plain Node instead of the app.
  const { ELECTRON_RUN_AS_NODE: _ignored, ...env } = process.env;
  const child = spawn(binary, [OUT], { stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal === null ? 0 : 1)));
}

function portFromEnv(): number {
  const raw = process.env.BADGE_STATION_PORT;
  if (raw === undefined || raw === '') return DEFAULT_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`BADGE_STATION_PORT must be a port number from 1 to 65535, not "${raw}"`);
  }
  return port;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The page as `npm run build` makes it (bundled, React's production build): what a counter
 * should get, not the dev server's hundreds of unbundled modules (issue #18: the roster's
 * first rows showed after ~1.5 s from the dev server, ~0.9 s built). Built on every launch
 * (a second or two) so it is never stale after a `git pull`, each launch into its own folder
 * so two desks started at once (the e2e tests do) never build over each other's page; the
 * folders of launches that have ended, however they ended, are removed here.
 */
async function buildBrowserPage(): Promise<{ outDir: string; remove(): void }> {
  mkdirSync(BROWSER_PAGES, { recursive: true });
  for (const name of readdirSync(BROWSER_PAGES)) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || !isRunning(pid)) rmSync(path.join(BROWSER_PAGES, name), { recursive: true, force: true });
  }
  const outDir = path.join(BROWSER_PAGES, String(process.pid));
  await viteBuild({ configFile: VITE_CONFIG, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  return { outDir, remove: () => rmSync(outDir, { recursive: true, force: true }) };
}

interface PageServer {
  httpServer: HttpServer;
  port: number;
  close(): Promise<void>;
}

/** Vite's static server on the built page (`npm start`), or its dev server (`npm run dev`). */
async function servePage(dev: boolean): Promise<PageServer> {
  // Loopback only; if the port is taken Vite tries the next one, so report the real one.
  const listen = { host: '127.0.0.1', port: portFromEnv(), strictPort: false };
  if (dev) {
    const server = await createServer({ configFile: VITE_CONFIG, logLevel: 'warn', server: listen });
    await server.listen();
    const httpServer = server.httpServer as HttpServer | null;
    if (!httpServer) throw new Error('Vite gave no HTTP server to carry the station socket');
    return { httpServer, port: boundPort(httpServer), close: () => server.close() };
  }
  const page = await buildBrowserPage();
  const server = await preview({ configFile: VITE_CONFIG, logLevel: 'warn', build: { outDir: page.outDir }, preview: listen });
  const httpServer = server.httpServer as HttpServer;
  process.once('exit', page.remove);
  return {
    httpServer,
    port: boundPort(httpServer),
    close: async () => {
      await server.close();
      page.remove();
    },
  };
}

function boundPort(server: HttpServer): number {
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('the page server is not listening');
  return address.port;
}

/**
 * Opens the desk in the computer's browser, where there is one to open it in: a Linux
 * machine without a display (a server, CI) has none, and BADGE_STATION_NO_BROWSER=1 (the
 * tests' setting) says not to. The address is printed either way; failing to open is no error.
 */
function openInBrowser(address: string): void {
  if (process.env.BADGE_STATION_NO_BROWSER === '1') return;
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [address]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', address.replaceAll('&', '^&')]]
        : process.env.DISPLAY || process.env.WAYLAND_DISPLAY
          ? ['xdg-open', [address]]
          : [undefined, []];
  if (command === undefined) return;
  const opener = spawn(command, args as string[], { stdio: 'ignore', detached: true });
  opener.on('error', () => {});
  opener.unref();
}

async function startBrowser(dev: boolean): Promise<void> {
  const server = await servePage(dev);
  // The station core answers the page over a WebSocket on the same loopback server, only
  // to a page that brings this launch's token (electron/host/desk-socket.ts).
  // The core runs in its own process, started again if it dies (electron/host/core-supervisor.ts).
  const core = new CoreSupervisor();
  // A core that keeps failing at start rejects: npm start says why and stops.
  await core.ready().catch(async (error: unknown) => {
    await server.close();
    throw error;
  });
  const socket = attachDeskSocket(server.httpServer, core);
  const address = `http://127.0.0.1:${server.port}/#token=${socket.token}`;
  console.log(`Badge Station (browser mode${dev ? ', dev server' : ''}) on ${address}`);
  console.log(`  station data folder ${resolveDataDir()}${dev ? '' : "; Electron's binary is not installed here"}`);
  openInBrowser(address);
  const stop = () =>
    void socket
      .close()
      .then(() => core.stop())
      .then(() => server.close())
      .finally(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

try {
  const binary = findElectronBinary();
  if (process.argv.includes('--build')) await buildDesktop();
  else if (process.argv.includes('--dev')) await startBrowser(true);
  else if (binary !== undefined) await startDesktop(binary);
  else await startBrowser(false);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
