import { stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, net, protocol, session } from 'electron';
import { resolveBundlePath } from './bundle-path.ts';

// The renderer is served from app://station/ instead of file:// (security checklist 18).
const SCHEME = 'app';
const HOST = 'station';
const ENTRY_URL = `${SCHEME}://${HOST}/`;

// Bundled layout (dev and packaged alike): dist/electron/{main.mjs,preload.cjs}, dist/renderer/.
const here = import.meta.dirname;
const RENDERER_ROOT = path.join(here, '..', 'renderer');
const PRELOAD = path.join(here, 'preload.cjs');

// Same policy as renderer/index.html's meta tag, plus what only a header can say. img-src
// data: is for card previews (SVG the core drew, shown as <img>, where no script runs).
const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

// Must happen before 'ready'. standard: real origin and relative URLs; secure: counts as a
// secure context; supportFetchAPI: the renderer may fetch its own assets.
protocol.registerSchemesAsPrivileged([
  { scheme: SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
]);

// Every renderer sandboxed, including any created by accident later.
app.enableSandbox();

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
    const found = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(found.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(found.body, { status: found.status, headers });
  } catch {
    return new Response('Not found', { status: 404 });
  }
}

// Applies to every web contents the app ever makes, not just the main window.
app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    title: 'Badge Station',
    webPreferences: {
      preload: PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      additionalArguments: [`--badge-station-version=${app.getVersion()}`],
    },
  });
  void window.loadURL(ENTRY_URL);
  return window;
}

function onReady(): void {
  protocol.handle(SCHEME, serveBundle);
  // Nothing the station needs asks the browser for a permission: devices go through the core.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  session.defaultSession.setDevicePermissionHandler(() => false);
  // The station core's utility process and its MessagePort to the renderer come in a later issue.
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
}

app
  .whenReady()
  .then(onReady)
  .catch((error: unknown) => {
    console.error(error);
    app.exit(1);
  });

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
