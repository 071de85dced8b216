import type { Command } from 'commander';
import { StationError } from '../../core/errors.ts';
import { run } from '../run.ts';

interface DemoCliOptions {
  holders: string;
  out: string;
  photos: boolean;
  seed?: string;
}

export function registerDemoData(program: Command): void {
  program
    .command('demo-data')
    .description('write a synthetic roster (roster.csv) and a photo per holder (photos/), for training and tests')
    .requiredOption('--holders <N>', 'how many holders, up to 9,999,999')
    .requiredOption('--out <dir>', 'the folder to write into')
    .option('--no-photos', 'write the roster only')
    .option('--seed <n>', 'another seed gives another roster; the same seed the same one')
    .action(
      run(async (options: DemoCliOptions) => {
        const holders = Number(options.holders);
        if (!Number.isSafeInteger(holders) || holders < 1 || holders > 9_999_999) {
          throw new StationError('USAGE', `--holders must be a whole number from 1 to 9999999, not "${options.holders}".`);
        }
        const { writeDemoRoster } = await import('../../core/roster/index.ts');
        const started = performance.now();
        const result = await writeDemoRoster({
          holders,
          out: options.out,
          photos: options.photos,
          seed: options.seed === undefined ? undefined : Number(options.seed),
        });
        const seconds = (performance.now() - started) / 1000;
        return {
          result,
          text: `Wrote ${holders} demo holders to ${result.roster}${result.photos ? ` and their photos to ${result.photos}` : ''} in ${seconds.toFixed(1)} s.`,
        };
      }),
    );
}
