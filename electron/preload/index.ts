import { contextBridge } from 'electron';

// A sandboxed preload cannot read package.json or call app.getVersion(), so main passes the
// version on the renderer's command line (webPreferences.additionalArguments).
const VERSION_FLAG = '--badge-station-version=';
const version = process.argv.find((arg) => arg.startsWith(VERSION_FLAG))?.slice(VERSION_FLAG.length) ?? '';

// The renderer's whole view of Electron: plain data, frozen, no ipcRenderer. The typed RPC
// port is added with the utility-process issue.
contextBridge.exposeInMainWorld('station', Object.freeze({ version }));
