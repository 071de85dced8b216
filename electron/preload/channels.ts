/** The two IPC messages between the preload and main: the page asks for its port, main sends it. */
export const CONNECT_CHANNEL = 'station:connect';
export const PORT_CHANNEL = 'station:port';
/** The page asks main to open the station's log folder (after the core was given up on). */
export const OPEN_LOGS_CHANNEL = 'station:open-logs';
/** The page's language changed: main shows its menus in it. */
export const LANGUAGE_CHANNEL = 'station:language';
