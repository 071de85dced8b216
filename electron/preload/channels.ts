/** The two IPC messages between the preload and main: the page asks for its port, main sends it. */
export const CONNECT_CHANNEL = 'station:connect';
export const PORT_CHANNEL = 'station:port';
