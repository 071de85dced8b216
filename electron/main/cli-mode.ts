/**
 * The installed command: the app's own binary started with a command (`badge-station print
 * ...`) runs the CLI (electron/cli) without a window and exits with its code. The packaged
 * app cannot run scripts as Node (electron-builder.yml turns the RunAsNode fuse off), so the
 * command goes through main; the Linux packages put the binary on the PATH as badge-station.
 *
 * Decision: a first argument that is a word (a command, or a mistyped one, which the CLI
 * answers with its usage error) or asks for help or the version starts the CLI; nothing, or
 * only switches (Chromium's, macOS's -psn_ from the Finder), opens the desk. So a command
 * never opens a window, and a double click never runs a command.
 */

const ASKING = new Set(['--help', '-h', '--version', '-V']);

/**
 * The command line for the CLI, or undefined to open the desk. `defaultApp`: started as
 * `electron <folder>` (development), where the folder is one argument more.
 */
export function cliArguments(argv: readonly string[], defaultApp: boolean): string[] | undefined {
  const args = argv.slice(defaultApp ? 2 : 1);
  // The CLI's global options may come before its command: --data DIR, --json.
  let at = 0;
  while (at < args.length) {
    const arg = args[at] as string;
    if (arg === '--data') at += 2;
    else if (arg === '--json' || arg.startsWith('--data=')) at += 1;
    else break;
  }
  const first = args[at];
  if (first === undefined) return at > 0 ? args : undefined;
  return ASKING.has(first) || !first.startsWith('-') ? args : undefined;
}
