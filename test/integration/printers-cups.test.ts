import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CupsCardPrinter, CupsSpooler } from '../../native/printers/index.ts';
import { type Cupsd, startCupsd } from '../support/cupsd.ts';
import { tempDir } from '../support/station.ts';

/** A one-card PDF (front and back) the size of a CR80 card. */
async function cardPdf(serial: string): Promise<Buffer> {
  const doc = new PDFDocument({ size: [242.65, 153.01], margin: 0 });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise((resolve) => doc.on('end', resolve));
  doc.fontSize(14).text(serial, 20, 60);
  doc
    .addPage({ size: [242.65, 153.01], margin: 0 })
    .fontSize(8)
    .text('back', 20, 60);
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

async function waitFor(check: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('card printers behind a real CUPS spooler', () => {
  let cups: Cupsd;
  let spooler: CupsSpooler;

  let root: string;

  beforeAll(async () => {
    // Lives for the whole file (tempDir() folders go after each test).
    root = mkdtempSync(join(tmpdir(), 'badge-cups-'));
    cups = await startCupsd(root);
    spooler = new CupsSpooler(cups.url, { timeoutMs: 5000 });
  });
  afterAll(async () => {
    await cups?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('are found with their card size, duplex and state', async () => {
    cups.addQueue('evolis-desk-1');
    const queues = await spooler.listQueues();
    const queue = queues.find((candidate) => candidate.name === 'evolis-desk-1');
    expect(queue).toMatchObject({
      makeAndModel: 'Badge Station Test Card Printer (CR80, duplex)',
      colour: true,
      status: { state: 'ready', acceptingJobs: true },
    });
    expect(queue?.media.some((media) => /85\.\d+x5[34]\.\d+mm|CR80/i.test(media))).toBe(true);
    expect(queue?.sides).toContain('two-sided-long-edge');
  });

  it('print one card as one job named by its serial, followed to completion', async () => {
    const { captureDir } = cups.addQueue('zebra-desk-2');
    const jobId = await spooler.submit('zebra-desk-2', {
      jobName: 'E-007-0000001-1',
      pdf: await cardPdf('E-007-0000001-1'),
      sides: 'two-sided-long-edge',
      options: { Ribbon: 'KO' },
    });
    await expect(spooler.waitForJob('zebra-desk-2', jobId, { pollMs: 50 })).resolves.toEqual({ jobId, state: 'completed' });
    const data = readFileSync(join(captureDir, `job-${jobId}.data`));
    expect(data.subarray(0, 5).toString()).toBe('%PDF-');
    const [id, , title, options] = readFileSync(join(captureDir, `job-${jobId}.options`), 'utf8').split('\n');
    expect(id).toBe(String(jobId));
    expect(title).toBe('E-007-0000001-1');
    expect(options).toContain('sides=two-sided-long-edge');
    expect(options).toContain('Ribbon=KO');
    expect(options).toMatch(/PageSize=CR80|media=\S*(CR80|85\.\d+x5[34])/i);
  });

  it('drive a card printer through one interface: print resolves once the card is out', async () => {
    const { captureDir } = cups.addQueue('magicard-desk-3', { delay: 0.2 });
    const printer = new CupsCardPrinter(spooler, 'magicard-desk-3');
    const printed = await printer.print({ jobName: 'G-007-0000009-1', pdf: await cardPdf('G-007-0000009-1') });
    expect(printed.finishedAt - printed.startedAt).toBeGreaterThanOrEqual(200);
    expect(existsSync(join(captureDir, `job-${printed.jobId}.data`))).toBe(true);
    expect((await printer.status()).state).toBe('ready');
  });

  it.each([
    // CUPS pauses a queue whose backend stops answering; its message says why.
    ['offline', 'PRINTER_OFFLINE', 'paused'],
    ['media-empty', 'MEDIA_EMPTY', 'out-of-cards'],
    ['ribbon-empty', 'RIBBON_EMPTY', 'ribbon-out'],
    ['jam', 'PRINTER_JAMMED', 'jammed'],
  ] as const)('a printer that goes %s mid-job gives %s, the job kept, the card not printed', async (fail, code, state) => {
    const name = `failing-${fail}`;
    const { captureDir } = cups.addQueue(name, { fail });
    const jobId = await spooler.submit(name, { jobName: 'V-007-0000002-1', pdf: await cardPdf('V-007-0000002-1') });
    await expect(spooler.waitForJob(name, jobId, { pollMs: 50, timeoutMs: 15_000 })).rejects.toMatchObject({ code, jobId });
    expect((await spooler.status(name)).state).toBe(state);
    expect(existsSync(join(captureDir, `job-${jobId}.data`))).toBe(false);
    await spooler.cancel(name, jobId);
  });

  it('a queue that is not accepting jobs refuses the card with JOB_REFUSED', async () => {
    cups.addQueue('rejecting');
    execFileSync('/usr/sbin/cupsreject', ['-h', `127.0.0.1:${cups.port}`, '-r', 'maintenance', 'rejecting']);
    await expect(spooler.submit('rejecting', { jobName: 'M-007-0000003-1', pdf: await cardPdf('x') })).rejects.toMatchObject({
      code: 'JOB_REFUSED',
    });
  });

  it('a printer removed from the spooler mid-job is reported, not waited on forever', async () => {
    cups.addQueue('unplugged', { delay: 3 });
    const jobId = await spooler.submit('unplugged', { jobName: 'S-007-0000004-1', pdf: await cardPdf('x') });
    await waitFor(() => true);
    cups.lpadmin('-x', 'unplugged');
    await expect(spooler.waitForJob('unplugged', jobId, { pollMs: 50 })).rejects.toMatchObject({
      code: expect.stringMatching(/PRINTER_NOT_FOUND|JOB_CANCELED/),
    });
  });

  it('a spooler that is not running is SPOOLER_UNREACHABLE', async () => {
    const stopped = await startCupsd(tempDir('badge-cups-'));
    const url = stopped.url;
    await stopped.stop();
    await expect(new CupsSpooler(url, { timeoutMs: 2000 }).listQueues()).rejects.toMatchObject({ code: 'SPOOLER_UNREACHABLE' });
  });
});
