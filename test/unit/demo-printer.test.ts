import { spawn } from 'node:child_process';
import { appendFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DemoEncoder } from '../../native/chips/index.ts';
import { DemoPrinter, PrinterWatcher } from '../../native/printers/index.ts';
import { repoRoot, tempDir } from '../support/station.ts';

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
      'printed.jsonl',
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
      lookup: () => Promise.reject(new Error('no')),
      follow: () => Promise.reject(new Error('no')),
    };
    const watcher = new PrinterWatcher(broken);
    expect(await watcher.poll()).toMatchObject({ state: 'offline', acceptingJobs: false });
  });
});

describe("the demo printer's own count of what it printed, across processes", () => {
  it('keeps one synced line per card out, and a printer reopened on its folder knows those cards and counts on', async () => {
    const dir = tempDir();
    const first = new DemoPrinter({ name: 'demo-6', outputDir: dir, paceMs: 0 });
    const one = await first.print(card('E-007-0000001-1'));
    const two = await first.print(card('E-007-0000002-1'));
    first.close();
    const lines = readFileSync(join(dir, 'printed.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toEqual([
      { jobName: 'E-007-0000001-1', ...one },
      { jobName: 'E-007-0000002-1', ...two },
    ]);

    const again = new DemoPrinter({ name: 'demo-6', outputDir: dir, paceMs: 0 });
    expect(again.printed).toBe(2);
    expect(await again.lookup('E-007-0000002-1')).toEqual({ state: 'printed', ...two });
    expect(await again.lookup('E-007-0000003-1')).toEqual({ state: 'unknown' });
    expect(await again.follow(one.jobId)).toEqual(one);
    const three = await again.print(card('E-007-0000003-1'));
    expect(three.jobId).toBe(3);
    expect(readdirSync(dir).filter((file) => file.endsWith('.pdf'))).toContain('00003-E-007-0000003-1.pdf');
  });

  it('a card still in the printer is printing, and following it waits until it is out', async () => {
    const printer = new DemoPrinter({ name: 'demo-7', outputDir: tempDir(), paceMs: 80 });
    const printing = printer.print(card('V-007-0000001-1'));
    const sent = await printer.lookup('V-007-0000001-1');
    expect(sent).toEqual({ state: 'printing', jobId: 1 });
    const followed = await printer.follow(1);
    expect(followed).toEqual(await printing);
    expect(followed.finishedAt - followed.startedAt).toBeGreaterThanOrEqual(70);
    await expect(printer.follow(2)).rejects.toMatchObject({ code: 'JOB_ABORTED' });
  });

  it('a line cut short by a kill is no card, and the cards after it are still read back', async () => {
    const dir = tempDir();
    const first = new DemoPrinter({ name: 'demo-8', outputDir: dir, paceMs: 0 });
    await first.print(card('G-1'));
    first.close();
    appendFileSync(join(dir, 'printed.jsonl'), '{"jobName":"G-2","jobId":2,"star');
    const second = new DemoPrinter({ name: 'demo-8', outputDir: dir, paceMs: 0 });
    expect(await second.lookup('G-2')).toEqual({ state: 'unknown' });
    expect((await second.print(card('G-2'))).jobId).toBe(2);
    second.close();
    const third = new DemoPrinter({ name: 'demo-8', outputDir: dir, paceMs: 0 });
    expect(await third.lookup('G-1')).toMatchObject({ state: 'printed', jobId: 1 });
    expect(await third.lookup('G-2')).toMatchObject({ state: 'printed', jobId: 2 });
  });

  it('survives SIGKILL of the process driving it: every card it said was out is found, the one cut off is not', async () => {
    const dir = tempDir();
    const script = `
      import { DemoPrinter } from ${JSON.stringify(join(repoRoot, 'native/printers/index.ts'))};
      const printer = new DemoPrinter({ name: 'demo-9', outputDir: process.argv[1], paceMs: 15 });
      for (let n = 1; ; n += 1) {
        process.stdout.write('sending ' + n + '\\n');
        const out = await printer.print({ jobName: 'S-' + n, pdf: Buffer.from('%PDF') });
        process.stdout.write('out ' + n + ' ' + out.jobId + '\\n');
      }
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, dir], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk) => {
        stdout += chunk;
        if ((stdout.match(/^out /gm) ?? []).length >= 8 && /sending \d+\n$/.test(stdout)) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.once('exit', () => reject(new Error(`the printing process ended by itself: ${stderr}`)));
    });
    await exited;
    const out = [...stdout.matchAll(/^out (\d+) (\d+)$/gm)].map((match) => Number(match[1]));
    const cutOff = Math.max(...out) + 1;
    expect(stdout).toContain(`sending ${cutOff}`);

    const restarted = new DemoPrinter({ name: 'demo-9', outputDir: dir, paceMs: 0 });
    for (const n of out) expect(await restarted.lookup(`S-${n}`)).toMatchObject({ state: 'printed', jobId: n });
    // Killed while the card was in the printer: at most its line made it, never half a card.
    const last = await restarted.lookup(`S-${cutOff}`);
    if (last.state === 'printed') expect(last.jobId).toBe(cutOff);
    else expect(last).toEqual({ state: 'unknown' });
    expect((await restarted.print(card('S-after'))).jobId).toBe(restarted.printed);
    expect(restarted.printed).toBeGreaterThan(out.length);
  });

  it('without per-card syncing prints hundreds of cards a second at pace 0', async () => {
    const printer = new DemoPrinter({
      name: 'demo-10',
      outputDir: tempDir(),
      paceMs: 0,
      durable: false,
      cardsLoaded: 10_000,
      ribbonPanels: 10_000,
    });
    const started = performance.now();
    for (let n = 1; n <= 500; n += 1) await printer.print({ jobName: `B-${n}`, pdf: Buffer.from('%PDF') });
    const perSecond = 500 / ((performance.now() - started) / 1000);
    expect(perSecond).toBeGreaterThan(300);
    expect(await printer.lookup('B-500')).toMatchObject({ state: 'printed', jobId: 500 });
  });

  it('can carry an inline encoder', () => {
    const encoder = new DemoEncoder({ name: 'Demo encoder (Desk-A)', seed: 1 });
    const printer = new DemoPrinter({ name: 'desk-a', outputDir: tempDir(), encoder });
    expect(printer.encoder).toBe(encoder);
    expect(new DemoPrinter({ name: 'desk-b', outputDir: tempDir() }).encoder).toBeUndefined();
  });
});
