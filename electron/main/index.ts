/**
 * Electron's main process: the shell (shell.ts: one instance, the window and the security
 * checklist) with the real `electron` module, the page served from the bundle over app://,
 * and the station core in a utility process (core-launcher.ts) under the same supervisor as
 * browser mode, reached by the page through a MessagePort (station-port.ts).
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as electron from 'electron';
import { resolveDataDir } from '../core/paths.ts';
import { CoreSupervisor } from '../host/core-supervisor.ts';
import { resolveBundlePath } from './bundle-path.ts';
import { cliArguments } from './cli-mode.ts';
import { utilityCore } from './core-launcher.ts';
import { KeychainUnavailable, loadKeyEncryptionKey } from './key-encryption-key.ts';
import { serveMenu, systemLanguage } from './menu.ts';
import { serveOpenLogs } from './open-logs.ts';
import { CONTENT_SECURITY_POLICY, HOST, startShell } from './shell.ts';
import { servePagePorts } from './station-port.ts';

// Bundled layout (dev and packaged alike): dist/electron/{main.mjs,preload.cjs}, dist/renderer/.
const here = import.meta.dirname;
const RENDERER_ROOT = path.join(here, '..', 'renderer');
const PRELOAD = path.join(here, 'preload.cjs');
const CORE = path.join(here, 'core-process.mjs');

async function serveBundle(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const file = url.host === HOST ? resolveBundlePath(RENDERER_ROOT, url.pathname) : undefined;
  // Files only: fetching a folder over file: would answer with a directory listing.
  const isFile =
    file !== undefined &&
    (await stat(file).then(
      (s) => s.isFile(),
      () => false,
    ));
  if (file === undefined || !isFile) return new Response('Not found', { status: 404 });
  try {
    // net.fetch on file: reads inside app.asar and sets Content-Type from the extension.
    const found = await electron.net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(found.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(found.body, { status: found.status, headers });
  } catch {
    return new Response('Not found', { status: 404 });
  }
}

let core: CoreSupervisor | undefined;

/**
 * The core's key-encryption key, unwrapped with the system keychain (key-encryption-key.ts).
 * Without a usable keychain the desk still runs, as browser mode does: a supervisor types
 * the passphrase at every start. The log says why.
 */
function hostKey(): { hostKey?: Buffer } {
  try {
    return {
      hostKey: loadKeyEncryptionKey(
        path.join(electron.app.getPath('userData'), 'station-kek.bin'),
        electron.safeStorage,
        process.platform,
        (message) => console.error(message),
      ),
    };
  } catch (error) {
    // Any failure here (no keyring, a user-data folder it cannot write) costs the convenience
    // only: the desk starts, and asks for the passphrase as browser mode does.
    const why =
      error instanceof KeychainUnavailable
        ? error.message
        : `The station key cannot be remembered on this computer: ${String(error)}.`;
    console.error(`${why} Until then the station's passphrase is asked at every start.`);
    return {};
  }
}

function startDesk(): void {
  startShell(electron, {
    preload: PRELOAD,
    serve: serveBundle,
    platform: process.platform,
    report: (error) => console.error(error),
    windowStateFile: path.join(electron.app.getPath('userData'), 'window-state.json'),
    whenReady: () => {
      // utilityProcess.fork and safeStorage need the app ready; the page asks for its port once it loads.
      core = new CoreSupervisor({
        entry: CORE,
        launch: utilityCore(electron.utilityProcess),
        ...hostKey(),
      });
      servePagePorts(electron, core);
      // The folder the core logs to (electron/core/log): the station's data folder's logs/.
      const logs = path.join(resolveDataDir(), 'logs');
      serveOpenLogs(electron, logs);
      serveMenu(electron, systemLanguage(electron.app.getLocale()), {
        openLogs: () => void electron.shell.openPath(logs),
        platform: process.platform,
      });
    },
  });

  // Quitting waits for the core to close the station (at most the supervisor's 5 s).
  let stopped = false;
  electron.app.on('will-quit', (event) => {
    if (stopped || !core) return;
    event.preventDefault();
    void core.stop().finally(() => {
      stopped = true;
      electron.app.quit();
    });
  });
}

const command = cliArguments(process.argv, process.defaultApp === true);
if (command) {
  // The CLI, loaded only for a command: opening the desk does not pay for it.
  void import('../cli/main.ts')
    .then(({ main }) => main(command))
    .then(
      (code) => electron.app.exit(code),
      (error: unknown) => {
        console.error(error);
        electron.app.exit(1);
      },
    );
} else {
  startDesk();
}
