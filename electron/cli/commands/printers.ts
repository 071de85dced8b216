import type { Command } from 'commander';
import { run } from '../run.ts';

export function registerPrinters(program: Command): void {
  program
    .command('printers')
    .description('the card printers the print spooler (CUPS) offers, with their state and ribbon')
    .option('--server <url>', 'the CUPS server', process.env.CUPS_SERVER_URL ?? 'http://127.0.0.1:631')
    .action(
      run(async (options: { server: string }) => {
        const { CupsSpooler } = await import('../../../native/printers/index.ts');
        const queues = await new CupsSpooler(options.server, { timeoutMs: 5000 }).listQueues();
        const text =
          queues.length === 0
            ? `The spooler at ${options.server} has no printers: add the card printers in the system's printer settings.`
            : queues
                .map((queue) => {
                  const ribbon = queue.status.markers.find((marker) => marker.level >= 0);
                  return [
                    queue.name,
                    queue.status.state,
                    ribbon ? `ribbon ${ribbon.level}%` : '',
                    queue.makeAndModel,
                    queue.status.message,
                  ]
                    .filter(Boolean)
                    .join('  ');
                })
                .join('\n');
        return { result: { server: options.server, printers: queues }, text };
      }),
    );
}
