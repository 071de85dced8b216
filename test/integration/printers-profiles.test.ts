import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDevices } from '../../electron/devices/index.ts';
import {
  CupsSpooler,
  checkProfile,
  evolisCommand,
  jobOptions,
  PROFILES,
  type PrinterProfile,
} from '../../native/printers/index.ts';
import { type Cupsd, startCupsd } from '../support/cupsd.ts';
import { cli } from '../support/station.ts';

const profile = (id: string) => PROFILES.find((candidate) => candidate.id === id) as PrinterProfile;

describe('printer profiles', () => {
  it('turn what a card needs into the options of its printer’s driver', () => {
    expect(jobOptions(profile('generic-pdf'), { ribbon: 'YMCKO', duplex: true })).toEqual({
      'print-color-mode': 'color',
      sides: 'two-sided-long-edge',
    });
    expect(jobOptions(profile('evolis-primacy'), { ribbon: 'KO', duplex: false, rotate180: true })).toEqual({
      Ribbon: 'RM_KO',
      FRotation: 'ROT180',
    });
    // A card that must not be varnished (a chip window, a signature strip), on each
    // profile that can leave the overlay out; with the overlay, nothing is sent for it.
    expect(jobOptions(profile('evolis-primacy'), { ribbon: 'YMCKO', duplex: false, overlay: false })).toMatchObject({
      FOverlayManagement: 'NOVARNISH',
    });
    const overlaid = jobOptions(profile('evolis-primacy'), { ribbon: 'YMCKO', duplex: false, overlay: true });
    expect(overlaid).not.toHaveProperty('FOverlayManagement');
    for (const each of PROFILES.filter((candidate) => candidate.overlayOff)) {
      const ribbon = Object.keys(each.ribbon)[0] as never;
      const off = each.overlayOff as { option: string; value: string };
      expect(jobOptions(each, { ribbon, duplex: false, overlay: false }), each.id).toMatchObject({ [off.option]: off.value });
    }
  });

  it('refuse what a printer cannot do, naming the printer', () => {
    expect(() => jobOptions(profile('generic-pdf'), { ribbon: 'KO', duplex: false })).toThrow(
      /Any printer .* cannot print with a KO ribbon/,
    );
  });

  it('say where every option comes from, or that it is unverified', () => {
    for (const each of PROFILES) {
      const settings = [...Object.values(each.ribbon), each.duplexOn, each.overlayOff, each.rotate180].filter(Boolean);
      for (const setting of settings) expect(setting?.source).toMatch(/^(unverified|IPP standard attribute|.*PPD|.*driver)/);
    }
  });
});

