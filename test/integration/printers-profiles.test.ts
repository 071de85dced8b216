import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
});
