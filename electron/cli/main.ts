/**
 * `badge-station`: the station core without a window, for bulk jobs, key ceremonies,
 * verification and scripts. Every command takes --data DIR and --json.
 */
import { Command, CommanderError } from 'commander';
import { StationError } from '../core/errors.ts';
import { registerBackup } from './commands/backup.ts';
import { registerBadges } from './commands/badges.ts';
import { registerChip, registerDevices } from './commands/chip.ts';
import { registerCollect, registerRepresentatives } from './commands/collect.ts';
import { registerDemo } from './commands/demo.ts';
import { registerDemoData } from './commands/demo-data.ts';
import { registerHandover, registerMaps } from './commands/handover.ts';
import { registerImport } from './commands/import.ts';
import { registerInit } from './commands/init.ts';
import { registerKeys } from './commands/keys.ts';
import { registerLedger } from './commands/ledger.ts';
import { registerLogin } from './commands/login.ts';
import { type PipelineObserver, registerPrint } from './commands/print.ts';
import { registerPrinters } from './commands/printers.ts';
import { registerRender } from './commands/render.ts';
import { registerReport } from './commands/report.ts';
import { registerReprint } from './commands/reprint.ts';
import { registerRevocations } from './commands/revocations.ts';
import { registerSearch } from './commands/search.ts';
import { registerStatus } from './commands/status.ts';
import { registerSync, registerUpstream } from './commands/sync.ts';
import { registerVerify } from './commands/verify.ts';
import { printError } from './output.ts';

/** What a host running the program may give it beyond the command line. */
export interface ProgramOptions {
  /**
   * Told of each durable move a print run makes, as it makes it: for a host that watches
   * the runs (the crash test's harness stops the process there).
   */
  observePipeline?: PipelineObserver;
}

export function buildProgram(options: ProgramOptions = {}): Command {
  const program = new Command('badge-station')
    .description('Badge Station: roster to printed, chip-encoded, ledgered badges')
    .option('--data <dir>', "the station's data folder (default: $BADGE_STATION_HOME, else the OS app-data folder)")
    .option('--json', 'answer with one JSON document, for scripts')
    .option(
      '--credentials-file <file>',
      'who runs the command: sign-in name, then password (else BADGE_STATION_USER and BADGE_STATION_SECRET, else badge-station login)',
    )
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput(QUIET_ERRORS);
  registerInit(program);
  registerStatus(program);
  registerBackup(program);
  registerLogin(program);
  registerLedger(program);
  registerKeys(program);
  registerVerify(program);
  registerRevocations(program);
  registerSync(program);
  registerUpstream(program);
  registerPrinters(program);
  registerPrint(program, options.observePipeline);
  registerImport(program);
  registerSearch(program);
  registerBadges(program);
  registerReprint(program);
  registerReport(program);
  registerDemoData(program);
  registerDemo(program);
  registerChip(program);
  registerDevices(program);
  registerRender(program);
  registerMaps(program);
  registerHandover(program);
  registerCollect(program);
  registerRepresentatives(program);
  for (const command of program.commands) applyErrorHandling(command);
  return program;
}

/**
 * Commander's own complaints become our one-line USAGE error instead of its prose; the
 * help it shows for a command given without its subcommand still goes to stderr.
 */
const QUIET_ERRORS = { outputError: () => {} };

function applyErrorHandling(command: Command): void {
  command.exitOverride().configureOutput(QUIET_ERRORS);
  for (const sub of command.commands) applyErrorHandling(sub);
}

export async function main(argv: string[], options: ProgramOptions = {}): Promise<number> {
  const program = buildProgram(options);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0) return 0;
      // No command at all (`badge-station`, `badge-station ledger`): commander has shown the
      // help on stderr. Exit 2, a wrong command line, not 0: a script that lost its command
      // (an empty variable) must not pass for one that did its work.
      if (error.code === 'commander.help') {
        if (argv.includes('--json')) {
          return printError(new StationError('USAGE', 'No command given: badge-station --help lists them.'), { json: true });
        }
        return 2;
      }
      const message = error.message.replace(/^error: /, '');
      return printError(new StationError('USAGE', `${message} (see badge-station --help)`), { json: argv.includes('--json') });
    }
    return printError(error, { json: argv.includes('--json') });
  }
}
