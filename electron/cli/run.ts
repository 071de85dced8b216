/** Glue between commander and the station: global options in, one outcome out, exit status set. */
import type { Command } from 'commander';
import { type CliContext, contextFrom, type GlobalOptions } from './context.ts';
import { type CommandOutcome, printError, printOutcome } from './output.ts';

type Action<O> = (
  options: O,
  context: CliContext,
  args: string[],
) => Promise<CommandOutcome | undefined> | CommandOutcome | undefined;

/**
 * Wraps a command's action. An action that streams its own output (an export to stdout)
 * returns undefined and prints nothing more.
 */
export function run<O>(action: Action<O>): (...commanderArgs: unknown[]) => Promise<void> {
  return async (...commanderArgs) => {
    const command = commanderArgs.at(-1) as Command;
    // A subcommand sees its parents' options too (`printers add ... --server URL`: the
    // parent `printers` owns --server, and commander gives it the option wherever it stands).
    const options = command.optsWithGlobals() as O;
    const globals = command.optsWithGlobals() as GlobalOptions;
    const args = commanderArgs.slice(0, -2) as string[];
    const mode = { json: Boolean(globals.json) };
    try {
      const outcome = await action(options, contextFrom(globals), args);
      process.exitCode = outcome ? printOutcome(outcome, mode) : 0;
    } catch (error) {
      process.exitCode = printError(error, mode);
    }
  };
}
