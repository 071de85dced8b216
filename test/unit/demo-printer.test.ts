import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DemoPrinter, PrinterWatcher } from '../../native/printers/index.ts';
import { tempDir } from '../support/station.ts';

const card = (serial: string) => ({ jobName: serial, pdf: Buffer.from('%PDF-1.7 demo'), preview: Buffer.from('png') });

describe('the demo printer', () => {
  it('prints cards into its folder at its pace, PDF and PNG, counting ribbon down', async () => {
    const dir = tempDir();
    const printer = new DemoPrinter({ name: 'demo-1', outputDir: dir, paceMs: 30, ribbonPanels: 10 });
    const printed = await printer.print(card('E-007-0000001-1'));
    expect(printed.finishedAt - printed.startedAt).toBeGreaterThanOrEqual(25);
    await printer.print(card('E-007-0000002-1'));
    expect(readdirSync(dir).sort()).toEqual([
      '00001-E-007-0000001-1.pdf',
      '00001-E-007-0000001-1.png',
      '00002-E-007-0000002-1.pdf',
      '00002-E-007-0000002-1.png',
    ]);
    expect((await printer.status()).markers[0]?.level).toBe(80);
  });

  it('reports a jam, an empty hopper and a used-up ribbon like a real printer, printing nothing', async () => {
    const dir = tempDir();
    const printer = new DemoPrinter({ name: 'demo-2', outputDir: dir, paceMs: 1, cardsLoaded: 1, ribbonPanels: 2 });
    printer.fault('jam');
    await expect(printer.print(card('V-1'))).rejects.toMatchObject({ code: 'PRINTER_JAMMED' });
    expect((await printer.status()).state).toBe('jammed');
    printer.fault(undefined);
    await printer.print(card('V-2'));
    await expect(printer.print(card('V-3'))).rejects.toMatchObject({ code: 'MEDIA_EMPTY' });
    printer.loadCards(5);
    await printer.print(card('V-4'));
    await expect(printer.print(card('V-5'))).rejects.toMatchObject({ code: 'RIBBON_EMPTY' });
    expect(readdirSync(dir).filter((file) => file.endsWith('.pdf'))).toHaveLength(2);
  });

  it('warns when the ribbon runs low, and still prints', async () => {
    const printer = new DemoPrinter({ name: 'demo-4', outputDir: tempDir(), paceMs: 0, ribbonPanels: 20 });
    for (let i = 0; i < 19; i += 1) await printer.print(card(`G-${i}`));
    expect(await printer.status()).toMatchObject({ state: 'ribbon-low', markers: [{ name: 'Ribbon', level: 5 }] });
  });

  it('stops a card when told to, leaving nothing half-printed', async () => {
    const dir = tempDir();
    const printer = new DemoPrinter({ name: 'demo-3', outputDir: dir, paceMs: 5000 });
    const controller = new AbortController();
    const printing = printer.print(card('S-1'), controller.signal);
    expect((await printer.status()).state).toBe('printing');
    controller.abort();
    await expect(printing).rejects.toThrow();
    expect(readdirSync(dir)).toEqual([]);
    expect((await printer.status()).state).toBe('ready');
  });
});

describe('watching a printer while it works', () => {
  it('tells of each change the counter would see, once', async () => {
    const printer = new DemoPrinter({ name: 'demo-5', outputDir: tempDir(), paceMs: 0, cardsLoaded: 1 });
    const watcher = new PrinterWatcher(printer, { intervalMs: 10_000 });
    const seen: string[] = [];
    watcher.on('change', (status) => seen.push(status.state));
    await watcher.poll();
    await watcher.poll();
    printer.fault('jam');
    await watcher.poll();
    printer.fault(undefined);
    await watcher.poll();
    await printer.print(card('E-1'));
    await watcher.poll();
    expect(seen).toEqual(['ready', 'jammed', 'ready', 'out-of-cards']);
  });

  it('reads a printer that cannot be asked as offline', async () => {
    const broken = {
      name: 'gone',
      status: () => Promise.reject(new Error('ECONNREFUSED')),
      print: () => Promise.reject(new Error('no')),
    };
    const watcher = new PrinterWatcher(broken);
    expect(await watcher.poll()).toMatchObject({ state: 'offline', acceptingJobs: false });
  });
});
