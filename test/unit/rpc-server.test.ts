/**
 * The core's RPC server on its own: what goes wrong inside a handler is answered INTERNAL
 * and written to the log (the page says it is there), and a page that goes away mid-call
 * is neither answered nor logged as a fault.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { StationError } from '../../electron/core/errors.ts';
import { type Gate, type Handlers, RpcServer } from '../../electron/core/rpc/server.ts';

/** station.status is open to a page before anyone signs in: the gate lets it through with no caller. */
const gate: Gate = { admit: () => undefined, hears: () => true };

function capturedLog() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { log: pino({}, sink), lines };
}

const call = (id: number) => JSON.stringify({ kind: 'call', id, method: 'station.status', params: {} });

describe('the RPC server', () => {
  it('answers a handler bug INTERNAL, without its message, and writes it to the log', async () => {
    const { log, lines } = capturedLog();
    const handlers = {
      'station.status': () => {
        throw new Error('cannot read name of 欧阳娜娜');
      },
    } as unknown as Handlers;
    const frames: Record<string, unknown>[] = [];
    const connection = new RpcServer(handlers, { gate, log }).connect((frame) => frames.push(JSON.parse(frame)));
    await connection.receive(call(1));
    expect(frames).toEqual([
      { kind: 'error', id: 1, error: { code: 'INTERNAL', message: expect.stringContaining('It is in the log') } },
    ]);
    expect(JSON.stringify(frames)).not.toContain('欧阳');
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines).toContainEqual(expect.objectContaining({ method: 'station.status', msg: 'rpc call failed unexpectedly' }));
  });

  it('neither answers nor logs a call whose page went away before it finished', async () => {
    const { log, lines } = capturedLog();
    let finish: () => void = () => {};
    const handlers = {
      'station.status': () =>
        new Promise((resolve) => {
          finish = () => resolve({ initialised: false, dataDir: '/x' });
        }),
    } as unknown as Handlers;
    const frames: string[] = [];
    const connection = new RpcServer(handlers, { gate, log }).connect((frame) => frames.push(frame));
    const answered = connection.receive(call(2));
    connection.close();
    finish();
    await answered;
    await new Promise((resolve) => setImmediate(resolve));
    expect(frames).toEqual([]);
    expect(lines).toEqual([]);
  });

  it('asks the gate before it reads the params: a refused caller learns nothing of the method, and its handler never runs', async () => {
    let ran = false;
    const handlers = {
      'roster.search': () => {
        ran = true;
        return { holders: [] };
      },
    } as unknown as Handlers;
    const asked: string[] = [];
    const refusing: Gate = {
      admit: (token, method) => {
        asked.push(`${token}:${method}`);
        throw new StationError('ROLE_REFUSED', 'roster.search is for operators: ask one of them to do it.');
      },
      hears: () => false,
    };
    const frames: Record<string, unknown>[] = [];
    const connection = new RpcServer(handlers, { gate: refusing }).connect((frame) => frames.push(JSON.parse(frame)));
    await connection.receive(JSON.stringify({ kind: 'call', id: 3, method: 'roster.search', params: { query: 42 } }));
    expect(frames).toEqual([
      {
        kind: 'error',
        id: 3,
        error: { code: 'ROLE_REFUSED', message: 'roster.search is for operators: ask one of them to do it.' },
      },
    ]);
    expect(asked).toEqual(['undefined:roster.search']);
    expect(ran).toBe(false);
  });

  it('sends a topic’s events only to the pages whose session may hear them', async () => {
    const hearing = new Set(['token-a']);
    const handlers = {
      'session.resume': ({ token }: { token: string }, call: { session: { set(token: string): void } }) => {
        call.session.set(token);
        return { user: { id: 1, name: 'a', displayName: 'A', role: 'operator' }, locked: false, idleLockMs: 1000 };
      },
    } as unknown as Handlers;
    const server = new RpcServer(handlers, {
      gate: { admit: () => undefined, hears: (token) => token !== undefined && hearing.has(token) },
    });
    const heard = { a: [] as string[], b: [] as string[], nobody: [] as string[] };
    for (const [who, token] of [
      ['a', 'token-a'],
      ['b', 'token-b-long-enough-for-the-schema'],
      ['nobody', undefined],
    ] as const) {
      const connection = server.connect((frame) => heard[who].push(frame));
      if (token)
        await connection.receive(
          JSON.stringify({ kind: 'call', id: 1, method: 'session.resume', params: { token: token.padEnd(20, '-') } }),
        );
      await connection.receive(JSON.stringify({ kind: 'subscribe', topic: 'dashboard.figures' }));
      heard[who].length = 0;
    }
    hearing.clear();
    hearing.add('token-a'.padEnd(20, '-'));
    server.publish('dashboard.figures', { issuedToday: 3 });
    expect(heard.a).toHaveLength(1);
    expect(heard.b).toEqual([]);
    expect(heard.nobody).toEqual([]);
  });
});
