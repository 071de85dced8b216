/**
 * The core's RPC server on its own: what goes wrong inside a handler is answered INTERNAL
 * and written to the log (the page says it is there), and a page that goes away mid-call
 * is neither answered nor logged as a fault.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { type Handlers, RpcServer } from '../../electron/core/rpc/server.ts';

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
    const connection = new RpcServer(handlers, { log }).connect((frame) => frames.push(JSON.parse(frame)));
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
    const connection = new RpcServer(handlers, { log }).connect((frame) => frames.push(frame));
    const answered = connection.receive(call(2));
    connection.close();
    finish();
    await answered;
    await new Promise((resolve) => setImmediate(resolve));
    expect(frames).toEqual([]);
    expect(lines).toEqual([]);
  });
});
