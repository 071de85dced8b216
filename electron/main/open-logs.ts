/**
 * Opens the station's log folder when the app's page asks (its core was given up on, and the
 * log says why). The page names no path: main opens the one folder, and only for a message
 * from the app page's main frame (fromAppPage).
 */
import type { Shell } from 'electron';
import { OPEN_LOGS_CHANNEL } from '../preload/channels.ts';
import { type ConnectRequest, fromAppPage } from './station-port.ts';

export interface LogsElectron {
  ipcMain: { on(channel: string, listener: (event: Pick<ConnectRequest, 'senderFrame'>) => void): unknown };
  shell: Pick<Shell, 'openPath'>;
}

export function serveOpenLogs(electron: LogsElectron, logsFolder: string): void {
  electron.ipcMain.on(OPEN_LOGS_CHANNEL, (event) => {
    if (!fromAppPage(event.senderFrame)) return;
    // A folder that cannot be opened (no file manager) leaves the page's words, which say where it is.
    void electron.shell.openPath(logsFolder);
  });
}
