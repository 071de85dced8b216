/**
 * The desk page's line to the core in browser mode: the RPC contract over a WebSocket on
 * loopback, refused to anyone but the page this launch served, and every bad message
 * answered with its code while the host goes on serving.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { addDemoUsers, DEMO_USERS } from '../../electron/core/demo/index.ts';
import { METHODS, ROLES } from '../../electron/core/rpc/contract/index.ts';
import { stationHandlers } from '../../electron/core/rpc/handlers/index.ts';
import { RpcServer } from '../../electron/core/rpc/server.ts';
import { initStation } from '../../electron/core/station/index.ts';
import { attachDeskSocket, type DeskSocket } from '../../electron/host/desk-socket.ts';
import { openWithPassphrase } from '../support/desk-session.ts';
import { testKek } from '../support/passphrase.ts';

let http: Server;
let desk: DeskSocket;
let port: number;
let station: ReturnType<typeof stationHandlers>;

let folder: string;

beforeAll(async () => {
  // Lives for the whole file (tempDir() folders go after each test).
  folder = mkdtempSync(join(tmpdir(), 'badge-desk-'));
  const dataDir = join(folder, 'station');
  const made = initStation(dataDir, '7', 'system:test', testKek());
  await addDemoUsers(made, 'system:test');
  made.close();
  station = stationHandlers(dataDir);
  http = createServer((_request, response) => response.end('page'));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  port = (http.address() as { port: number }).port;
  const server = new RpcServer(station.handlers, { gate: station.gate });
  // Opened with its passphrase, as the page's Open-station screen does.
  await openWithPassphrase(server);
  desk = attachDeskSocket(http, server);
});

afterAll(async () => {
  await desk?.close();
  await new Promise((resolve) => http?.close(resolve));
  station?.close();
  rmSync(folder, { recursive: true, force: true });
});

interface Opened {
  ws: WebSocket;
  next(): Promise<Record<string, unknown>>;
}

function open(options: { token?: string; origin?: string; host?: string } = {}): Promise<Opened> {
  const token = options.token ?? desk.token;
  const ws = new WebSocket(`ws://127.0.0.1:${port}/rpc?token=${encodeURIComponent(token)}`, {
    origin: options.origin ?? `http://127.0.0.1:${port}`,
    ...(options.host ? { headers: { host: options.host } } : {}),
  });
  const inbox: Record<string, unknown>[] = [];
  const waiters: ((frame: Record<string, unknown>) => void)[] = [];
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data)) as Record<string, unknown>;
    const waiter = waiters.shift();
    if (waiter) waiter(frame);
    else inbox.push(frame);
  });
  return new Promise((resolve, reject) => {
    ws.once('open', () =>
      resolve({
        ws,
        next: () => {
          const queued = inbox.shift();
          return queued ? Promise.resolve(queued) : new Promise((r) => waiters.push(r));
        },
      }),
    );
    ws.once('unexpected-response', (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)));
    ws.once('error', reject);
  });
}

describe('the RPC contract', () => {
  it('declares for every method who may call it', () => {
    for (const [name, spec] of Object.entries(METHODS)) {
      expect(spec.roles.length, `${name} declares no roles`).toBeGreaterThan(0);
      for (const role of spec.roles) expect(ROLES, `${name}: ${role}`).toContain(role);
    }
  });
});

describe('the station over the desk socket', () => {
  it("answers the page this launch served: the station's number and ledger head", async () => {
    const { ws, next } = await open();
    ws.send(JSON.stringify({ kind: 'call', id: 1, method: 'station.status', params: {} }));
    expect(await next()).toMatchObject({
      kind: 'result',
      id: 1,
      // Its first event, and the four demo users added.
      result: { initialised: true, station: '007', ledgerHead: 5, holders: 0 },
    });
    ws.close();
  });

  it('answers each bad message with its code, and goes on serving the same page', async () => {
    const { ws, next } = await open();
    // Before anyone signs in, the gate answers first: nothing of the method's params is told.
    ws.send(JSON.stringify({ kind: 'call', id: 1, method: 'roster.search', params: { query: 42 } }));
    expect(await next()).toMatchObject({ kind: 'error', id: 1, error: { code: 'NOT_SIGNED_IN' } });
    const operator = DEMO_USERS.find((user) => user.role === 'operator');
    ws.send(
      JSON.stringify({
        kind: 'call',
        id: 9,
        method: 'session.signIn',
        params: { name: operator?.name, secret: operator?.secret },
      }),
    );
    expect(await next()).toMatchObject({ kind: 'result', id: 9, result: { session: { user: { role: 'operator' } } } });
    ws.send('{not json');
    expect(await next()).toMatchObject({ kind: 'error', error: { code: 'BAD_MESSAGE' } });
    ws.send(JSON.stringify({ kind: 'call', id: 2, method: 'station.format', params: {} }));
    expect(await next()).toMatchObject({ kind: 'error', id: 2, error: { code: 'UNKNOWN_METHOD' } });
    ws.send(JSON.stringify({ kind: 'call', id: 3, method: 'roster.search', params: { query: 42 } }));
    expect(await next()).toMatchObject({
      kind: 'error',
      id: 3,
      error: { code: 'BAD_PARAMS', message: expect.stringContaining('query') },
    });
    ws.send(JSON.stringify({ kind: 'subscribe', topic: 'weather' }));
    expect(await next()).toMatchObject({ kind: 'error', error: { code: 'UNKNOWN_TOPIC' } });
    ws.send(JSON.stringify({ kind: 'call', id: 4, method: 'roster.search', params: { query: 'ouyang' } }));
    expect(await next()).toMatchObject({ kind: 'result', id: 4, result: { holders: [] } });
    ws.close();
  });

  it('closes a socket that sends over 1 MB (1009), and serves the next one', async () => {
    const { ws } = await open();
    const closed = new Promise<number>((resolve) => ws.once('close', resolve));
    ws.send(JSON.stringify({ kind: 'call', id: 5, method: 'roster.search', params: { query: 'x'.repeat(1024 * 1024) } }));
    expect(await closed).toBe(1009);
    const again = await open();
    again.ws.send(JSON.stringify({ kind: 'call', id: 6, method: 'station.status', params: {} }));
    expect(await again.next()).toMatchObject({ kind: 'result', id: 6 });
    again.ws.close();
  });

  it('refuses a missing or wrong token, another origin and another host name (DNS rebinding) before the socket opens', async () => {
    await expect(open({ token: '' })).rejects.toThrow('HTTP 401');
    const last = desk.token.endsWith('x') ? 'y' : 'x';
    await expect(open({ token: `${desk.token.slice(0, -1)}${last}` })).rejects.toThrow('HTTP 401');
    await expect(open({ origin: '' })).rejects.toThrow('HTTP 403');
    await expect(open({ origin: 'https://evil.example' })).rejects.toThrow('HTTP 403');
    await expect(open({ host: `rebound.example:${port}` })).rejects.toThrow('HTTP 421');
    const still = await open();
    still.ws.close();
  });
});
