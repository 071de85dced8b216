/**
 * A batch's fold-in venue maps, through `badge-station maps`: whatever order the card
 * printers finished in, the map sheets follow the handover order (by organisation, then
 * name; or as the batch was made), show each holder's name and serial, and carry fold
 * marks where the inserts fold.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { INSERT, SHEET } from '../../electron/core/handover/index.ts';
import { demoPort } from '../../electron/devices/index.ts';
import { DemoPrinter } from '../../native/printers/index.ts';
import { startCupsd } from '../support/cupsd.ts';
import { ledgerData, pipelineOn, pipelineStation } from '../support/pipeline.ts';
import { pdfText, rasterisePdf } from '../support/render.ts';
import { cli, tempDir } from '../support/station.ts';

vi.setConfig({ testTimeout: 120_000 });

interface MapsAnswer {
  result: { job: number; maps: number; sheets: number; serials: string[]; leftOut: unknown[]; notIssued: number };
}

const collator = new Intl.Collator(['zh-CN-u-co-pinyin', 'en'], { sensitivity: 'base', numeric: true });

describe("a print job's venue maps", () => {
  it('come in handover order from cards three printers finished in another order, with names, serials and fold marks', async () => {
    const desk = await pipelineStation(14, [], { folder: tempDir('badge-station-maps-') });
    const station = desk.open();
    const { jobs, run } = pipelineOn(desk, station);
    const job = jobs.createJob({ name: 'counter 3', badges: { unprinted: true }, actor: 'system:test', now: desk.clock() });
    // Three printers at different paces: the cards come out interleaved, not in any order of the roster's.
    const printers = [0, 35, 80].map(
      (paceMs, n) =>
        new DemoPrinter({ name: `P${n + 1}`, outputDir: tempDir('badge-station-demo-printer-'), paceMs, durable: false }),
    );
    await run(printers.map((printer) => ({ printer: demoPort(printer) })));
    const finished = ledgerData(station, 'BADGE_ISSUED').map((data) => data.serial as string);
    const holders = new Map(
      (
        station.db
          .statement('SELECT v.serial, h.name, h.organisation FROM badge_versions v JOIN holders h ON h.id = v.holder')
          .all() as { serial: string; name: string; organisation: string }[]
      ).map((row) => [row.serial, row]),
    );
    station.close();
    expect(finished).toHaveLength(14);

    const out = join(tempDir('badge-station-maps-out-'), 'maps.pdf');
    const made = cli(['--data', desk.dataDir, '--json', 'maps', '--job', String(job), '--out', out], desk.env);
    expect(made.status, made.stderr).toBe(0);
    const { result } = made.json<MapsAnswer>();
    expect(result).toMatchObject({ job, maps: 14, sheets: 4, leftOut: [], notIssued: 0 });
    expect([...result.serials].sort()).toEqual([...finished].sort());
    expect(result.serials).not.toEqual(finished);
    // By organisation, then name, as the office sorts them (Chinese by pinyin).
    result.serials.slice(1).forEach((serial, n) => {
      const before = holders.get(result.serials[n] as string) as { name: string; organisation: string };
      const after = holders.get(serial) as { name: string; organisation: string };
      const byOrganisation = collator.compare(before.organisation, after.organisation);
      expect(
        byOrganisation < 0 || (byOrganisation === 0 && collator.compare(before.name, after.name) <= 0),
        `${serial} after ${result.serials[n]}`,
      ).toBe(true);
    });

    // The sheets say each holder's name and serial, in the same order.
    const pdf = readFileSync(out);
    const text = pdfText(pdf, { raw: true });
    let from = 0;
    for (const serial of result.serials) {
      const at = text.indexOf(serial, from);
      expect(at, `${serial} in order on the sheets`).toBeGreaterThanOrEqual(from);
      from = at + serial.length;
      const name = (holders.get(serial) as { name: string }).name.split(' ')[0] as string;
      expect(text).toContain(name);
    }

    // As the batch was made instead: the job's own order.
    const imported = cli(
      ['--data', desk.dataDir, '--json', 'maps', '--job', String(job), '--order', 'imported', '--out', out],
      desk.env,
    );
    expect(imported.json<MapsAnswer>().result.serials).toEqual([...desk.serials]);

    // The whole pack: the pick list, its CSV and the separators follow the same order.
    const folder = join(tempDir('badge-station-pack-'), 'job');
    const packed = cli(['--data', desk.dataDir, '--json', 'handover', '--job', String(job), '--out', folder], desk.env);
    expect(packed.status, packed.stderr).toBe(0);
    const pack = packed.json<{ result: { serials: string[]; organisations: number; files: Record<string, string> } }>().result;
    expect(pack.serials).toEqual(result.serials);
    // trimEnd: trim() would take the byte-order mark too.
    const csv = readFileSync(pack.files.pickListCsv as string, 'utf8')
      .trimEnd()
      .split('\r\n');
    expect(csv[0]).toBe('\uFEFFn,serial,name,latin_name,organisation,type,lanyard,lanyard_colour');
    expect(csv.slice(1).map((line) => line.split(',')[1])).toEqual(result.serials);
    const pickText = pdfText(readFileSync(pack.files.pickList as string), { raw: true });
    let at = 0;
    for (const serial of result.serials) {
      at = pickText.indexOf(serial, at);
      expect(at, `${serial} in the pick list in order`).toBeGreaterThan(0);
    }
    // Totals per lanyard colour: as many as the cards of the types that wear it.
    const lanyards = new Map<string, number>();
    for (const line of csv.slice(1)) {
      const lanyard = line.split(',')[6] as string;
      lanyards.set(lanyard, (lanyards.get(lanyard) ?? 0) + 1);
    }
    for (const [lanyard, count] of lanyards) expect(pickText).toMatch(new RegExp(`Lanyard \\S+ ${lanyard}\\s+${count}\\b`));
    const organisations = [
      ...new Set(result.serials.map((serial) => (holders.get(serial) as { organisation: string }).organisation)),
    ];
    expect(pack.organisations).toBe(organisations.length);
    const separatorPages = pdfText(readFileSync(pack.files.separators as string), { raw: true }).split('\f');
    organisations.forEach((organisation, n) => {
      const cards = result.serials.filter(
        (serial) => (holders.get(serial) as { organisation: string }).organisation === organisation,
      );
      expect(separatorPages[n]).toContain(organisation.split(' ')[0]);
      expect(separatorPages[n]).toContain(`${cards.length} 张证件 cards`);
      for (const serial of cards) expect(separatorPages[n]).toContain(serial);
    });
    const summary = pdfText(readFileSync(pack.files.summary as string), { raw: true });
    expect(summary).toMatch(/已制证 Cards issued\s+14/);
    expect(summary).toMatch(/废卡 Rejected cards \(waste\)\s+0/);
    expect(summary).toContain('system:test');
    const perPrinter = [...summary.matchAll(/\b(P[123]) (\d+)\b/g)].map((match) => Number(match[2]));
    expect(perPrinter).toHaveLength(3);
    expect(perPrinter.reduce((sum, cards) => sum + cards, 0)).toBe(14);

    // Fold marks: the dashed ticks down each insert's fold, 1 mm long from the insert's edge,
    // read off the printed sheet at 600 dpi; each within 0.5 mm of where the fold is.
    const dpi = 600;
    const px = dpi / 25.4;
    const sheet = rasterisePdf(pdf, 1, dpi);
    // Two A6 inserts across (105 mm each) and two down, the spare millimetre of A4 split above and below.
    const top = (SHEET.height - 2 * INSERT.height) / 2;
    const row = Math.round((top + 0.5) * px);
    const dark: number[] = [];
    for (let x = 0; x < sheet.width; x += 1) if ((sheet.data[(row * sheet.width + x) * 4] as number) < 128) dark.push(x);
    const marks: number[] = [];
    let run0 = dark[0] as number;
    dark.forEach((x, n) => {
      if (n === dark.length - 1 || (dark[n + 1] as number) > x + 1) {
        marks.push((run0 + x + 1) / 2 / px);
        run0 = dark[n + 1] as number;
      }
    });
    // The left insert's fold, the cut between the inserts (a crop mark), the right insert's fold.
    expect(marks).toHaveLength(3);
    const expected = [INSERT.width / 2, INSERT.width, INSERT.width * 1.5];
    marks.forEach((at, n) => {
      expect(Math.abs(at - (expected[n] as number)), `mark ${n + 1} at ${at.toFixed(2)} mm`).toBeLessThan(0.5);
    });
  });

  it("sends the pack to an office printer's CUPS queue, A4, one job a file; a card printer's queue is refused", async () => {
    const desk = await pipelineStation(6, [], { folder: tempDir('badge-station-maps-print-') });
    const station = desk.open();
    const { jobs, run } = pipelineOn(desk, station);
    const job = jobs.createJob({ name: 'office', badges: { unprinted: true }, actor: 'system:test', now: desk.clock() });
    await run([
      {
        printer: demoPort(
          new DemoPrinter({ name: 'P1', outputDir: tempDir('badge-station-demo-printer-'), paceMs: 0, durable: false }),
        ),
      },
    ]);
    station.close();
    const cups = await startCupsd(tempDir('badge-station-cups-'));
    try {
      const { captureDir } = cups.addQueue('office-a4', { ppd: 'office-a4.ppd' });
      cups.addQueue('card-desk');
      const data = ['--data', desk.dataDir, '--json', 'handover', '--job', String(job), '--server', cups.url];
      const refused = cli([...data, '--out', join(tempDir('badge-station-pack-'), 'a'), '--print', 'card-desk'], desk.env);
      // The queue named on the command line is the wrong kind: a usage error (exit 2), nothing sent.
      expect(refused.status).toBe(2);
      expect(refused.stdout + refused.stderr).toContain(
        "card-desk is a card printer's queue (CR80 cards only): send the sheets to an office printer's queue",
      );
      const sent = cli([...data, '--out', join(tempDir('badge-station-pack-'), 'b'), '--print', 'office-a4'], desk.env);
      expect(sent.status, sent.stderr).toBe(0);
      const printed = sent.json<{ result: { printed: { name: string; jobId: number }[] } }>().result.printed;
      expect(printed.map((job) => job.name)).toEqual([
        `Job ${job} pick list`,
        `Job ${job} venue maps`,
        `Job ${job} separators`,
        `Job ${job} summary`,
      ]);
      // Each reached the printer as a PDF on A4.
      for (const { jobId } of printed) {
        await expect.poll(() => readdirSync(captureDir).includes(`job-${jobId}.data`), { timeout: 20_000 }).toBe(true);
        expect(
          readFileSync(join(captureDir, `job-${jobId}.data`))
            .subarray(0, 5)
            .toString(),
        ).toBe('%PDF-');
        expect(readFileSync(join(captureDir, `job-${jobId}.options`), 'utf8')).toMatch(/media=\S*a4|PageSize=A4/i);
      }
    } finally {
      await cups.stop();
    }
  });
});
