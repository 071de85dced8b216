/**
 * A real cupsd for tests, in a sandbox of its own: own config, spool, state and port, a
 * CR80 PPD and the capture backend. Started and stopped by pid; if cupsd is missing the
 * test fails with how to install it, never skips.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths.ts';
import { freePort, waitForPort } from './ports.ts';

const CUPS_LIB = '/usr/lib/cups';
const FIXTURES = join(repoRoot, 'test', 'fixtures', 'printers');

export interface Cupsd {
  port: number;
  url: string;
  root: string;
  addQueue(
    name: string,
    /** raw: no PPD, no filters: bytes reach the backend as sent (printer command sets). */
    options?: {
      delay?: number;
      fail?: 'offline' | 'media-empty' | 'ribbon-empty' | 'jam';
      raw?: boolean;
      /** A PPD of test/fixtures/printers (cr80.ppd by default). */
      ppd?: string;
    },
  ): { captureDir: string };
  lpadmin(...args: string[]): void;
  stop(): Promise<void>;
}

/** `port`: start again where a stopped one listened (its queues are kept in `root`). */
export async function startCupsd(root: string, options: { port?: number } = {}): Promise<Cupsd> {
  if (!existsSync('/usr/sbin/cupsd'))
    throw new Error('cupsd is not installed: apt-get install cups cups-client cups-filters (see .ci/run)');
  const port = options.port ?? (await freePort());
  // Filters run as the lp user: the sandbox must be traversable (mkdtemp makes it 0700).
  chmodSync(root, 0o755);
  for (const dir of ['conf/ppd', 'spool/tmp', 'state', 'cache', 'tmp', 'log', 'bin/backend'])
    mkdirSync(join(root, dir), { recursive: true });
  for (const entry of readdirSync(CUPS_LIB))
    if (entry !== 'backend' && !existsSync(join(root, 'bin', entry)))
      symlinkSync(join(CUPS_LIB, entry), join(root, 'bin', entry));
  // A backend owned by root with mode 0700 runs as root: the sandbox needs no lp user.
  copyFileSync(join(FIXTURES, 'capture-backend'), join(root, 'bin', 'backend', 'capture'));
  chmodSync(join(root, 'bin', 'backend', 'capture'), 0o700);
  writeFileSync(
    join(root, 'conf', 'cupsd.conf'),
    [
      `Listen 127.0.0.1:${port}`,
      'LogLevel warn',
      'WebInterface No',
      'Browsing No',
      'DefaultAuthType None',
      'MaxJobTime 0',
      'JobRetryLimit 0',
      '<Location />',
      '  Order allow,deny',
      '  Allow all',
      '</Location>',
      '<Policy default>',
      '  <Limit All>',
      '    Order deny,allow',
      '  </Limit>',
      '</Policy>',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(root, 'conf', 'cups-files.conf'),
    [
      `ServerRoot ${join(root, 'conf')}`,
      `RequestRoot ${join(root, 'spool')}`,
      `StateDir ${join(root, 'state')}`,
      `CacheDir ${join(root, 'cache')}`,
      `TempDir ${join(root, 'tmp')}`,
      `ServerBin ${join(root, 'bin')}`,
      'DataDir /usr/share/cups',
      `AccessLog ${join(root, 'log', 'access_log')}`,
      `ErrorLog ${join(root, 'log', 'error_log')}`,
      `PageLog ${join(root, 'log', 'page_log')}`,
      'FileDevice Yes',
      'Sandboxing Relaxed',
      'SystemGroup root',
      '',
    ].join('\n'),
  );
  const child = spawn(
    '/usr/sbin/cupsd',
    ['-f', '-c', join(root, 'conf', 'cupsd.conf'), '-s', join(root, 'conf', 'cups-files.conf')],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  await waitForPort(port, { name: 'cupsd', child, log: () => stderr });
  const server = `127.0.0.1:${port}`;
  const lpadmin = (...args: string[]) => {
    execFileSync('/usr/sbin/lpadmin', ['-h', server, ...args], { stdio: 'pipe' });
  };
  return {
    port,
    url: `http://${server}`,
    root,
    lpadmin,
    addQueue(name, options = {}) {
      const captureDir = join(root, 'capture', name);
      const query = [options.delay !== undefined ? `delay=${options.delay}` : '', options.fail ? `fail=${options.fail}` : '']
        .filter(Boolean)
        .join('&');
      const driver = options.raw ? ['-m', 'raw'] : ['-P', join(FIXTURES, options.ppd ?? 'cr80.ppd')];
      lpadmin('-p', name, '-E', '-v', `capture:${captureDir}${query ? `?${query}` : ''}`, ...driver);
      return { captureDir };
    },
    stop: () => stopChild(child),
  };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3000))]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}
