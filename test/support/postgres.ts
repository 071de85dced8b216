/**
 * A real PostgreSQL for tests, in a sandbox of its own: initdb in a temporary folder, a
 * loopback port, password (SCRAM) logins, started and stopped by pid. If PostgreSQL is
 * missing the test fails saying how to install it, never skips.
 *
 * PostgreSQL refuses to run as root (CI runs as root), so when this process is root the
 * cluster is made and run as the `postgres` user the Debian package creates.
 *
 * With `tls`, it also serves TLS with a certificate for 127.0.0.1 signed by a test CA of
 * its own (openssl, made for the run), whose certificate is `caFile`.
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, waitForPort } from './ports.ts';

export interface Postgres {
  port: number;
  /** The cluster's superuser (the event's database administrator). */
  adminUrl: string;
  /** A connection string for `role` with `password` on the event's database. */
  urlFor(role: string, password: string): string;
  /** Stops it as `pg_ctl stop -m immediate` does (SIGQUIT: no checkpoint, as a crash). */
  crash(): Promise<void>;
  /** Starts it again on the same port and data. */
  restart(): Promise<void>;
  stop(): Promise<void>;
  /** The CA that signed its TLS certificate (only with `tls`). */
  caFile?: string;
}

export const ADMIN_ROLE = 'event_admin';
export const ADMIN_PASSWORD = 'event-admin-secret';
export const EVENT_DATABASE = 'expo';

function binaries(): string {
  const root = '/usr/lib/postgresql';
  const version = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a))[0] : undefined;
  const bin = version ? join(root, version, 'bin') : '';
  if (!bin || !existsSync(join(bin, 'initdb')))
    throw new Error('PostgreSQL is not installed: apt-get install postgresql (as .ci/run does)');
  return bin;
}

/** Runs as the postgres user when we are root; as ourselves otherwise. */
function owner(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

/**
 * A CA and a server certificate it signed for 127.0.0.1 (by name and by address), in `dir`:
 * what an event's administrator would have from their own CA.
 */
function testCertificates(dir: string): { ca: string; cert: string; key: string } {
  mkdirSync(dir, { recursive: true });
  const at = (name: string) => join(dir, name);
  const openssl = (args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  openssl(
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=Badge Station test CA'].concat([
      '-keyout',
      at('ca.key'),
      '-out',
      at('ca.pem'),
    ]),
  );
  openssl([
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/CN=127.0.0.1',
    '-keyout',
    at('server.key'),
    '-out',
    at('server.csr'),
  ]);
  writeFileSync(at('san.ext'), 'subjectAltName = IP:127.0.0.1, DNS:localhost\n');
  openssl(
    ['x509', '-req', '-in', at('server.csr'), '-CA', at('ca.pem'), '-CAkey', at('ca.key'), '-CAcreateserial'].concat([
      '-days',
      '2',
      '-extfile',
      at('san.ext'),
      '-out',
      at('server.crt'),
    ]),
  );
  chmodSync(at('server.key'), 0o600);
  return { ca: at('ca.pem'), cert: at('server.crt'), key: at('server.key') };
}

/** `root`: a folder of its own, inside folders the postgres user can pass through. */
export async function startPostgres(root: string, options: { tls?: boolean } = {}): Promise<Postgres> {
  const bin = binaries();
  const user = owner();
  const data = join(root, 'pgdata');
  const sockets = join(root, 'pgsock');
  mkdirSync(sockets, { recursive: true });
  // The postgres user must reach its folders inside the test's 0700 temporary folder.
  chmodSync(root, 0o755);
  const pwfile = join(root, 'pgpass');
  writeFileSync(pwfile, `${ADMIN_PASSWORD}\n`, { mode: 0o600 });
  if (user.uid !== undefined && user.gid !== undefined) {
    chownSync(sockets, user.uid, user.gid);
    chownSync(pwfile, user.uid, user.gid);
    chownSync(root, user.uid, user.gid);
  }
  execFileSync(
    join(bin, 'initdb'),
    [
      '-D',
      data,
      '-U',
      ADMIN_ROLE,
      '--pwfile',
      pwfile,
      '--auth-host=scram-sha-256',
      '--auth-local=scram-sha-256',
      '-E',
      'UTF8',
      '--locale=C',
      '--no-sync',
    ],
    { ...user, stdio: 'pipe' },
  );
  const port = await freePort();
  const tls = options.tls ? testCertificates(join(root, 'tls')) : undefined;
  if (tls && user.uid !== undefined && user.gid !== undefined) {
    chownSync(join(root, 'tls'), user.uid, user.gid);
    chownSync(tls.key, user.uid, user.gid);
    chownSync(tls.cert, user.uid, user.gid);
  }
  const tlsSettings = tls ? ['-c', 'ssl=on', '-c', `ssl_cert_file=${tls.cert}`, '-c', `ssl_key_file=${tls.key}`] : [];
  let server: ChildProcess | undefined;
  const start = async () => {
    const child = spawn(
      join(bin, 'postgres'),
      ['-D', data, '-p', String(port), '-k', sockets, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', ...tlsSettings],
      { ...user, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let log = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-4000);
    });
    await waitForPort(port, { name: 'postgres', child, log: () => log }, 30_000);
    // Listening is not ready: after a crash it replays its log first ("starting up").
    const deadline = Date.now() + 30_000;
    while (spawnSync(join(bin, 'pg_isready'), ['-q', '-h', '127.0.0.1', '-p', String(port)]).status !== 0) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`postgres did not become ready:\n${log}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    server = child;
  };
  const halt = async (signal: NodeJS.Signals) => {
    const child = server;
    server = undefined;
    if (!child || child.exitCode !== null) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await gone;
  };
  await start();
  const url = (role: string, password: string, database: string) =>
    `postgres://${encodeURIComponent(role)}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  execFileSync(join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', ADMIN_ROLE, EVENT_DATABASE], {
    env: { ...process.env, PGPASSWORD: ADMIN_PASSWORD },
    stdio: 'pipe',
  });
  return {
    port,
    adminUrl: url(ADMIN_ROLE, ADMIN_PASSWORD, EVENT_DATABASE),
    urlFor: (role, password) => url(role, password, EVENT_DATABASE),
    crash: () => halt('SIGQUIT'),
    restart: start,
    // SIGINT is PostgreSQL's fast shutdown: sessions are ended and the server exits.
    stop: () => halt('SIGINT'),
    ...(tls ? { caFile: tls.ca } : {}),
  };
}
