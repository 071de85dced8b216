import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
  ] as const)(
    'a printer that goes %s mid-job gives %s, the job kept, and says the card had begun (unless no card was picked)',
    async (fail, code, state) => {
      const name = `failing-${fail}`;
      const { captureDir } = cups.addQueue(name, { fail });
      const jobId = await spooler.submit(name, { jobName: 'V-007-0000002-1', pdf: await cardPdf('V-007-0000002-1') });
      await expect(spooler.waitForJob(name, jobId, { pollMs: 50, timeoutMs: 15_000 })).rejects.toMatchObject({
        code,
        jobId,
        // An empty feeder picked no card; any other failure came while the card was going through.
        cardStarted: fail !== 'media-empty',
      });
      expect((await spooler.status(name)).state).toBe(state);
      expect(existsSync(join(captureDir, `job-${jobId}.data`))).toBe(false);
      await spooler.cancel(name, jobId);
    },
  );

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

  describe('after a crash, the printer is asked what became of each card', () => {
    it("a card that came out is printed, with the spooler's own times; the newest job of a name resent wins", async () => {
      cups.addQueue('resume-done');
      const printer = new CupsCardPrinter(spooler, 'resume-done');
      const before = Date.now();
      const first = await printer.print({ jobName: 'E-007-0000021-1', pdf: await cardPdf('E-007-0000021-1') });
      const sent = await printer.lookup('E-007-0000021-1', before);
      expect(sent).toMatchObject({ state: 'printed', jobId: first.jobId });
      if (sent.state !== 'printed') throw new Error('unreachable');
      // CUPS keeps times in whole seconds.
      expect(sent.startedAt).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
      expect(sent.finishedAt).toBeGreaterThanOrEqual(sent.startedAt as number);
      expect(sent.finishedAt).toBeLessThanOrEqual(Date.now());

      const resent = await printer.print({ jobName: 'E-007-0000021-1', pdf: await cardPdf('E-007-0000021-1') });
      expect(resent.jobId).toBeGreaterThan(first.jobId);
      expect(await printer.lookup('E-007-0000021-1', before)).toMatchObject({ state: 'printed', jobId: resent.jobId });
    });

    // The spooler's history is dated by cupsd's clock, the real one: these tests date the
    // cards' sending from the real clock too.
    it('a card the spooler never got is unknown when its history reaches back past the sending, even when another queue printed that name (real clock)', async () => {
      cups.addQueue('resume-other');
      cups.addQueue('resume-never');
      await new CupsCardPrinter(spooler, 'resume-other').print({ jobName: 'V-007-0000022-1', pdf: await cardPdf('x') });
      await new CupsCardPrinter(spooler, 'resume-never').print({ jobName: 'V-007-0000021-1', pdf: await cardPdf('x') });
      // Sent (the station says) ten minutes after both queues' oldest jobs.
      const sentAt = Date.now() + 10 * 60_000;
      expect(await new CupsCardPrinter(spooler, 'resume-never').lookup('V-007-0000022-1', sentAt)).toEqual({ state: 'unknown' });
      expect(await new CupsCardPrinter(spooler, 'resume-other').lookup('V-007-0000099-1', sentAt)).toEqual({ state: 'unknown' });
    });

    it('a card whose job the spooler has purged from its history is forgotten, never unknown (real clock)', async () => {
      cups.addQueue('resume-purged');
      const printer = new CupsCardPrinter(spooler, 'resume-purged');
      const sentAt = Date.now();
      await printer.print({ jobName: 'E-007-0000027-1 #1', pdf: await cardPdf('E-007-0000027-1') });
      execFileSync('/usr/bin/cancel', ['-h', `127.0.0.1:${cups.port}`, '-a', '-x', 'resume-purged']);
      expect(await printer.lookup('E-007-0000027-1 #1', sentAt)).toEqual({ state: 'forgotten' });
      // An empty history reaches nowhere, however long ago the card was sent.
      expect(await printer.lookup('E-007-0000027-1 #1', sentAt - 3_600_000)).toEqual({ state: 'forgotten' });
    });

    it('a card still in the printer is printing, and following it resolves once it is out', async () => {
      const { captureDir } = cups.addQueue('resume-slow', { delay: 1.5 });
      const printer = new CupsCardPrinter(spooler, 'resume-slow');
      const jobId = await spooler.submit('resume-slow', { jobName: 'G-007-0000023-1', pdf: await cardPdf('G-007-0000023-1') });
      expect(await printer.lookup('G-007-0000023-1', Date.now())).toEqual({ state: 'printing', jobId });
      const printed = await printer.follow(jobId);
      expect(printed.jobId).toBe(jobId);
      expect(printed.finishedAt).toBeGreaterThanOrEqual(printed.startedAt);
      expect(existsSync(join(captureDir, `job-${jobId}.data`))).toBe(true);
      expect(await printer.lookup('G-007-0000023-1', Date.now())).toMatchObject({ state: 'printed', jobId });
    });

    it('a cancelled card is failed with JOB_CANCELED', async () => {
      cups.addQueue('resume-cancel', { delay: 5 });
      const printer = new CupsCardPrinter(spooler, 'resume-cancel');
      const jobId = await spooler.submit('resume-cancel', { jobName: 'M-007-0000024-1', pdf: await cardPdf('x') });
      await spooler.cancel('resume-cancel', jobId);
      expect(await printer.lookup('M-007-0000024-1', Date.now())).toMatchObject({
        state: 'failed',
        jobId,
        code: 'JOB_CANCELED',
        // Cancelled at once: whether the printer had begun it is for the spooler to say.
        message: expect.stringMatching(/not printed|half printed/),
        cardStarted: expect.any(Boolean),
      });
      await expect(printer.follow(jobId)).rejects.toMatchObject({ code: 'JOB_CANCELED', jobId });
    });

    it("a card stuck in a jammed printer is still the printer's; following it says PRINTER_JAMMED", async () => {
      cups.addQueue('resume-jam', { fail: 'jam' });
      const printer = new CupsCardPrinter(spooler, 'resume-jam');
      const jobId = await spooler.submit('resume-jam', { jobName: 'S-007-0000025-1', pdf: await cardPdf('x') });
      await expect(spooler.waitForJob('resume-jam', jobId, { pollMs: 50, timeoutMs: 15_000 })).rejects.toMatchObject({
        code: 'PRINTER_JAMMED',
      });
      expect(await printer.lookup('S-007-0000025-1', Date.now())).toEqual({ state: 'printing', jobId });
      await expect(printer.follow(jobId)).rejects.toMatchObject({ code: 'PRINTER_JAMMED', jobId });
      await spooler.cancel('resume-jam', jobId);
      expect(await printer.lookup('S-007-0000025-1', Date.now())).toMatchObject({ state: 'failed', code: 'JOB_CANCELED' });
    });

    it('a card the printer could not process is followed to JOB_ABORTED', async () => {
      cups.addQueue('resume-garbled');
      cups.lpadmin('-p', 'resume-garbled', '-o', 'printer-error-policy=abort-job');
      const printer = new CupsCardPrinter(spooler, 'resume-garbled');
      const jobId = await spooler.submit('resume-garbled', { jobName: 'P-007-0000026-1', pdf: Buffer.from('not a PDF') });
      const sent = await printer.lookup('P-007-0000026-1', Date.now());
      expect(sent).toMatchObject({ jobId, state: expect.stringMatching(/^(printing|failed)$/) });
      await expect(printer.follow(jobId)).rejects.toMatchObject({ code: 'JOB_ABORTED', jobId });
    });
  });

  it('following a card costs one IPP request a poll; the printer is asked about only when the job shows a problem', async () => {
    cups.addQueue('polled', { delay: 0.6 });
    cups.addQueue('polled-offline', { fail: 'offline', delay: 0.3 });
    class Counting extends CupsSpooler {
      polls = 0;
      override jobState(queue: string, jobId: number) {
        this.polls += 1;
        return super.jobState(queue, jobId);
      }
    }
    const counting = new Counting(cups.url, { timeoutMs: 5000 });
    const jobId = await counting.submit('polled', { jobName: 'E-007-0000030-1', pdf: await cardPdf('x') });
    const before = counting.requests;
    await counting.waitForJob('polled', jobId, { pollMs: 50 });
    expect(counting.polls).toBeGreaterThan(3);
    expect(counting.requests - before).toBe(counting.polls);

    const failing = await counting.submit('polled-offline', { jobName: 'E-007-0000031-1', pdf: await cardPdf('x') });
    const polls = counting.polls;
    const start = counting.requests;
    await expect(counting.waitForJob('polled-offline', failing, { pollMs: 50, timeoutMs: 15_000 })).rejects.toMatchObject({
      code: 'PRINTER_OFFLINE',
    });
    // One more for the printer's state, once the job said the printer stopped.
    expect(counting.requests - start).toBe(counting.polls - polls + 1);
    await counting.cancel('polled-offline', failing);
  });

  it('a job held in the spooler is reported as held, not as an offline printer; a queue that holds every job is paused', async () => {
    cups.addQueue('holding');
    const file = join(tempDir('badge-cups-held-'), 'card.pdf');
    writeFileSync(file, await cardPdf('x'));
    const out = execFileSync('/usr/bin/lp', [
      '-h',
      `127.0.0.1:${cups.port}`,
      '-d',
      'holding',
      '-H',
      'indefinite',
      file,
    ]).toString();
    const jobId = Number(/holding-(\d+)/.exec(out)?.[1]);
    await expect(spooler.waitForJob('holding', jobId, { pollMs: 50 })).rejects.toMatchObject({ code: 'JOB_HELD', jobId });
    expect((await spooler.status('holding')).state).toBe('ready');
    cups.lpadmin('-p', 'holding', '-o', 'job-hold-until-default=indefinite');
    expect(await spooler.status('holding')).toMatchObject({
      state: 'paused',
      message: expect.stringContaining('holds every new job'),
    });
  });

  it('a spooler that is not running is SPOOLER_UNREACHABLE', async () => {
    const stopped = await startCupsd(tempDir('badge-cups-'));
    const url = stopped.url;
    await stopped.stop();
    await expect(new CupsSpooler(url, { timeoutMs: 2000 }).listQueues()).rejects.toMatchObject({ code: 'SPOOLER_UNREACHABLE' });
  });
});
