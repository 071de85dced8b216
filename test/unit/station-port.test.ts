/**
 * The desktop app's page-to-core port (electron/main/station-port.ts) with Electron's ipcMain
 * and MessageChannelMain faked, typed from Electron's own definitions (PortElectron): the
 * app's page gets a port whose frames reach the core, and IPC from any other frame is refused.
 */
import type { MessagePortMain } from 'electron';
import { describe, expect, it } from 'vitest';
import type { CoreLink } from '../../electron/host/core-supervisor.ts';
import { type LogsElectron, serveOpenLogs } from '../../electron/main/open-logs.ts';
import { type ConnectRequest, type MainPort, type PortElectron, servePagePorts } from '../../electron/main/station-port.ts';
import { CONNECT_CHANNEL, OPEN_LOGS_CHANNEL, PORT_CHANNEL } from '../../electron/preload/channels.ts';

class FakePort implements MainPort {
  readonly posted: unknown[] = [];
  readonly listeners = new Map<string, ((message: { data: unknown }) => void)[]>();
  started = false;
  postMessage(message: unknown): void {
    this.posted.push(message);
  }
  start(): void {
    this.started = true;
  }
  close(): void {}
  on(event: 'message' | 'close', listener: (message: { data: unknown }) => void): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  emit(event: 'message' | 'close', data?: unknown): void {
    for (const listener of this.listeners.get(event) ?? []) listener({ data });
  }
}

function setUp() {
  const handlers = new Map<string, (event: ConnectRequest) => void>();
  const channels: { port1: FakePort; port2: MessagePortMain }[] = [];
  const electron: PortElectron = {
    ipcMain: {
      on: (channel, listener) => {
        handlers.set(channel, listener);
      },
    },
    MessageChannelMain: class {
      readonly port1 = new FakePort();
      // The page's end is only handed over: an opaque object stands for it.
      readonly port2 = { handedOver: true } as unknown as MessagePortMain;
      constructor() {
        channels.push(this);
      }
    },
  };
  const core = { connected: [] as { send(frame: string): void; received: string[]; closed: boolean }[] };
  const link: CoreLink = {
    connect(send) {
      const connection = { send, received: [] as string[], closed: false };
      core.connected.push(connection);
      return {
        receive: async (message) => {
          connection.received.push(String(message));
        },
        close: () => {
          connection.closed = true;
        },
      };
    },
  };
  servePagePorts(electron, link);
  const ask = (url: string | null, subframe = false) => {
    const sent: { channel: string; message: unknown; transfer?: MessagePortMain[] }[] = [];
    const parent = subframe ? { url: 'app://station/', parent: null } : null;
    const request: ConnectRequest = {
      senderFrame: url === null ? null : ({ url, parent } as ConnectRequest['senderFrame']),
      sender: {
        postMessage: (channel: string, message: unknown, transfer?: MessagePortMain[]) => {
          sent.push({ channel, message, ...(transfer ? { transfer } : {}) });
        },
      },
    };
    handlers.get(CONNECT_CHANNEL)?.(request);
    return sent;
  };
  return { ask, channels, core };
}

describe("the desktop app's port from the page to the station core", () => {
  it('gives the app page a port whose frames reach the core and back, and ends its connection when the page goes', () => {
    const { ask, channels, core } = setUp();
    const sent = ask('app://station/#/roster');
    expect(sent).toEqual([{ channel: PORT_CHANNEL, message: null, transfer: [channels[0]?.port2] }]);
    const port = channels[0]?.port1 as FakePort;
    expect(port.started).toBe(true);
    expect(core.connected).toHaveLength(1);
    const connection = core.connected[0];

    port.emit('message', '{"kind":"call","id":1,"method":"station.status","params":{}}');
    // Anything but a string is not the page's client speaking: not passed on.
    port.emit('message', { kind: 'call' });
    expect(connection?.received).toEqual(['{"kind":"call","id":1,"method":"station.status","params":{}}']);
    connection?.send('{"kind":"result","id":1,"result":{}}');
    expect(port.posted).toEqual(['{"kind":"result","id":1,"result":{}}']);

    port.emit('close');
    expect(connection?.closed).toBe(true);
  });

  it('refuses IPC from any frame but the app page: another origin, a look-alike host, a subframe, no frame', () => {
    const { ask, channels, core } = setUp();
    for (const [url, subframe] of [
      ['https://evil.example/', false],
      ['app://station.evil/', false],
      ['file:///tmp/page.html', false],
      ['app://station/', true],
      [null, false],
    ] as const) {
      expect(ask(url, subframe), `${url}${subframe ? ' (subframe)' : ''}`).toEqual([]);
    }
    expect(channels).toEqual([]);
    expect(core.connected).toEqual([]);
  });
});

describe("the desktop app's log folder, opened for the page", () => {
  it("opens the station's log folder for the app page, and for no other frame", () => {
    const handlers = new Map<string, (event: Pick<ConnectRequest, 'senderFrame'>) => void>();
    const opened: string[] = [];
    const electron: LogsElectron = {
      ipcMain: {
        on: (channel, listener) => {
          handlers.set(channel, listener);
        },
      },
      shell: {
        openPath: async (path) => {
          opened.push(path);
          return '';
        },
      },
    };
    serveOpenLogs(electron, '/data/station/logs');
    const ask = (url: string, subframe = false) =>
      handlers.get(OPEN_LOGS_CHANNEL)?.({
        senderFrame: { url, parent: subframe ? { url: 'app://station/', parent: null } : null } as ConnectRequest['senderFrame'],
      });
    ask('https://evil.example/');
    ask('app://station/', true);
    expect(opened).toEqual([]);
    ask('app://station/');
    expect(opened).toEqual(['/data/station/logs']);
  });
});
