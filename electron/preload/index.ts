/**
 * The page's whole view of Electron: one frozen `station` object with the app's version, a
 * connection to the station core (frames, as strings, over a MessagePort that main hands
 * over: electron/main/station-port.ts), a way to open the log folder and to tell main the
 * page's language (for the menus). No ipcRenderer, no Node, nothing else.
 */
import { contextBridge, type IpcRendererEvent, ipcRenderer } from 'electron';
import { CONNECT_CHANNEL, LANGUAGE_CHANNEL, OPEN_LOGS_CHANNEL, PORT_CHANNEL } from './channels.ts';

// A sandboxed preload cannot read package.json or call app.getVersion(), so main passes the
// version on the renderer's command line (webPreferences.additionalArguments).
const VERSION_FLAG = '--badge-station-version=';
const version = process.argv.find((arg) => arg.startsWith(VERSION_FLAG))?.slice(VERSION_FLAG.length) ?? '';

const listeners = new Set<(frame: string) => void>();
let port: IpcRendererEvent['ports'][number] | undefined;
/** Frames the page sent before its port arrived, sent when it does. */
const early: string[] = [];

ipcRenderer.on(PORT_CHANNEL, (event) => {
  const [given] = event.ports;
  // One port a page: a second (or one sent to a page that did not ask) is not taken.
  if (!given || port) return;
  port = given;
  port.onmessage = (message: { data: unknown }) => {
    if (typeof message.data !== 'string') return;
    for (const listener of listeners) listener(message.data);
  };
  for (const frame of early.splice(0)) port.postMessage(frame);
});
ipcRenderer.send(CONNECT_CHANNEL);

const connection = Object.freeze({
  send(frame: string): void {
    if (typeof frame !== 'string') return;
    if (port) port.postMessage(frame);
    else early.push(frame);
  },
  onFrame(listener: (frame: string) => void): () => void {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  },
});

// Main opens the station's own log folder, whatever the page asks: the page names no path.
const openLogs = () => ipcRenderer.send(OPEN_LOGS_CHANNEL);

// The page's language, for the app's menus (main checks it is one of the two).
const setLanguage = (language: string) => {
  if (typeof language === 'string') ipcRenderer.send(LANGUAGE_CHANNEL, language);
};

contextBridge.exposeInMainWorld('station', Object.freeze({ version, connection, openLogs, setLanguage }));
