/**
 * A CUPS card printer with its PC/SC encoder inside, every part real but the card: the
 * pipeline waits for each blank card on pcscd's virtual reader (vpcd, with the test's
 * virtual NTAG playing the card the printer feeds), encodes it, then prints it through the
 * sandboxed cupsd. One card in the feed is a bad chip and goes to the reject box.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../electron/core/clock.ts';
import { addStationPrinter, stationPrinters } from '../../electron/core/jobs/index.ts';
import { checkCupsPrinter, openDevices } from '../../electron/devices/index.ts';
import { evolisCommand } from '../../native/printers/index.ts';
import { type Cupsd, startCupsd } from '../support/cupsd.ts';
import { type Pcscd, startPcscd } from '../support/pcscd.ts';
import { ledgerData, pipelineOn, pipelineStation } from '../support/pipeline.ts';
import { cli, cliBin, tempDir } from '../support/station.ts';
import { type CardAside, type PluggedCard, plugAside, plugIntoVpcd, VirtualNtag } from '../support/virtual-ntag.ts';

let pcscd: Pcscd;
let cups: Cupsd;

beforeAll(async () => {
  pcscd = await startPcscd();
  cups = await startCupsd(tempDir('badge-station-cups-'));
});

afterAll(async () => {
  await cups?.stop();
  await pcscd?.stop();
});

describe('a card printer with a PC/SC encoder inside', () => {
  it("moves each card to the encoder, encodes its chip, drops a bad chip in the reject box, and prints every badge once with its printer's options", async () => {
    const queue = cups.addQueue('evolis-rfid', { delay: 0.05, ppd: 'evolis-primacy.ppd' });
    const desk = await pipelineStation(3, [], { folder: tempDir('badge-station-pipeline-') });
    const station = desk.open();
    addStationPrinter(
      station,
      await checkCupsPrinter({
        name: 'Desk A',
        driver: 'cups',
        target: 'evolis-rfid',
        server: cups.url,
        encoder: 'pcsc:Virtual PCD',
        paceMs: null,
        profile: 'evolis-primacy',
        ribbon: 'KO',
      }),
    );
    const { jobs, run } = pipelineOn(desk, station);
    const job = jobs.createJob({ name: 'bulk', badges: { unprinted: true }, actor: 'system:test' });

    // The printer's card feed: the second blank card is a bad chip that stops taking writes.
    // Each card answers from a thread of its own, as a real one does by itself (plugAside).
    const feed = [{}, { failWritesAfter: 3 }, {}, {}];
    const uids: string[] = [];
    let onReader: CardAside | undefined;
    // One card at a time, as a printer's feed moves them: each swap waits for the one before.
    let feeding = Promise.resolve();
    const next = () => {
      feeding = feeding.then(async () => {
        await onReader?.remove();
        const tag = feed.shift();
        onReader = tag ? await plugAside(tag, { port: pcscd.port, host: pcscd.cardHost }) : undefined;
        if (onReader) uids.push(onReader.uid.toString('hex').toUpperCase());
      });
      return feeding;
    };
    await next();
    const summary = await run(openDevices(desk.dataDir, stationPrinters(station)), {
      onEvent(event) {
        // A card leaves the encoding station once it is encoded or rejected; the next one comes.
        if (event.type === 'item' && (event.state === 'encoded' || event.state === 'queued')) void next();
      },
    });
    await feeding;
    await onReader?.remove();

    expect(summary.rejectedCards).toBe(1);
    expect(jobs.progress(job).byState).toEqual({ issued: 3 });
    const rejected = ledgerData(station, 'CARD_REJECTED');
    expect(rejected).toEqual([expect.objectContaining({ reason: 'WRITE_FAILED' })]);
    const chips = station.db.statement(`SELECT serial, uid FROM chips WHERE status = 'current'`).all() as {
      serial: string;
      uid: string;
    }[];
    expect(chips.map((chip) => chip.serial).sort()).toEqual([...desk.serials].sort());
    expect(chips.map((chip) => chip.uid)).not.toContain(rejected[0]?.uid);
    // The card rejected is the bad chip, the second in the feed.
    expect(rejected[0]?.uid).toBe(uids[1]);
    const printed = readFileSync(`${queue.captureDir}/printed.log`, 'utf8').trim().split('\n');
    const spooled = printed.map((line) => line.split('\t')[0] as string);
    // What reached the printer, in order: each card moved to the encoder, then printed, or
    // (the bad chip, the second card) dropped in the reject box and never printed.
    const bytes = spooled.map((id) => readFileSync(join(queue.captureDir, `job-${id}.data`)));
    const what = bytes.map((data) =>
      data.equals(evolisCommand('toContactlessStation'))
        ? 'to encoder'
        : data.equals(evolisCommand('reject'))
          ? 'reject'
          : data.subarray(0, 5).toString() === '%PDF-'
            ? 'print'
            : data.toString('latin1'),
    );
    expect(what).toEqual(['to encoder', 'print', 'to encoder', 'reject', 'to encoder', 'print', 'to encoder', 'print']);
    const cards = printed.filter((_, i) => what[i] === 'print');
    expect(cards.map((line) => line.split('\t')[1]?.split(' ')[0]).sort()).toEqual([...desk.serials].sort());
    // Each card job carried the printer's options: both sides, its ribbon.
    for (const [i, id] of spooled.entries()) {
      if (what[i] !== 'print') continue;
      const options = readFileSync(join(queue.captureDir, `job-${id}.options`), 'utf8').split('\n')[3];
      expect(options).toContain('Duplex=DuplexNoTumble');
      expect(options).toContain('Ribbon=RM_KO');
    }
    station.close();
  }, 120_000);

  it('encodes at the desk the chips of cards printed without an encoder, naming each badge in turn (CLI, on the real clock)', async () => {
    const desk = await pipelineStation(2, [{ name: 'Desk B', paceMs: 0 }], {
      folder: tempDir('badge-station-pipeline-'),
      clock: systemClock,
    });
    const printed = cli(['--data', desk.dataDir, 'print', '--all'], desk.env);
    expect(printed.status, printed.stderr).toBe(0);
    expect(printed.stdout).toContain(
      '2 badge(s) printed without a chip, on printers without an encoder: encode them at the desk with badge-station chip encode --job 1.',
    );
    const child = spawn(
      process.execPath,
      [cliBin, '--data', desk.dataDir, 'chip', 'encode', '--job', '1', '--reader', 'Virtual PCD'],
      {
        env: { ...process.env, ...desk.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    const asked: string[] = [];
    let onReader: PluggedCard | undefined;
    let handling = Promise.resolve();
    let pending = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk;
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const asking = /Place the card (\S+) on the encoder/.exec(line);
        // The operator's hands: one card on, then off, in the order the station asks.
        handling = handling.then(async () => {
          if (asking) {
            asked.push(asking[1] as string);
            onReader = await plugIntoVpcd(new VirtualNtag(), { port: pcscd.port, host: pcscd.cardHost });
          } else if (/Take the card off/.test(line)) {
            await onReader?.remove();
            onReader = undefined;
          }
        });
      }
    });
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    await handling;
    await onReader?.remove();
    expect(status, stderr).toBe(0);
    expect(stdout).toMatch(/Job 1: 2 chips encoded at the desk/);
    expect(asked).toEqual(desk.serials);
    const station = desk.open();
    const chips = station.db.statement(`SELECT serial FROM chips WHERE status = 'current' ORDER BY id`).all() as {
      serial: string;
    }[];
    expect(chips.map((chip) => chip.serial)).toEqual(desk.serials);
    station.close();
  }, 120_000);
});
