/**
 * A private pcscd for one test file: its own reader configuration (vpcd on a free port),
 * its own /run/pcscd in a private mount namespace, started and stopped by pid.
 *
 * pcsc-lite's client library reads PCSCLITE_CSOCK_NAME once per process, so a process
 * talks to one pcscd: the harness sets the variable before the first PC/SC call.
 *
 * The latency fix (ENVIRONMENT.md): vpcd writes each APDU's length and body in two
 * writes, and Nagle + delayed ACK make every APDU wait ~40 ms. A local route for
 * 127.0.0.2 with `quickack 1` makes the kernel ACK at once on connections to that
 * address, so the virtual card connects to vpcd on 127.0.0.2.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, isFree, waitForPort } from './ports.ts';

export const QUICKACK_HOST = '127.0.0.2';

export interface Pcscd {
  /** vpcd's first slot ("Virtual PCD 00 00"); the second is port + 1. */
  port: number;
  pid: number;
  /** Where a card should connect: 127.0.0.2 when the quick-ACK route is in place. */
  cardHost: string;
  quickAck: boolean;
  /** Stops it for good and removes its folder. */
  stop(): Promise<void>;
  /**
   * Kills the daemon only, as a crash or an unplugged printer would ("pcscd stopped
   * mid-job"). The signal is sent before this returns: a card that calls it from its answer
   * to a command is gone before the station reads that answer.
   */
  kill(): Promise<void>;
  /** Starts it again after kill(), on the same port and client socket name. */
  start(): Promise<void>;
}

/** Installs the quick-ACK route once; false (and a reason on stderr) when that is not possible. */
export function applyLatencyFix(): boolean {
  try {
    execFileSync(
      'ip',
      [
        'route',
        'replace',
        'local',
        `${QUICKACK_HOST}/32`,
        'dev',
        'lo',
        'table',
        'local',
        'proto',
        'static',
        'scope',
        'host',
        'quickack',
        '1',
      ],
      { stdio: 'pipe' },
    );
    return true;
  } catch (error) {
    process.stderr.write(`pcscd harness: no quick-ACK route (${(error as Error).message.split('\n')[0]}); APDUs will be slow\n`);
    return false;
  }
}

async function freePortPair(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const port = await freePort();
    if (port > 0 && port < 65000 && (await isFree(port + 1))) return port;
  }
  throw new Error('pcscd harness: no free pair of ports for vpcd');
}

/**
 * Starts pcscd in the foreground with vpcd configured on a free port. A missing pcscd
 * or vpcd fails loudly: these tests never skip.
 */
export async function startPcscd(): Promise<Pcscd> {
  const dir = mkdtempSync(join(tmpdir(), 'pcscd-'));
  const confDir = join(dir, 'reader.conf.d');
  mkdirSync(confDir);
  const port = await freePortPair();
  writeFileSync(
    join(confDir, 'vpcd'),
    `FRIENDLYNAME "Virtual PCD"\nDEVICENAME   /dev/null:${port}\nLIBPATH      /usr/lib/pcsc/drivers/serial/libifdvpcd.so\nCHANNELID    ${port}\n`,
  );
  const socketLink = join(dir, 'pcscd.comm');
  const quickAck = applyLatencyFix();
  let child: ChildProcess;
  let isolated = true;
  const launchOnce = async () => {
    // pcscd 1.9 always serves /run/pcscd/pcscd.comm (it ignores PCSCLITE_CSOCK_NAME): a
    // private mount namespace gives it its own /run/pcscd, so test files, benchmarks and a
    // system pcscd never meet. Clients reach it through /proc/PID/root.
    const pcscdArgs = ['pcscd', '--foreground', '--config', confDir, '--error'];
    child = isolated
      ? spawn(
          'unshare',
          [
            '--mount',
            '--propagation',
            'private',
            'sh',
            '-c',
            'mkdir -p /run/pcscd && mount -t tmpfs pcscd /run/pcscd && exec "$@"',
            'sh',
            ...pcscdArgs,
          ],
          { stdio: ['ignore', 'ignore', 'pipe'] },
        )
      : spawn(pcscdArgs[0] as string, pcscdArgs.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-4000);
    });
    const spawned = await new Promise<Error | undefined>((resolve) => {
      child.once('spawn', () => resolve(undefined));
      child.once('error', (error) => resolve(error));
    });
    if (spawned) throw new Error(`pcscd cannot be started (${spawned.message}): install pcscd and vsmartcard-vpcd (see .ci/run)`);
    await waitForPort(port, { name: 'pcscd (vpcd)', child, log: () => stderr });
    // A stable name for clients (the library reads it once per process) that follows restarts.
    rmSync(socketLink, { force: true });
    symlinkSync(isolated ? `/proc/${child.pid}/root/run/pcscd/pcscd.comm` : '/run/pcscd/pcscd.comm', socketLink);
    process.env.PCSCLITE_CSOCK_NAME = socketLink;
  };
  const launch = async () => {
    try {
      await launchOnce();
    } catch (error) {
      // Without CAP_SYS_ADMIN (an unprivileged container) there is no private namespace:
      // share the system's /run/pcscd, one pcscd on the machine at a time.
      if (!isolated || !/unshare|mount/i.test((error as Error).message)) throw error;
      process.stderr.write(
        `pcscd harness: no private mount namespace (${(error as Error).message.slice(-120)}); using /run/pcscd\n`,
      );
      isolated = false;
      await launchOnce();
    }
  };
  await launch();
  const stop = async () => {
    const running = child;
    if (running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    if (running.pid) process.kill(running.pid, 'SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3000))]);
    if (running.exitCode === null && running.signalCode === null && running.pid) process.kill(running.pid, 'SIGKILL');
  };
  return {
    port,
    get pid() {
      return child.pid ?? 0;
    },
    cardHost: quickAck ? QUICKACK_HOST : '127.0.0.1',
    quickAck,
    async stop() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
    kill() {
      const running = child;
      if (running.exitCode !== null || running.signalCode !== null || !running.pid) return Promise.resolve();
      const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
      process.kill(running.pid, 'SIGKILL');
      return exited;
    },
    start: launch,
  };
}
