/**
 * The Devices screen's methods over the RPC server, on a demo station with the real device
 * wiring: the four demo printers with their state and ribbon, test and calibration cards
 * coming out of a demo printer, offsets saved, printers added and removed (a CUPS queue
 * checked against a real cupsd), the virtual desk encoder; and bad input refused in words.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Cupsd, startCupsd } from '../support/cupsd.ts';
import { type DemoDesk, demoDesk } from '../support/demo-desk.ts';

let desk: DemoDesk | undefined;
afterEach(() => {
  desk?.close();
  desk = undefined;
});

const printed = (dataDir: string, printer: string) =>
  readdirSync(join(dataDir, 'demo-printers', printer)).filter((name) => name.endsWith('.pdf'));

describe('the station’s printers on the Devices screen', () => {
  it('lists the four demo printers, ready, with ribbon left, no card in them and no offsets', async () => {
    desk = await demoDesk();
    const { result } = await desk.call('devices.printers');
    expect(result.printers.map((p: { name: string }) => p.name)).toEqual(['Demo-1', 'Demo-2', 'Demo-3', 'Demo-4']);
    for (const printer of result.printers) {
      expect(printer).toMatchObject({ driver: 'demo', state: 'ready', message: 'Ready', ribbon: 100 });
      expect(printer.card).toBeUndefined();
      expect(printer.calibration).toEqual({ offsetX: 0, offsetY: 0, scaleX: 1, scaleY: 1, rotate180: false });
    }
    expect(result.printers[0].encoder).toBe('demo:bad-every=25');
    expect(result.makes.map((make: { id: string }) => make.id)).toContain('evolis-primacy');
  });

  it('prints a test card and the calibration card on a demo printer, drawn with its saved offsets', async () => {
    desk = await demoDesk();
    const saved = await desk.call('devices.calibrate', {
      printer: 'Demo-2',
      calibration: { offsetX: 0.5, offsetY: -0.25, scaleX: 1, scaleY: 1.01, rotate180: false },
    });
    expect(saved.result).toEqual({ offsetX: 0.5, offsetY: -0.25, scaleX: 1, scaleY: 1.01, rotate180: false });
    const listed = await desk.call('devices.printers');
    expect(listed.result.printers[1].calibration).toMatchObject({ offsetX: 0.5, offsetY: -0.25 });

    const test = await desk.call('devices.printCard', { printer: 'Demo-2', card: 'test' });
    expect(test.result).toMatchObject({ printer: 'Demo-2', card: 'test' });
    const calibration = await desk.call('devices.printCard', { printer: 'Demo-2', card: 'calibration' });
    expect(calibration.result).toMatchObject({ card: 'calibration' });
    const files = printed(desk.dataDir, 'Demo-2');
    expect(files).toEqual([expect.stringMatching(/^00001-test-card-/), expect.stringMatching(/^00002-calibration-card-/)]);
    const pdf = readFileSync(join(desk.dataDir, 'demo-printers', 'Demo-2', files[1] as string), 'latin1');
    expect(pdf.startsWith('%PDF')).toBe(true);
    expect(printed(desk.dataDir, 'Demo-3')).toEqual([]);
  });

  it('says a printer in a print run is printing, and prints no test card on it until the run lets it go', async () => {
    desk = await demoDesk();
    await desk.call('devices.addPrinter', { driver: 'demo', name: 'Slow', paceMs: 3000 });
    const rows = (await desk.call('roster.page', { offset: 0, limit: 3 })).result.rows as { serial: string }[];
    const batch = await desk.call('print.batch', { from: { kind: 'list', text: rows.map((row) => row.serial).join('\n') } });
    await desk.call('print.start', { job: batch.result.job, printers: ['Slow'] });
    const listed = await desk.call('devices.printers');
    expect(listed.result.printers.find((p: { name: string }) => p.name === 'Slow')).toMatchObject({ state: 'printing' });
    const refused = await desk.call('devices.printCard', { printer: 'Slow', card: 'test' });
    expect(refused.error).toEqual({
      code: 'PRINTERS_UNAVAILABLE',
      message: `Slow is printing job ${batch.result.job}: print the test card when the job is paused or has finished.`,
    });
    await desk.call('print.cancel', { job: batch.result.job });
    await desk.settled();
    const after = await desk.call('devices.printers');
    expect(after.result.printers.find((p: { name: string }) => p.name === 'Slow')).toMatchObject({ state: 'ready' });
  });

  it('adds a demo printer with an encoder and removes it; a second printer of the same name is refused', async () => {
    desk = await demoDesk();
    const added = await desk.call('devices.addPrinter', { driver: 'demo', name: 'Training 5', encoder: 'demo' });
    expect(added.result).toMatchObject({
      name: 'Training 5',
      driver: 'demo',
      target: 'demo-printers/Training 5',
      encoder: 'demo',
    });
    const again = await desk.call('devices.addPrinter', { driver: 'demo', name: 'Training 5' });
    expect(again.error).toMatchObject({
      code: 'USAGE',
      message: expect.stringContaining('already has a printer called Training 5'),
    });
    expect((await desk.call('devices.printers')).result.printers).toHaveLength(5);
    expect((await desk.call('devices.removePrinter', { name: 'Training 5' })).result).toEqual({ removed: 'Training 5' });
    expect((await desk.call('devices.printers')).result.printers).toHaveLength(4);
  });

  it('shows the demo station’s virtual desk encoder, empty until a card is placed on it', async () => {
    desk = await demoDesk();
    const { result } = await desk.call('devices.readers');
    expect(result.readers).toContainEqual(expect.objectContaining({ name: 'Demo desk encoder', kind: 'demo', state: 'empty' }));
    await desk.call('chips.placeDemoCard', { reader: 'Demo desk encoder', uid: null });
    const after = await desk.call('devices.readers');
    const reader = after.result.readers.find((r: { name: string }) => r.name === 'Demo desk encoder');
    expect(reader).toMatchObject({
      state: 'card',
      card: { from: 'Demo desk encoder', uid: expect.stringMatching(/^04[0-9A-F]{12}$/) },
    });
  });
});

describe('bad input on the Devices screen, each refused with what to do', () => {
  it.each([
    ['an unknown printer for a test card', 'devices.printCard', { printer: 'Nowhere', card: 'test' }, 'PRINTER_UNKNOWN'],
    ['an unknown printer to remove', 'devices.removePrinter', { name: 'Nowhere' }, 'PRINTER_UNKNOWN'],
    [
      'an unknown printer to calibrate',
      'devices.calibrate',
      { printer: 'Nowhere', calibration: { offsetX: 0, offsetY: 0, scaleX: 1, scaleY: 1, rotate180: false } },
      'PRINTER_UNKNOWN',
    ],
    [
      'an offset past ±5 mm',
      'devices.calibrate',
      { printer: 'Demo-1', calibration: { offsetX: 9, offsetY: 0, scaleX: 1, scaleY: 1, rotate180: false } },
      'BAD_PARAMS',
    ],
    ['a card kind that does not exist', 'devices.printCard', { printer: 'Demo-1', card: 'badge' }, 'BAD_PARAMS'],
    ['a printer name no printer can have', 'devices.addPrinter', { driver: 'demo', name: '../etc' }, 'USAGE'],
    ['an extra param', 'devices.printers', { all: true }, 'BAD_PARAMS'],
  ])('%s', async (_what, method, params, code) => {
    desk ??= await demoDesk();
    const answer = await desk.call(method, params);
    expect(answer.error?.code).toBe(code);
    expect(answer.error?.message).not.toMatch(/at .*\.ts:\d+/);
  });
});

describe('a CUPS printer added on the Devices screen, checked against a real cupsd', () => {
  let cups: Cupsd;
  let root: string;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'badge-desk-cups-'));
    cups = await startCupsd(root);
    cups.addQueue('counter-1');
  });
  afterAll(async () => {
    await cups?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('takes a queue whose driver matches its make, and shows it with the spooler’s state', async () => {
    desk = await demoDesk();
    const added = await desk.call('devices.addPrinter', {
      driver: 'cups',
      name: 'Counter 1',
      queue: 'counter-1',
      server: cups.url,
    });
    expect(added.result).toMatchObject({
      name: 'Counter 1',
      driver: 'cups',
      target: 'counter-1',
      profile: 'generic-pdf',
      ribbonType: 'YMCKO',
    });
    const listed = await desk.call('devices.printers');
    const counter = listed.result.printers.find((p: { name: string }) => p.name === 'Counter 1');
    expect(counter).toMatchObject({ driver: 'cups', state: 'ready' });
  });

  it('refuses a queue the spooler does not have, saying to add it in the system’s printer settings', async () => {
    desk = await demoDesk();
    const answer = await desk.call('devices.addPrinter', {
      driver: 'cups',
      name: 'Ghost',
      queue: 'no-such-queue',
      server: cups.url,
    });
    expect(answer.error).toMatchObject({
      code: 'PRINTER_UNKNOWN',
      message: expect.stringContaining("Add the queue in the system's printer settings first"),
    });
    expect((await desk.call('devices.printers')).result.printers).toHaveLength(4);
  });

  it('refuses a make the queue’s driver does not match, naming what is missing', async () => {
    desk = await demoDesk();
    const answer = await desk.call('devices.addPrinter', {
      driver: 'cups',
      name: 'Zebra',
      queue: 'counter-1',
      server: cups.url,
      profile: 'zebra-zc300',
      rotate180: true,
    });
    expect(answer.error?.code).toBe('USAGE');
    expect(answer.error?.message).toContain("counter-1's driver does not match a Zebra");
    expect(answer.error?.message).toContain('Rotate180');
    expect((await desk.call('devices.printers')).result.printers).toHaveLength(4);
  });
});
