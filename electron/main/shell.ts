/**
 * The desktop shell's settings and behaviour: one instance, the page from app://, and
 * Electron's security checklist. Written against the few parts of Electron's API it uses,
 * each typed from Electron's own definitions (Pick<...> of electron.d.ts), so that main
 * passes the real module and the unit test (test/unit/electron-shell.test.ts) a recording
 * fake: a renamed option or method fails to compile in both.
 */
import type {
  App,
  BrowserWindow,
  BrowserWindowConstructorOptions,
  Event,
  Protocol,
  Screen,
  Session,
  WebContents,
} from 'electron';
import { readWindowState, savedPlace, writeWindowState } from './window-state.ts';

// The renderer is served from app://station/ instead of file:// (security checklist 18).
export const SCHEME = 'app';
export const HOST = 'station';
export const ENTRY_URL = `${SCHEME}://${HOST}/`;

// Same policy as renderer/index.html's meta tag, plus what only a header can say. img-src
// data: is for card previews (SVG the core drew, shown as <img>, where no script runs).
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export type ShellWindow = Pick<
  BrowserWindow,
  'loadURL' | 'isMinimized' | 'restore' | 'show' | 'focus' | 'getNormalBounds' | 'isMaximized' | 'maximize'
> & {
  /** BrowserWindow's `on` returns the window itself: the one event used is listed, not picked. */
  on(event: 'close', listener: () => void): unknown;
};

/**
 * The app's events the shell listens to. Listed here, not picked, because App's `on`
 * returns App itself; the real app is still checked against them where main passes it.
 */
interface ShellAppEvents {
  on(event: 'second-instance' | 'window-all-closed' | 'activate', listener: () => void): unknown;
  on(event: 'web-contents-created', listener: (event: Event, contents: WebContents) => void): unknown;
}

/** What the shell uses of the `electron` module (the real module is one). */
export interface ShellElectron {
  app: Pick<App, 'requestSingleInstanceLock' | 'whenReady' | 'enableSandbox' | 'getVersion' | 'quit' | 'exit'> & ShellAppEvents;
  BrowserWindow: {
    new (options: BrowserWindowConstructorOptions): ShellWindow;
    getAllWindows(): ShellWindow[];
  };
  protocol: Pick<Protocol, 'registerSchemesAsPrivileged' | 'handle'>;
  screen: Pick<Screen, 'getAllDisplays'>;
  session: {
    defaultSession: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'>;
  };
}

export interface ShellOptions {
  /** The bundled preload script (dist/electron/preload.cjs). */
  preload: string;
  /** Serves an app:// request from the bundled page (main/index.ts). */
  serve(request: Request): Promise<Response>;
  /** The platform, for the macOS habit of staying open with no window. */
  platform: NodeJS.Platform;
  /** Where a failure to start is told (main: the console, which the logs keep). */
  report(error: unknown): void;
  /** Where the window's size and place are kept between runs (main: the user-data folder). */
  windowStateFile: string;
  /** Run once Electron is ready, before the window opens (main: the station core and the page's port). */
  whenReady?(): void;
}

/** The window's settings: every item of Electron's security checklist that a window has. */
export function windowOptions(preload: string, version: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 800,
    minWidth: 800,
    minHeight: 600,
    title: 'Badge Station',
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // A sandboxed preload cannot call app.getVersion(): main passes it on the command line.
      additionalArguments: [`--badge-station-version=${version}`],
    },
  };
}

/**
 * Applies to every web contents the app ever makes, not only the main window: the page
 * never leaves app://station/, opens no window and attaches no webview (checklist 13-15).
 * A dropped file is read by the page's own drop handler; the window never navigates to it.
 */
export function lockDown(contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>): void {
  const refuse = (event: Event) => event.preventDefault();
  contents.on('will-navigate', refuse);
  contents.on('will-redirect', refuse);
  contents.on('will-attach-webview', refuse);
  contents.on('will-frame-navigate', refuse);
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/**
 * Starts the shell. A second launch of the app (a double click on its icon while it runs)
 * hands over to the first: that one's window comes to the front, and the second quits
 * without opening a window or a second core on the same station.
 */
export function startShell(electron: ShellElectron, options: ShellOptions): { started: Promise<void> } {
  const { app, BrowserWindow, protocol, session } = electron;
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return { started: Promise.resolve() };
  }

  // Before 'ready'. standard: a real origin and relative URLs; secure: a secure context;
  // supportFetchAPI: the page may fetch its own assets.
  protocol.registerSchemesAsPrivileged([
    { scheme: SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
  // Every renderer sandboxed, including any created by accident later.
  app.enableSandbox();

  let main: ShellWindow | undefined;
  const createWindow = () => {
    const state = readWindowState(options.windowStateFile);
    const window = new BrowserWindow({
      ...windowOptions(options.preload, app.getVersion()),
      ...savedPlace(state, electron.screen.getAllDisplays()),
    });
    if (state?.maximized) window.maximize();
    window.on('close', () =>
      writeWindowState(options.windowStateFile, { ...window.getNormalBounds(), maximized: window.isMaximized() }),
    );
    void window.loadURL(ENTRY_URL);
    main = window;
    return window;
  };

  app.on('second-instance', () => {
    if (!main) return;
    if (main.isMinimized()) main.restore();
    main.show();
    main.focus();
  });
  app.on('web-contents-created', (_event, contents) => lockDown(contents));
  app.on('window-all-closed', () => {
    if (options.platform !== 'darwin') app.quit();
  });

  const started = app
    .whenReady()
    .then(() => {
      protocol.handle(SCHEME, options.serve);
      // Nothing the station needs asks the browser for a permission: devices go through the core.
      session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
      session.defaultSession.setPermissionCheckHandler(() => false);
      session.defaultSession.setDevicePermissionHandler(() => false);
      options.whenReady?.();
      createWindow();
      app.on('activate', () => {
        if (BrowserWindow.getAllWindows().length === 0) createWindow();
      });
    })
    .catch((error: unknown) => {
      options.report(error);
      app.exit(1);
    });
  return { started };
}
