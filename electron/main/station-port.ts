/**
 * The page's connection to the station core in the desktop app: when the preload asks
 * (CONNECT_CHANNEL), main makes a MessageChannel, hands one port to that page and carries
 * the other's frames to the core's supervisor, as the desk socket does in browser mode.
 *
 * Only the app's own page gets one: an IPC message is answered only when it comes from the
 * main frame of a page loaded from app://station/ (security checklist 17: every IPC sender
 * checked). A frame from anywhere else is ignored, and no connection to the core is made.
 */
import type { MessagePortMain, WebContents, WebFrameMain } from 'electron';
import type { CoreLink } from '../host/core-supervisor.ts';
import { CONNECT_CHANNEL, PORT_CHANNEL } from '../preload/channels.ts';
import { ENTRY_URL } from './shell.ts';

/** Main's end of a page's channel, as the port server uses it. */
export type MainPort = Pick<MessagePortMain, 'postMessage' | 'start' | 'close'> & PortEvents;

/** MessagePortMain's `on` returns the port itself: the two events used are listed, not picked. */
interface PortEvents {
  on(event: 'message', listener: (message: { data: unknown }) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
}

export interface ConnectRequest {
  readonly senderFrame: Pick<WebFrameMain, 'url' | 'parent'> | null;
  readonly sender: Pick<WebContents, 'postMessage'>;
}

/** What the port server uses of the `electron` module (the real module is one). */
export interface PortElectron {
  ipcMain: { on(channel: string, listener: (event: ConnectRequest) => void): unknown };
  MessageChannelMain: new () => { port1: MainPort; port2: MessagePortMain };
}

/** Whether an IPC message comes from the app's own page, in its main frame. */
export function fromAppPage(frame: ConnectRequest['senderFrame']): boolean {
  return frame !== null && frame.parent === null && frame.url.startsWith(ENTRY_URL);
}

export function servePagePorts(electron: PortElectron, core: CoreLink): void {
  electron.ipcMain.on(CONNECT_CHANNEL, (event) => {
    if (!fromAppPage(event.senderFrame)) return;
    const { port1, port2 } = new electron.MessageChannelMain();
    const connection = core.connect((frame) => port1.postMessage(frame));
    port1.on('message', ({ data }) => {
      // Frames are strings; anything else is not the page's client speaking.
      if (typeof data === 'string') void connection.receive(data);
    });
    // The page reloaded or closed: its calls and subscriptions end with it.
    port1.on('close', () => connection.close());
    port1.start();
    event.sender.postMessage(PORT_CHANNEL, null, [port2]);
  });
}
