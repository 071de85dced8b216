import type { Command } from 'commander';
import { openLog } from '../../core/log/index.ts';
import { initStation } from '../../core/station/index.ts';
import type { CliContext } from '../context.ts';
import type { CommandOutcome } from '../output.ts';
import { run } from '../run.ts';
import { stationKek } from '../secrets.ts';

export function registerInit(program: Command): void {
  program
    .command('init')
    .description("create a station's data folder, database and ledger")
    .requiredOption('--station <NNN>', "the station number from this desk's enrolment, 001-999")
    .option('--passphrase-file <file>', 'read the station passphrase (which will open its data) from this file')
    .action(run((options: { station: string }, context) => init(context, options.station)));
}

async function init(context: CliContext, stationNumber: string): Promise<CommandOutcome> {
  const station = initStation(context.dataDir, stationNumber, 'system:cli', await stationKek(context.passphraseFile));
  try {
    const log = await openLog(context.dataDir);
    log.info({ station: station.number, schema: station.db.schemaVersion }, 'station initialised');
    return {
      result: { station: station.number, dataDir: station.dataDir, schema: station.db.schemaVersion },
      text: `Station ${station.number} is ready in ${station.dataDir}. Its data is encrypted: every command opens it with the station passphrase.`,
    };
  } finally {
    station.close();
  }
}
