import type { Command } from 'commander';
import { withStation } from '../context.ts';
import { run } from '../run.ts';

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description("show the station's number, data folder, schema and ledger head")
    .action(
      run((_options, context) =>
        withStation(context, 'status', (station) => {
          const head = station.ledger.head();
          const checkpoints = station.checkpoints.all();
          const result = {
            station: station.number,
            dataDir: station.dataDir,
            schema: station.db.schemaVersion,
            ledger: { events: head?.seq ?? 0, head: head?.hash.toString('hex') ?? null, checkpoints: checkpoints.length },
          };
          const text = [
            `Station ${result.station}`,
            `  data folder  ${result.dataDir}`,
            `  schema       ${result.schema}`,
            `  ledger       ${result.ledger.events} events, head ${result.ledger.head?.slice(0, 16) ?? '(empty)'}`,
            `  checkpoints  ${result.ledger.checkpoints}`,
          ].join('\n');
          return { result, text };
        }),
      ),
    );
}
