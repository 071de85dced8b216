/**
 * The desk page's line to the station core in browser mode: a WebSocket at /rpc on the
 * page's own loopback server, carrying the RPC contract.
 *
 * Only the page this launch served may use it: the connection must name loopback as its
 * Host and the page's own origin as its Origin (a web page elsewhere, or a DNS name
 * rebound to 127.0.0.1, names another), and carry this launch's random token. Anything
 * else is refused before the socket opens, with an HTTP status that says why; a message
 * over 1 MB closes that socket (1009) and no other.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { MAX_MESSAGE_BYTES } from '../core/rpc/contract/index.ts';
import type { CoreLink } from './core-supervisor.ts';

export const RPC_PATH = '/rpc';

export interface DeskSocket {
  /**
   * This launch's token. The page gets it in its address after #, which no request carries;
   * the page then sends it in the socket's URL to this loopback server only.
   */
  token: string;
  close(): Promise<void>;
}

/** `core`: the RPC server itself, or the supervisor of the core's own process. */
export function attachDeskSocket(server: Server, core: CoreLink, options: { token?: string } = {}): DeskSocket {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  sockets.on('connection', (socket) => {
    const connection = core.connect((frame) => socket.send(frame));
    socket.on('message', (data, isBinary) => void connection.receive(isBinary ? new Uint8Array(data as Buffer) : String(data)));
    socket.on('close', () => connection.close());
    socket.on('error', () => connection.close());
  });
  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://placeholder');
    if (url.pathname !== RPC_PATH) return; // Vite's own socket (hot reload) and others.
    const refusal = refuse(request, url, token, server);
    if (refusal) {
      socket.end(`HTTP/1.1 ${refusal}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit('connection', ws, request));
  };
  server.on('upgrade', onUpgrade);
  return {
    token,
    close: () =>
      new Promise((resolve) => {
        server.off('upgrade', onUpgrade);
        for (const client of sockets.clients) client.terminate();
        sockets.close(() => resolve());
      }),
  };
}

/** Why a connection is refused (an HTTP status line), or undefined when it is the page's own. */
function refuse(request: IncomingMessage, url: URL, token: string, server: Server): string | undefined {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const hosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  if (!hosts.includes(request.headers.host ?? '')) return '421 Misdirected Request';
  const origin = request.headers.origin;
  if (origin === undefined || !hosts.some((host) => origin === `http://${host}`)) return '403 Forbidden';
  const given = Buffer.from(url.searchParams.get('token') ?? '');
  const expected = Buffer.from(token);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return '401 Unauthorized';
  return undefined;
}
