/**
 * The Devices screen's methods: the station's printers (state, ribbon, the card in each,
 * calibration), adding and removing them, test and calibration cards, and the desk's readers.
 */
import { StationError } from '../../errors.ts';
import {
  addStationPrinter,
  checkStationPrinter,
  type DeviceWiring,
  JobStore,
  removeStationPrinter,
  type StationPrinter,
  stationPrinters,
} from '../../jobs/index.ts';
import type { Station } from '../../station/index.ts';
import type { Handlers } from '../server.ts';
import type { StationAccess } from './station-access.ts';

type DevicesMethods =
  | 'devices.printers'
  | 'devices.addPrinter'
  | 'devices.removePrinter'
  | 'devices.printCard'
  | 'devices.calibrate'
  | 'devices.readers';

const DEFAULT_CUPS = 'http://127.0.0.1:631';

export interface DevicesOptions {
  /** The job a printer is printing in the desk's present run (print.ts), if any. */
  printerJob?(printer: string): number | null;
}

export function devicesHandlers(access: StationAccess, options: DevicesOptions = {}): Pick<Handlers, DevicesMethods> {
  const wiring = (what: string): DeviceWiring => {
    if (!access.devices)
      throw new StationError(
        'PRINTERS_UNAVAILABLE',
        `This desk has no devices wired in, so it cannot ${what}: start it with npm start.`,
      );
    return access.devices;
  };
  return {
    'devices.printers': async () => {
      const station = access.station();
      const { calibrationFor } = await import('../../render/index.ts');
      const store = new JobStore(station.db, station.ledger);
      const printers = await Promise.all(
        stationPrinters(station).map(async (printer) => {
          const report = access.devices
            ? await access.devices.printerStatus(access.dataDir, printer)
            : { state: 'offline', message: 'No devices are wired into this desk.' };
          const item = store.inPrinter(printer.name);
          // A printer in a run, or with a card sent to it, is printing, whatever it says between cards.
          const running = item?.state === 'sent' || (options.printerJob?.(printer.name) ?? null) !== null;
          const state = running && report.state === 'ready' ? 'printing' : report.state;
          return {
            ...described(printer),
            ...report,
            state,
            ...(item ? { card: { serial: item.serial, job: item.job, state: item.state } } : {}),
            calibration: calibrationFor(access.dataDir, printer.name),
          };
        }),
      );
      return { printers, makes: access.devices?.printerMakes() ?? [] };
    },
    'devices.addPrinter': async (params) => {
      const station = access.station();
      const asked: StationPrinter =
        params.driver === 'demo'
          ? {
              name: params.name,
              driver: 'demo',
              target: `demo-printers/${params.name}`,
              server: null,
              encoder: params.encoder ?? null,
              paceMs: params.paceMs ?? 2000,
            }
          : {
              name: params.name,
              driver: 'cups',
              target: params.queue,
              server: params.server ?? DEFAULT_CUPS,
              encoder: params.encoder ? params.encoder : null,
              paceMs: null,
              profile: params.profile ?? null,
              ribbon: params.ribbon?.toUpperCase() ?? null,
              overlay: params.overlay !== false,
              rotate180: params.rotate180 === true,
            };
      checkStationPrinter(asked);
      if (stationPrinters(station).some((printer) => printer.name === asked.name))
        throw new StationError('USAGE', `The station already has a printer called ${asked.name}: give this one another name.`);
      // A CUPS printer is checked against its queue's driver before the station takes it on.
      const checked = asked.driver === 'cups' ? await wiring('check a CUPS printer').checkCupsPrinter(asked) : asked;
      return described(addStationPrinter(station, checked, station.clock()));
    },
    'devices.removePrinter': ({ name }) => {
      removeStationPrinter(access.station(), name);
      return { removed: name };
    },
    'devices.printCard': async ({ printer: name, card }) => {
      const station = access.station();
      const printer = printerNamed(station, name);
      // The run's own driver for the printer is printing on it: a second one would get in its way.
      const running = options.printerJob?.(name) ?? null;
      if (running !== null)
        throw new StationError(
          'PRINTERS_UNAVAILABLE',
          `${name} is printing job ${running}: print the ${card} card when the job is paused or has finished.`,
        );
      const held = new JobStore(station.db, station.ledger).inPrinter(name);
      if (held)
        throw new StationError(
          'PRINTERS_UNAVAILABLE',
          `${name} has card ${held.serial} of job ${held.job} in it: print the ${card} card when that job has finished or is paused.`,
        );
      const device = wiring(`print a ${card} card`).open(access.dataDir, [printer])[0];
      if (!device) throw new StationError('PRINTER_UNKNOWN', `The station has no printer called ${name}.`);
      const { pdf, twoSided } = await drawCard(station, name, card, device.calibration);
      const started = Date.now();
      try {
        await device.printer.print({ jobName: `${card}-card-${station.clock()}`, pdf, twoSided });
      } catch (error) {
        throw new StationError(
          'PRINTERS_UNAVAILABLE',
          `${name} did not print the ${card} card: ${(error as Error).message} Check the printer, then try again.`,
        );
      }
      return { printer: name, card, ms: Date.now() - started };
    },
    'devices.calibrate': async ({ printer, calibration }) => {
      printerNamed(access.station(), printer);
      const { saveCalibration } = await import('../../render/index.ts');
      return saveCalibration(access.dataDir, printer, calibration);
    },
    'devices.readers': async () => {
      access.station();
      return access.devices ? access.devices.deskReaders(access.dataDir) : { pcscService: false, readers: [] };
    },
  };
}

function printerNamed(station: Station, name: string): StationPrinter {
  const printer = stationPrinters(station).find((each) => each.name === name);
  if (!printer)
    throw new StationError('PRINTER_UNKNOWN', `The station has no printer called ${name}: add it on the Devices screen first.`);
  return printer;
}

function described(printer: StationPrinter) {
  return {
    name: printer.name,
    driver: printer.driver,
    target: printer.target,
    server: printer.server,
    encoder: printer.encoder,
    profile: printer.profile ?? null,
    ribbonType: printer.ribbon ?? null,
  };
}

/** A test card (a demo card marked TEST, NOT VALID) or the calibration card, as the printer's PDF. */
async function drawCard(
  station: Station,
  printer: string,
  card: 'test' | 'calibration',
  calibration: import('../../render/index.ts').Calibration | undefined,
): Promise<{ pdf: Uint8Array; twoSided: boolean }> {
  const render = await import('../../render/index.ts');
  const fonts = render.badgeFonts();
  if (card === 'calibration') {
    const pdf = new render.PdfCards(fonts, { calibration, title: 'Calibration card' });
    pdf.addSide(render.calibrationCard(printer, calibration ?? render.NO_CALIBRATION, fonts));
    return { pdf: await pdf.end(), twoSided: false };
  }
  const { loadCatalog } = await import('../../catalog/index.ts');
  const { demoEventWindow } = await import('../../keys/index.ts');
  const [demo] = await render.demoCards(loadCatalog(), demoEventWindow(station.clock), () => '');
  if (!demo) throw new StationError('RENDER_FAILED', 'There is no sample card to print as a test card.');
  const test = {
    ...demo,
    kind: 'test' as const,
    serial: render.nonBadgeSerial('test'),
    payload: `${render.KIND_MARK.test} NOT VALID`,
  };
  const rendered = render.layoutCard(render.layoutFor(render.loadLayouts(), test), test);
  return { pdf: await render.cardPdf(rendered, calibration, fonts), twoSided: rendered.back !== undefined };
}