describe('a profile checked against the queue’s own PPD, through a real cupsd', () => {
  let cups: Cupsd;
  let root: string;
  let spooler: CupsSpooler;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'badge-cups-'));
    cups = await startCupsd(root);
    spooler = new CupsSpooler(cups.url);
  });
  afterAll(async () => {
    await cups?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('finds the options a vendor profile would send that the installed driver does not have', async () => {
    cups.addQueue('desk-1');
    const ppd = await spooler.ppd('desk-1');
    expect(ppd).toContain('*NickName: "Badge Station Test Card Printer (CR80, duplex)"');
    expect(checkProfile(profile('generic-pdf'), ppd)).toEqual([]);
    expect(checkProfile(profile('zebra-zc300'), ppd)).toEqual([
      "the PPD's Ribbon has no choice KdO",
      'the PPD has no option Rotate180',
    ]);
  });

  it('are listed for the technician by `badge-station printers`, with their state', async () => {
    cups.addQueue('desk-2', { fail: 'media-empty' });
    const jobId = await spooler.submit('desk-2', { jobName: 'x', pdf: Buffer.from('%PDF-1.4\n%%EOF\n') });
    await expect(spooler.waitForJob('desk-2', jobId, { pollMs: 50 })).rejects.toMatchObject({ code: expect.any(String) });
    const listed = cli(['--json', 'printers', '--server', cups.url]).json<{
      result: { printers: { name: string; status: { state: string } }[] };
    }>();
    expect(listed.result.printers.map((printer) => [printer.name, printer.status.state])).toEqual(
      expect.arrayContaining([
        ['desk-1', 'ready'],
        ['desk-2', 'out-of-cards'],
      ]),
    );
    const plain = cli(['printers', '--server', cups.url]);
    expect(plain.status).toBe(0);
    expect(plain.stdout).toMatch(/^desk-2 {2}out-of-cards {2}ribbon 80% {2}Badge Station Test Card Printer/m);
  });

  it('sends Evolis commands byte for byte through a raw queue', async () => {
    const { captureDir } = cups.addQueue('evolis-raw', { raw: true });
    const bytes = Buffer.concat([evolisCommand('toContactlessStation'), evolisCommand('reject')]);
    const jobId = await spooler.submitRaw('evolis-raw', 'E-007-0000001-1 to encoder', bytes);
    await spooler.waitForJob('evolis-raw', jobId, { pollMs: 50 });
    expect(readFileSync(join(captureDir, `job-${jobId}.data`))).toEqual(Buffer.from('\x1bSic\r\x1bSer\r', 'latin1'));
  });

  it('`printers add` checks a printer against its queue: the make against the driver, an inline encoder against the card moves', () => {
    cups.addQueue('desk-3');
    cups.addQueue('evolis-3', { ppd: 'evolis-primacy.ppd' });
    const data = ['--data', join(mkdtempSync(join(tmpdir(), 'badge-printers-')), 'station')];
    expect(cli([...data, 'init', '--station', '7']).status).toBe(0);
    const add = (...args: string[]) => cli([...data, '--json', 'printers', 'add', ...args, '--server', cups.url]);

    expect(add('Desk C', '--cups', 'desk-3', '--encoder', 'pcsc:Reader 0').json()).toMatchObject({
      error: {
        code: 'USAGE',
        message: expect.stringContaining('no way to move a card to the encoder or a bad one to the reject box'),
      },
    });
    expect(add('Desk C', '--cups', 'desk-3', '--profile', 'zebra-zc300', '--ribbon', 'KO').json()).toMatchObject({
      error: { code: 'USAGE', message: expect.stringContaining("the PPD's Ribbon has no choice KdO") },
    });
    expect(add('Desk C', '--cups', 'no-such-queue').json()).toMatchObject({ error: { code: 'PRINTER_UNKNOWN' } });
    expect(add('Desk C', '--cups', 'desk-3', '--ribbon', 'KO').json()).toMatchObject({
      error: { message: expect.stringContaining('takes YMCKO ribbons, not "KO"') },
    });

    const evolis = add(
      'Desk E',
      '--cups',
      'evolis-3',
      '--profile',
      'evolis-primacy',
      '--ribbon',
      'KO',
      '--encoder',
      'pcsc:Reader 0',
    );
    expect(evolis.json()).toMatchObject({ ok: true, result: { profile: 'evolis-primacy', ribbon: 'KO' } });
    expect(add('Desk C', '--cups', 'desk-3').json()).toMatchObject({
      ok: true,
      result: { profile: 'generic-pdf', ribbon: 'YMCKO' },
    });
    expect(cli([...data, 'printers', 'list']).stdout).toContain('Desk E: CUPS queue evolis-3');
  }, 120_000);

  it("each card job carries its printer's options: both sides for a card with a back, and the generic make's colour mode", async () => {
    const { captureDir } = cups.addQueue('desk-4');
    const [device] = openDevices(mkdtempSync(join(tmpdir(), 'badge-printers-')), [
      { name: 'Desk D', driver: 'cups', target: 'desk-4', server: cups.url, encoder: null, paceMs: null },
    ]);
    const pdf = Buffer.from(
      await new Promise<Buffer>((resolve) => {
        const doc = new PDFDocument({ size: [242.65, 153.01] });
        const chunks: Buffer[] = [];
        doc.on('data', (chunk: Buffer) => chunks.push(chunk));
        doc.on('end', () => resolve(Buffer.concat(chunks)));
        doc.text('front').addPage().text('back').end();
      }),
    );
    const printed = await device?.printer.print({ jobName: 'E-007-0000040-1 #1', pdf, twoSided: true });
    const options = readFileSync(join(captureDir, `job-${printed?.jobId}.options`), 'utf8').split('\n')[3];
    expect(options).toContain('sides=two-sided-long-edge');
    expect(options).toContain('print-color-mode=color');
  });
});
