import type { Command } from 'commander';
import { StationError } from '../../core/errors.ts';
import type { StationPrinter } from '../../core/jobs/index.ts';
import { withStation } from '../context.ts';
import { run } from '../run.ts';

interface AddOptions {
  cups?: string;
  server: string;
  demo?: boolean;
  folder?: string;
  paceMs?: string;
  encoder?: string;
  profile?: string;
  ribbon?: string;
  overlay: boolean;
  rotate180?: boolean;
}

export function registerPrinters(program: Command): void {
  const printers = program
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
  const jobs = () => import('../../core/jobs/index.ts');
  printers
    .command('add <name>')
    .description('add a printer this station prints on: a CUPS queue or a demo printer, with its encoder')
    .option('--cups <queue>', "the spooler's queue for this printer (on the --server of badge-station printers)")
    .option('--demo', 'a demo printer: cards go to a folder as PDFs (training, demos)')
    .option('--folder <dir>', "the demo printer's folder (default: demo-printers/<name> in the data folder)")
    .option('--pace-ms <ms>', "the demo printer's time per card", '2000')
    .option('--encoder <encoder>', 'the encoder inside: pcsc:<reader name>, or demo (demo:bad-every=N for training)')
    .option('--profile <make>', "a CUPS printer's make: generic-pdf (default), evolis-primacy, zebra-zc300, magicard, fargo-dtc")
    .option('--ribbon <ribbon>', "the ribbon loaded: YMCKO, KO or K (default: the make's first)")
    .option('--no-overlay', 'print without the clear overlay panel')
    .option('--rotate180', "turn each card with the printer's own 180° rotation")
    .action(
      run((options: AddOptions, context, [name]) =>
        withStation(context, 'printers add', async (station) => {
          if (Boolean(options.cups) === Boolean(options.demo))
            throw new StationError('USAGE', 'Say what the printer is: --cups QUEUE, or --demo.');
          const pace = Number(options.paceMs);
          if (!Number.isInteger(pace) || pace < 0)
            throw new StationError('USAGE', `--pace-ms must be a whole number of milliseconds.`);
          const asked: StationPrinter = {
            name: name as string,
            driver: options.cups ? 'cups' : 'demo',
            target: options.cups ?? options.folder ?? `demo-printers/${name}`,
            server: options.cups ? options.server : null,
            encoder: options.encoder ?? null,
            paceMs: options.demo ? pace : null,
            profile: options.profile ?? null,
            ribbon: options.ribbon?.toUpperCase() ?? null,
            overlay: options.overlay,
            rotate180: options.rotate180 === true,
          };
          // A CUPS printer is checked against its queue's driver before the station takes it on.
          (await jobs()).checkStationPrinter(asked);
          const checked = options.cups ? await (await import('../../devices/index.ts')).checkCupsPrinter(asked) : asked;
          const printer = (await jobs()).addStationPrinter(station, checked);
          return { result: printer, text: `${describe(printer)}\nPrint on it with badge-station print.` };
        }),
      ),
    );
  printers
    .command('remove <name>')
    .description('remove a printer from this station')
    .action(
      run((_options, context, [name]) =>
        withStation(context, 'printers remove', async (station) => {
          (await jobs()).removeStationPrinter(station, name as string);
          return { result: { removed: name }, text: `${name} is no longer one of this station's printers.` };
        }),
      ),
    );
  printers
    .command('list')
    .description('the printers this station prints on')
    .action(
      run((_options, context) =>
        withStation(context, 'printers list', async (station) => {
          const list = (await jobs()).stationPrinters(station);
          return {
            result: list,
            text:
              list.length === 0 ? 'This station has no printers yet: badge-station printers add.' : list.map(describe).join('\n'),
          };
        }),
      ),
    );
}

function describe(printer: StationPrinter) {
  const where =
    printer.driver === 'cups'
      ? `CUPS queue ${printer.target} on ${printer.server} (${printer.profile ?? 'generic-pdf'}, ${printer.ribbon ?? 'YMCKO'} ribbon${printer.overlay === false ? ', no overlay' : ''}${printer.rotate180 ? ', turned 180°' : ''})`
      : `demo printer into ${printer.target}`;
  return `${printer.name}: ${where}${printer.encoder ? `, encoder ${printer.encoder}` : ', no encoder'}`;
}
