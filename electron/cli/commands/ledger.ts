import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { type Command, Option } from 'commander';
import { StationError } from '../../core/errors.ts';
import { stationClockGuard, unlockStation } from '../../core/keys/index.ts';
import { exportLedger, type LedgerExportFormat, verifyLedger } from '../../core/ledger/index.ts';
import { ledgerChecks } from '../../core/ledger-checks.ts';
import { withStation } from '../context.ts';
import { run } from '../run.ts';
import { keyFromPassphrase, STATION_PASSPHRASE_ENV } from '../secrets.ts';

export function registerLedger(program: Command): void {
  const ledger = program.command('ledger').description('prove the issuance ledger intact, or export it');

  ledger
    .command('verify')
    .description('check every event and checkpoint; names the first bad sequence number')
    .action(
      run((_options, context) =>
        withStation(context, 'ledger verify', (station, log) => {
          const started = performance.now();
          // Once enrolled, checkpoint signatures are checked against the event's certificates,
          // and the ledger must say where the enrolment happened; once pushed, it must still
          // reach the head upstream acknowledged.
          const report = verifyLedger(station.db, station.ledger, ledgerChecks(station));
          const seconds = (performance.now() - started) / 1000;
          log.info({ intact: report.intact, events: report.events, firstBadSeq: report.firstBadSeq, seconds }, 'ledger verified');
          const checkpoints = `${report.checkpoints.total} checkpoints (${report.checkpoints.signed} signed)`;
          if (report.problem) {
            return {
              result: report,
              text: '',
              failure: {
                code: 'LEDGER_BROKEN',
                message: `Ledger of station ${station.number} is NOT intact: first bad event is ${report.problem.seq}. ${report.problem.message}`,
              },
            };
          }
          const head = report.head ? `head ${report.head.seq} ${report.head.hash.slice(0, 16)}` : 'empty';
          return {
            result: report,
            text: `Ledger of station ${station.number} is intact: ${report.events} events, ${head}, ${checkpoints}, checked in ${seconds.toFixed(2)} s.`,
          };
        }),
      ),
    );

  ledger
    .command('checkpoint')
    .description("sign a checkpoint of the ledger's head now with the station key")
    .option('--passphrase-file <file>', `read the station passphrase from this file instead of $${STATION_PASSPHRASE_ENV}`)
    .action(
      run((options: { passphraseFile?: string }, context) =>
        withStation(context, 'ledger checkpoint', (station) => {
          const keyring = unlockStation(
            context.dataDir,
            keyFromPassphrase(STATION_PASSPHRASE_ENV, options.passphraseFile),
            stationClockGuard(station),
          );
          const checkpoint = station.checkpoints.take(keyring.checkpointSigner);
          return {
            result: { seq: checkpoint.seq, head: checkpoint.headHash.toString('hex'), kid: keyring.kid.toString('hex') },
            text: `Checkpoint signed at event ${checkpoint.seq} (head ${checkpoint.headHash.toString('hex').slice(0, 16)}).`,
          };
        }),
      ),
    );

  ledger
    .command('export')
    .description('write the ledger as JSONL or CSV, to a file or to standard output')
    .addOption(new Option('--format <format>', 'jsonl or csv').choices(['jsonl', 'csv']).default('jsonl'))
    .option('--out <file>', 'write here instead of standard output')
    .option('--from <seq>', 'start at this sequence number', '1')
    .action(
      run((options: { format: LedgerExportFormat; out?: string; from: string }, context) =>
        withStation(context, 'ledger export', async (station) => {
          const from = Number(options.from);
          if (!Number.isSafeInteger(from) || from < 1) {
            throw new StationError('USAGE', `--from must be a sequence number (1 or more), not "${options.from}".`);
          }
          if (!options.out) {
            await exportLedger(station.ledger.events(from), options.format, process.stdout);
            return undefined;
          }
          const file = createWriteStream(options.out);
          const count = await exportLedger(station.ledger.events(from), options.format, file);
          file.end();
          await finished(file);
          return {
            result: { events: count, format: options.format, out: options.out },
            text: `Exported ${count} events as ${options.format.toUpperCase()} to ${options.out}.`,
          };
        }),
      ),
    );
}
