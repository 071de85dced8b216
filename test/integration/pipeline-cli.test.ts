/**
 * The pipeline as the desk drives it: `printers add`, `print`, `jobs ...`, the progress a
 * UI shows, and `badge-station demo` (the whole main job on demo devices).
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../electron/core/clock.ts';
import type { PipelineEvent } from '../../electron/core/jobs/index.ts';
import { demoPort } from '../../electron/devices/index.ts';
import { DemoPrinter } from '../../native/printers/index.ts';
import { pipelineOn, pipelineStation } from '../support/pipeline.ts';
import { cli, tempDir } from '../support/station.ts';

// Each test here runs the CLI as a child process many times (tsx's start, a passphrase's
// scrypt): 5-20 s on a quiet 2-core machine, far more on a busy one.
vi.setConfig({ testTimeout: 120_000 });

const folder = () => ({ folder: tempDir('badge-station-pipeline-') });
/** The CLI signs and checks on the computer's clock, so these desks' events are dated from it. */
const cliDesk = () => ({ ...folder(), clock: systemClock });

describe('printing from the command line (on the real clock)', () => {
  it('adds printers, prints a chosen badge ahead of the bulk, and shows each job', async () => {
    const desk = await pipelineStation(6, [], cliDesk());
    const data = ['--data', desk.dataDir];
    const add = cli([...data, 'printers', 'add', 'Desk A', '--demo', '--pace-ms', '0', '--encoder', 'demo'], desk.env);
    expect(add.status, add.stderr).toBe(0);
    expect(add.stdout).toMatch(/Desk A: demo printer into demo-printers\/Desk A, encoder demo/);
    expect(cli([...data, 'printers', 'add', 'Desk A', '--demo'], desk.env).stderr).toMatch(/already has a printer called Desk A/);
    expect(cli([...data, 'printers', 'add', 'Desk B', '--cups', 'q', '--encoder', 'demo'], desk.env).stderr).toMatch(
      /Only a demo printer has the demo encoder/,
    );
    expect(cli([...data, 'printers', 'add', 'Desk C'], desk.env).stderr).toMatch(/--cups QUEUE, or --demo/);

    const one = cli([...data, '--json', 'print', '--serial', desk.serials[3] as string], desk.env).json<{
      result: { job: { job: number; byState: Record<string, number> } };
    }>();
    expect(one.result.job.byState).toEqual({ issued: 1 });
    const rest = cli([...data, 'print', '--all'], desk.env);
    expect(rest.status, rest.stderr).toBe(0);
    expect(rest.stdout).toMatch(/Job 2 "every badge not yet printed" is done: 5 cards: 5 issued/);
    // These demo holders have no photos: each card is named as it comes out, and at the end.
    expect(rest.stderr.match(/^[A-Z]-007-\d{7}-1: check this card: .*photo/gim)).toHaveLength(5);
    expect(rest.stdout).toMatch(
      /Check 5 card\(s\) before handing them over \(the renderer changed or could not draw something\): .*\(IMAGE_MISSING\)/,
    );
    expect(cli([...data, 'print', '--all'], desk.env).stderr).toMatch(
      /already printed or in a print job: there is nothing to print/,
    );
    expect(cli([...data, 'print', '--serial', desk.serials[3] as string], desk.env).stderr).toMatch(
      /was already printed \(print job 1\): a new card for it is a reprint/,
    );
    const list = cli([...data, 'jobs', 'list'], desk.env);
    expect(list.stdout).toMatch(/^1 {2}done {12}1 cards: 1 issued {2}badge /m);
    expect(list.stdout).toMatch(/^2 {2}done {12}5 cards: 5 issued {2}every badge not yet printed$/m);
    const cards = readdirSync(join(desk.dataDir, 'demo-printers', 'Desk A')).filter((file) => file.endsWith('.pdf'));
    expect(cards).toHaveLength(6);
  }, 120_000);

  it('refuses unclear choices with what to type instead', async () => {
    const desk = await pipelineStation(2, [], cliDesk());
    const data = ['--data', desk.dataDir];
    const both = cli([...data, 'print', '--all', '--type', 'visitor'], desk.env);
    expect(both.status).toBe(2);
    expect(both.stderr).toMatch(/exactly one of --all, --type TYPE, --serial S/);
    expect(cli([...data, 'jobs', 'resume', 'x'], desk.env).stderr).toMatch(/"x" is not a job number/);
    expect(cli([...data, 'jobs', 'show', '9'], desk.env).stderr).toMatch(/There is no print job 9/);
    const noPrinters = cli([...data, 'print', '--all'], desk.env);
    expect(noPrinters.stderr).toMatch(/The station has no printers: add one with badge-station printers add/);
  });
});

