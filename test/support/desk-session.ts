/**
 * A page's connection to a core, with someone signed in: the station's people made as a
 * desk makes them (the first run's admin, then the admin adding the others through
 * users.add), then a sign-in as the role the test works as. A demo station has its demo
 * users already, and they sign in with the passwords the README gives.
 */
import { DEMO_USERS } from '../../electron/core/demo/index.ts';
import type { Role } from '../../electron/core/rpc/contract/index.ts';
import { type Gate, type Handlers, type RpcConnection, RpcServer } from '../../electron/core/rpc/server.ts';
import { TEST_PASSPHRASE } from './passphrase.ts';

/** Far above any id a test uses, so the sign-in's own answers are told apart and kept from the test. */
const OWN_IDS = 1_000_000_000;

export function person(role: Role): (typeof DEMO_USERS)[number] {
  const found = DEMO_USERS.find((user) => user.role === role);
  if (!found) throw new Error(`no demo user is ${role}`);
  return found;
}

/**
 * Opens a sealed station (one of the tests' own, under TEST_PASSPHRASE) on `server`'s core,
 * as the page's Open-station screen does; a demo station, never sealed, is left as it is.
 */
export async function openWithPassphrase(server: RpcServer, passphrase = TEST_PASSPHRASE): Promise<void> {
  const answers: { id?: number; result?: { sealed?: boolean }; error?: { code: string; message: string } }[] = [];
  const connection = server.connect((text) => answers.push(JSON.parse(text)));
  await connection.receive(JSON.stringify({ kind: 'call', id: 1, method: 'station.status', params: {} }));
  if (!answers.find((answer) => answer.id === 1)?.result?.sealed) return;
  await connection.receive(JSON.stringify({ kind: 'call', id: 2, method: 'station.open', params: { passphrase } }));
  const opened = answers.find((answer) => answer.id === 2);
  if (opened?.error) throw Object.assign(new Error(`station.open: ${opened.error.code} ${opened.error.message}`), opened.error);
}

/**
 * Connects to `open`'s server (or a new one) and signs in as `as`: the connection the test
 * gets is that person's page. Refusals on the way are thrown, with their code.
 */
export async function signedInConnection(
  open: { handlers: Handlers; gate: Gate } | RpcServer,
  send: (frame: string) => void,
  as: Role = 'admin',
): Promise<RpcConnection> {
  const server = open instanceof RpcServer ? open : new RpcServer(open.handlers, { gate: open.gate });
  // A station of the tests' own is sealed until its passphrase opens it (a demo station is not;
  // handlers without station.status answer it as unknown, and are left as they are).
  await openWithPassphrase(server);
  const own = new Map<number, (frame: { result?: any; error?: { code: string; message: string } }) => void>();
  const connection = server.connect((text) => {
    const frame = JSON.parse(text) as { id?: number; result?: unknown; error?: { code: string; message: string } };
    const answer = frame.id !== undefined ? own.get(frame.id) : undefined;
    if (answer) answer(frame);
    else send(text);
  });
  let next = OWN_IDS;
  const call = async (method: string, params: unknown) => {
    const id = next++;
    const answered = new Promise<{ result?: any; error?: { code: string; message: string } }>((resolve) => own.set(id, resolve));
    await connection.receive(JSON.stringify({ kind: 'call', id, method, params }));
    const frame = await answered;
    own.delete(id);
    if (frame.error) throw Object.assign(new Error(`${method}: ${frame.error.code} ${frame.error.message}`), frame.error);
    return frame.result;
  };
  const admin = person('admin');
  const status = await call('session.status', {});
  if (status.firstAdminNeeded)
    await call('users.firstAdmin', { name: admin.name, displayName: admin.displayName, secret: admin.secret });
  const user = person(as);
  if (as !== 'admin') {
    if (!status.firstAdminNeeded) await call('session.signIn', { name: admin.name, secret: admin.secret });
    const { users } = (await call('users.list', {})) as { users: { name: string }[] };
    if (!users.some((known) => known.name === user.name))
      await call('users.add', { name: user.name, displayName: user.displayName, role: user.role, secret: user.secret });
  }
  await call('session.signIn', { name: user.name, secret: user.secret });
  return connection;
}
