/**
 * The desktop app's station core: Electron's utility process, driven by the same supervisor
 * as browser mode's Node child (electron/host/core-supervisor.ts), so restarts after a
 * crash, a page's calls answered CORE_RESTARTED and its subscriptions made again are one code.
 * The core's side of the channel is electron/host/core-process.ts (its parent port).
 */
import type { UtilityProcess } from 'electron';
import type { CoreMessage } from '../host/core-process.ts';
import type { CoreLauncher } from '../host/core-supervisor.ts';

/** What the launcher uses of Electron's `utilityProcess` (the real one is one). */
export interface UtilityProcesses {
  fork(
    modulePath: string,
    args: string[],
    options: { env: Record<string, string>; serviceName: string; stdio: 'inherit' },
  ): Pick<UtilityProcess, 'pid' | 'postMessage' | 'kill'> & UtilityEvents;
}

/** The child's events the launcher listens to (UtilityProcess's `on` returns itself, so listed, not picked). */
interface UtilityEvents {
  on(event: 'message', listener: (message: CoreMessage) => void): unknown;
  once(event: 'exit', listener: (code: number) => void): unknown;
}

export function utilityCore(utilityProcess: UtilityProcesses): CoreLauncher {
  return (entry, env) => {
    const child = utilityProcess.fork(entry, [], {
      env: Object.fromEntries(Object.entries(env).filter((pair): pair is [string, string] => pair[1] !== undefined)),
      serviceName: 'Badge Station core',
      stdio: 'inherit',
    });
    let exited = false;
    child.once('exit', () => {
      exited = true;
    });
    return {
      get pid() {
        return child.pid;
      },
      post: (message) => {
        if (!exited) child.postMessage(message);
      },
      onMessage: (listener) => child.on('message', listener),
      // A utility process has an exit code only; a crash is a code like any other.
      onceExit: (listener) => child.once('exit', (code) => listener(code, null)),
      exited: () => exited,
      // The core closes the station and ends; a utility process has no IPC channel to close.
      end: () => {
        if (!exited) child.postMessage({ stop: true });
      },
      kill: () => {
        child.kill();
      },
    };
  };
}
