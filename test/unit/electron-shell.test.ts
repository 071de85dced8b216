/**
 * The desktop shell's settings and behaviour (electron/main/shell.ts), with Electron's API
 * faked at the module boundary: Electron's binary cannot run here. The fake records what the
 * shell asks of Electron and lets the test play Electron's events; it is typed against
 * Electron's own definitions (ShellElectron), so a renamed option or method fails to compile.
 */
import type { BrowserWindowConstructorOptions, CustomScheme } from 'electron';
import { describe, expect, it } from 'vitest';
import { ENTRY_URL, type ShellElectron, type ShellWindow, startShell } from '../../electron/main/shell.ts';

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
  minimized = false;
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
}

interface Seen {
  schemes: CustomScheme[];
  handled: string[];
  permission?: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void;
  check?: () => boolean;
  device?: () => boolean;
}

function fakeElectron(options: { lock?: boolean; ready?: Promise<void> } = {}) {
  FakeWindow.made = [];
  const app = new FakeApp(options.lock ?? true, options.ready ?? Promise.resolve());
  const seen: Seen = { schemes: [], handled: [] };
  const electron: ShellElectron = {
    app,
    BrowserWindow: FakeWindow,
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

async function started(electron: ShellElectron, platform: NodeJS.Platform = 'linux', reported: unknown[] = []) {
  await startShell(electron, { preload: '/app/dist/electron/preload.cjs', serve, platform, report: (e) => reported.push(e) })
    .started;
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
});
