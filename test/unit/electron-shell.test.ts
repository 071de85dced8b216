/**
 * The desktop shell's settings and behaviour (electron/main/shell.ts), with Electron's API
 * faked at the module boundary: Electron's binary cannot run here. The fake records what the
 * shell asks of Electron and lets the test play Electron's events; it is typed against
 * Electron's own definitions (ShellElectron), so a renamed option or method fails to compile.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserWindowConstructorOptions, CustomScheme, Display, Rectangle } from 'electron';
import { describe, expect, it } from 'vitest';
import { ENTRY_URL, type ShellElectron, type ShellWindow, startShell } from '../../electron/main/shell.ts';
import { tempDir } from '../support/station.ts';

type Listener = (...args: never[]) => unknown;

class Emitter {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  emit(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as (...all: unknown[]) => unknown)(...args);
  }
}

class FakeApp extends Emitter {
  readonly calls: string[] = [];
  constructor(
    private readonly lock: boolean,
    private readonly ready: Promise<void>,
  ) {
    super();
  }
  requestSingleInstanceLock(): boolean {
    this.calls.push('requestSingleInstanceLock');
    return this.lock;
  }
  whenReady(): Promise<void> {
    this.calls.push('whenReady');
    return this.ready;
  }
  enableSandbox(): void {
    this.calls.push('enableSandbox');
  }
  getVersion(): string {
    return '1.2.3';
  }
  quit(): void {
    this.calls.push('quit');
  }
  exit(code?: number): void {
    this.calls.push(`exit ${code}`);
  }
}

class FakeWindow implements ShellWindow {
  static made: FakeWindow[] = [];
  readonly calls: string[] = [];
  readonly closeListeners: (() => void)[] = [];
  minimized = false;
  maximized = false;
  bounds = { x: 40, y: 30, width: 1100, height: 700 };
  constructor(readonly options: BrowserWindowConstructorOptions) {
    FakeWindow.made.push(this);
  }
  static getAllWindows(): FakeWindow[] {
    return FakeWindow.made;
  }
  async loadURL(url: string): Promise<void> {
    this.calls.push(`loadURL ${url}`);
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.calls.push('restore');
  }
  show(): void {
    this.calls.push('show');
  }
  focus(): void {
    this.calls.push('focus');
  }
  getNormalBounds() {
    return this.bounds;
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  maximize(): void {
    this.calls.push('maximize');
  }
  on(_event: 'close', listener: () => void): this {
    this.closeListeners.push(listener);
    return this;
  }
}

interface Seen {
  schemes: CustomScheme[];
  handled: string[];
  permission?: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void;
  check?: () => boolean;
  device?: () => boolean;
}

const SCREEN = { workArea: { x: 0, y: 0, width: 1920, height: 1050 } };

function fakeElectron(options: { lock?: boolean; ready?: Promise<void>; screens?: { workArea: Rectangle }[] } = {}) {
  FakeWindow.made = [];
  const app = new FakeApp(options.lock ?? true, options.ready ?? Promise.resolve());
  const seen: Seen = { schemes: [], handled: [] };
  const electron: ShellElectron = {
    app,
    BrowserWindow: FakeWindow,
    screen: { getAllDisplays: () => (options.screens ?? [SCREEN]) as Display[] },
    protocol: {
      registerSchemesAsPrivileged: (schemes) => {
        seen.schemes.push(...schemes);
      },
      handle: (scheme) => {
        seen.handled.push(scheme);
      },
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (handler) => {
          seen.permission = handler as Seen['permission'];
        },
        setPermissionCheckHandler: (handler) => {
          seen.check = handler as Seen['check'];
        },
        setDevicePermissionHandler: (handler) => {
          seen.device = handler as Seen['device'];
        },
      },
    },
  };
  return { app, seen, electron };
}

const serve = async () => new Response('');

async function started(
  electron: ShellElectron,
  platform: NodeJS.Platform = 'linux',
  reported: unknown[] = [],
  windowStateFile = join(tempDir('badge-window-'), 'window-state.json'),
) {
  await startShell(electron, {
    preload: '/app/dist/electron/preload.cjs',
    serve,
    platform,
    report: (e) => reported.push(e),
    windowStateFile,
  }).started;
}

describe('the desktop shell (Electron faked at the module boundary)', () => {
  it('opens one window on app://station/: sandboxed, isolated, no Node, the bundled preload, and every renderer sandboxed', async () => {
    const { app, seen, electron } = fakeElectron();
    await started(electron);
    expect(app.calls).toContain('enableSandbox');
    expect(seen.schemes).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
    ]);
    expect(seen.handled).toEqual(['app']);
    expect(FakeWindow.made).toHaveLength(1);
    const [window] = FakeWindow.made;
    expect(window?.calls).toEqual([`loadURL ${ENTRY_URL}`]);
    expect(ENTRY_URL).toBe('app://station/');
    expect(window?.options.webPreferences).toMatchObject({
      preload: '/app/dist/electron/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      additionalArguments: ['--badge-station-version=1.2.3'],
    });
  });

  it('refuses, in every web contents the app makes, to navigate, redirect, attach a webview or open a window', async () => {
    const { app, electron } = fakeElectron();
    await started(electron);
    const contents = new Emitter() as Emitter & { openHandler?: () => unknown };
    const withHandler = Object.assign(contents, {
      setWindowOpenHandler(handler: () => unknown) {
        contents.openHandler = handler;
      },
    });
    app.emit('web-contents-created', { preventDefault() {} }, withHandler);
    for (const attempt of ['will-navigate', 'will-redirect', 'will-attach-webview', 'will-frame-navigate']) {
      let prevented = false;
      contents.emit(attempt, {
        preventDefault: () => {
          prevented = true;
        },
      });
      expect(prevented, attempt).toBe(true);
    }
    expect(contents.openHandler?.()).toEqual({ action: 'deny' });
  });

  it('denies every permission the page asks for or is checked for, and every device', async () => {
    const { seen, electron } = fakeElectron();
    await started(electron);
    for (const permission of ['media', 'geolocation', 'notifications', 'hid', 'serial', 'clipboard-read']) {
      let granted: boolean | undefined;
      seen.permission?.({}, permission, (answer) => {
        granted = answer;
      });
      expect(granted, permission).toBe(false);
    }
    expect(seen.check?.()).toBe(false);
    expect(seen.device?.()).toBe(false);
  });

  it('a second launch brings the first window to the front (restored if minimised) and opens nothing of its own', async () => {
    const first = fakeElectron();
    await started(first.electron);
    const [window] = FakeWindow.made;
    if (!window) throw new Error('no window');
    window.minimized = true;
    first.app.emit('second-instance', {}, ['badge-station'], '/');
    expect(window.calls.slice(1)).toEqual(['restore', 'show', 'focus']);
    expect(FakeWindow.made).toHaveLength(1);

    // The second launch itself: no lock, so it quits before any window, scheme or core.
    const second = fakeElectron({ lock: false });
    await started(second.electron);
    expect(second.app.calls).toEqual(['requestSingleInstanceLock', 'quit']);
    expect(FakeWindow.made).toHaveLength(0);
    expect(second.seen.schemes).toEqual([]);
  });

  it('quits when its last window closes, except on macOS where an app stays open until quit', async () => {
    for (const [platform, quits] of [
      ['linux', true],
      ['win32', true],
      ['darwin', false],
    ] as const) {
      const { app, electron } = fakeElectron();
      await started(electron, platform);
      app.emit('window-all-closed');
      expect(app.calls.includes('quit'), platform).toBe(quits);
    }
  });

  it('a failure before the window opens is reported and the app exits with 1, not left running without a window', async () => {
    const failure = new Error('the GPU process could not start');
    const { app, electron } = fakeElectron({ ready: Promise.reject(failure) });
    const reported: unknown[] = [];
    await started(electron, 'linux', reported);
    expect(reported).toEqual([failure]);
    expect(app.calls).toContain('exit 1');
    expect(FakeWindow.made).toHaveLength(0);
  });

  it('opens the window where it was closed, maximised if it was; a place on a screen no longer attached, or a spoiled file, gives the default', async () => {
    const file = join(tempDir('badge-window-'), 'window-state.json');
    const first = fakeElectron();
    await started(first.electron, 'linux', [], file);
    const [closed] = FakeWindow.made;
    if (!closed) throw new Error('no window');
    expect(closed.options).toMatchObject({ width: 1280, height: 800 });
    expect(closed.options.x).toBeUndefined();
    closed.bounds = { x: 200, y: 120, width: 1000, height: 720 };
    closed.maximized = true;
    for (const listener of closed.closeListeners) listener();

    const again = fakeElectron();
    await started(again.electron, 'linux', [], file);
    expect(FakeWindow.made[0]?.options).toMatchObject({ x: 200, y: 120, width: 1000, height: 720 });
    expect(FakeWindow.made[0]?.calls).toContain('maximize');

    // The second monitor it was on is gone: the default size, where the system puts it.
    writeFileSync(file, JSON.stringify({ x: 2500, y: 100, width: 1000, height: 700, maximized: false }));
    const elsewhere = fakeElectron();
    await started(elsewhere.electron, 'linux', [], file);
    expect(FakeWindow.made[0]?.options).toMatchObject({ width: 1280, height: 800 });
    expect(FakeWindow.made[0]?.options.x).toBeUndefined();

    for (const spoiled of [
      '{"x": 1',
      JSON.stringify({ x: 'left', y: 0, width: 1000, height: 700 }),
      JSON.stringify({ x: 0, y: 0, width: 10, height: 10 }),
    ]) {
      writeFileSync(file, spoiled);
      const fresh = fakeElectron();
      await started(fresh.electron, 'linux', [], file);
      expect(FakeWindow.made[0]?.options, spoiled).toMatchObject({ width: 1280, height: 800 });
      expect(FakeWindow.made[0]?.calls).not.toContain('maximize');
    }
  });
});