describe('progress for the desk', () => {
  it("tells each card's moves, each printer's pace and the lanyard for the card just out, and the job's ETA", async () => {
    const desk = await pipelineStation(16, [], folder());
    const station = desk.open();
    const { jobs, run } = pipelineOn(desk, station);
    jobs.createJob({ name: 'bulk', badges: { unprinted: true }, actor: 'system:test' });
    const events: PipelineEvent[] = [];
    const printers = ['A', 'B'].map(
      (name) => new DemoPrinter({ name, outputDir: tempDir('badge-station-demo-printer-'), paceMs: 250, durable: false }),
    );
    await run(
      printers.map((printer) => ({ printer: demoPort(printer) })),
      { onEvent: (event) => events.push(event), progressEveryMs: 100 },
    );
    const moves = events
      .filter((event) => event.type === 'item' && event.serial === desk.serials[0])
      .map((event) => event.type === 'item' && event.state);
    expect(moves).toEqual(['rendered', 'sent', 'printed', 'issued']);
    const out = events.filter((event) => event.type === 'printer' && event.cards > 0);
    expect(out.length).toBeGreaterThanOrEqual(16);
    const lastOfA = out.filter((event) => event.type === 'printer' && event.printer === 'A').at(-1);
    expect(lastOfA).toMatchObject({ lanyard: { colour: expect.stringMatching(/^#/), name_en: expect.any(String) } });
    // A printer at 250 ms a card makes at most 14,400 cards an hour.
    const pace = lastOfA?.type === 'printer' ? lastOfA.cardsPerHour : 0;
    expect(pace).toBeGreaterThan(8_000);
    expect(pace).toBeLessThanOrEqual(14_400);
    const progress = events.filter((event) => event.type === 'progress');
    expect(progress.at(-1)).toMatchObject({ total: 16, done: 16, issued: 16, etaSeconds: 0 });
    expect(progress.some((event) => event.type === 'progress' && event.done < 16 && (event.etaSeconds ?? 0) > 0)).toBe(true);
    station.close();
  });
});

describe('badge-station demo (on the real clock, as the demo dates its event)', () => {
  it('runs the whole main job on demo devices and leaves a verified ledger', () => {
    const out = join(tempDir('badge-station-demo-'), 'demo');
    const demo = cli(['--json', 'demo', '--out', out, '--holders', '30', '--pace-ms', '0']);
    expect(demo.status, demo.stderr).toBe(0);
    const { result } = demo.json<{
      result: {
        badges: number;
        issued: number;
        chipsInline: number;
        chipsAtDesk: number;
        ledger: { intact: boolean };
        dataDir: string;
        pdfs: string;
      };
    }>();
    expect(result).toMatchObject({ badges: 30, issued: 30, ledger: { intact: true } });
    expect(result.chipsInline + result.chipsAtDesk).toBe(30);
    expect(result.chipsInline).toBeGreaterThan(0);
    const pdfs = readdirSync(result.pdfs, { recursive: true }).filter((file) => String(file).endsWith('.pdf'));
    expect(pdfs).toHaveLength(30);
    // The demo station's data opens with the demo's passphrase, written in its folder.
    const demoPassphrase = { BADGE_STATION_PASSPHRASE: '', BADGE_STATION_PASSPHRASE_FILE: join(out, 'demo-passphrase.txt') };
    const verify = cli(['--data', result.dataDir, 'ledger', 'verify'], demoPassphrase);
    expect(verify.status, verify.stderr).toBe(0);
    // The demo's folder holds a station, a roster and event keys: its user's alone.
    const roster = join(out, 'roster');
    expect(
      [out, result.dataDir, roster, join(roster, 'photos'), join(roster, 'roster.csv')].map(
        (path) => statSync(path).mode & 0o777,
      ),
    ).toEqual([0o700, 0o700, 0o700, 0o700, 0o600]);
    expect(cli(['demo', '--out', out]).stderr).toMatch(/is not empty: the demo makes a fresh station/);
  });
});
