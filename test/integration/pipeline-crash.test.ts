/**
 * The pipeline killed at its state transitions: `badge-station print` runs as a child
 * process (the shipped program, from test/support/halting-cli.ts, which observes the
 * pipeline's moves); at a chosen pass through a chosen transition it announces itself and
 * freezes, and this harness SIGKILLs it right there. Then `jobs resume`, again and again: 20 kills
 * over 300 cards on 4 printers (two with encoders feeding some bad chips), then a clean
 * run to the end. Afterwards every badge is issued exactly once, every card that left a
 * printer is one badge's only card, every rejected chip is accounted for, and the
 * ledger verifies.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../electron/core/clock.ts';
import { PIPELINE_POINTS } from '../../electron/core/jobs/index.ts';
import { pipelineStation } from '../support/pipeline.ts';
import { cli, cliBin, repoRoot, tempDir } from '../support/station.ts';

const haltingCli = join(repoRoot, 'test', 'support', 'halting-cli.ts');

interface Run {
  halted: string | null;
  status: number | null;
  stderr: string;
}

/**
 * Runs the CLI; with `halt` (point:n) the halting entry, and if it announces the halt,
 * kills it with SIGKILL at that moment. Without, the shipped bin.
 */
function runChild(args: string[], env: NodeJS.ProcessEnv, halt?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const command = halt ? ['--import', 'tsx', haltingCli, halt, ...args] : [cliBin, ...args];
    const child = spawn(process.execPath, command, {
      cwd: repoRoot,
      env: { ...process.env, BADGE_STATION_HOME: '', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    let halted: string | null = null;
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
      const match = /HALTED AT (\S+) (\S+)/.exec(stderr);
      if (match && !halted) {
        halted = `${match[1]} ${match[2]}`;
        child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ halted, status, stderr });
    });
  });
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('a print job killed at its state transitions', () => {
  it('issues every badge exactly once over 20 SIGKILLs and resumes, with every reject accounted for (CLI, on the real clock)', async () => {
    const seed = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 1e9));
    console.info(`pipeline crash test seed ${seed} (rerun with CRASH_SEED=${seed})`);
    const random = mulberry32(seed);
    const printers = [
      { name: 'P1', encoder: 'demo:bad-every=6', paceMs: 15 },
      { name: 'P2', encoder: 'demo:bad-every=9', paceMs: 25 },
      { name: 'P3', paceMs: 10 },
      { name: 'P4', paceMs: 20 },
    ];
    const desk = await pipelineStation(300, printers, { folder: tempDir('badge-station-pipeline-'), clock: systemClock });
    const data = ['--data', desk.dataDir];

    const hits = new Map<string, number>();
    let kills = 0;
    let started = false;
    for (let round = 0; kills < 20 && round < 60; round += 1) {
      const point = PIPELINE_POINTS[round % PIPELINE_POINTS.length] as string;
      const nth = point === 'rejected' ? 1 : 1 + Math.floor(random() * 4);
      const args = started ? [...data, 'jobs', 'resume', '1'] : [...data, 'print', '--all'];
      const run = await runChild(args, desk.env, `${point}:${nth}`);
      started = true;
      if (run.halted) {
        kills += 1;
        const [at] = run.halted.split(' ');
        hits.set(at as string, (hits.get(at as string) ?? 0) + 1);
      } else {
        expect(run.status, `seed ${seed}: a run that did not halt must finish cleanly: ${run.stderr}`).toBe(0);
      }
    }
    expect(kills, `seed ${seed}`).toBe(20);
    expect([...hits.keys()].sort(), `seed ${seed}: every transition is hit at least once`).toEqual([...PIPELINE_POINTS].sort());

    const last = await runChild([...data, 'jobs', 'resume', '1'], desk.env);
    expect(last.halted).toBeNull();
    expect(last.status, `seed ${seed}: ${last.stderr}`).toBe(0);

    const verify = cli([...data, 'ledger', 'verify'], desk.env);
    expect(verify.status, verify.stderr).toBe(0);
    expect(verify.stdout).toMatch(/intact/);
    // The runs signed checkpoints as the ledger grew, so a cut-off tail would show too.
    expect(verify.stdout).toMatch(/\([1-9]\d* signed\)/);

    const station = desk.open();
    try {
      const items = station.db.statement('SELECT serial, state FROM job_items WHERE job = 1').all() as {
        serial: string;
        state: string;
      }[];
      expect(items).toHaveLength(300);
      expect(
        items.filter((item) => item.state !== 'issued'),
        `seed ${seed}`,
      ).toEqual([]);

      const events = station.db.statement('SELECT type, data FROM ledger_events ORDER BY seq').all() as {
        type: string;
        data: string;
      }[];
      const of = (type: string) => events.filter((event) => event.type === type).map((event) => JSON.parse(event.data));
      const perSerial = (type: string) => {
        const counts = new Map<string, number>();
        for (const data of of(type)) counts.set(data.serial, (counts.get(data.serial) ?? 0) + 1);
        return counts;
      };
      // Issued exactly once, printed exactly once: no badge has two cards.
      for (const type of ['BADGE_ISSUED', 'BADGE_PRINTED']) {
        const counts = perSerial(type);
        expect(counts.size, `${type}, seed ${seed}`).toBe(300);
        expect(
          [...counts.values()].every((n) => n === 1),
          `${type} once per badge, seed ${seed}`,
        ).toBe(true);
      }

      // What came out of the printers (their own journals): one card per badge, and a
      // badge sent more than once has the ledger's reason for each extra sending.
      const outOfPrinters = printers.flatMap((printer) =>
        readFileSync(join(desk.dataDir, 'demo-printers', printer.name, 'printed.jsonl'), 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => ({ printer: printer.name, serial: (JSON.parse(line).jobName as string).split(' ')[0] as string })),
      );
      expect(outOfPrinters).toHaveLength(300);
      expect(new Set(outOfPrinters.map((card) => card.serial)).size).toBe(300);
      const interrupted = of('PRINT_INTERRUPTED');
      expect(interrupted.every((data) => typeof data.why === 'string' && data.was)).toBe(true);

      // Rejected blank cards: each recorded once, none of them ever bound to a badge.
      const rejected = of('CARD_REJECTED');
      expect(rejected.length, `seed ${seed}: the bad chips were fed and rejected`).toBeGreaterThan(0);
      const rejectedUids = rejected.map((data) => data.uid as string);
      expect(new Set(rejectedUids).size).toBe(rejectedUids.length);
      const boundRejects = station.db
        .statement(`SELECT count(*) AS n FROM chips WHERE uid IN (SELECT value FROM json_each(?))`)
        .get(JSON.stringify(rejectedUids)) as { n: number };
      expect(boundRejects.n).toBe(0);

      // Badges printed on the encoder printers carry exactly one current chip, which the ledger recorded.
      const encoded = new Set([...of('CHIP_ENCODED'), ...of('CHIP_REPLACED')].map((data) => data.uid as string));
      for (const card of outOfPrinters.filter((card) => card.printer === 'P1' || card.printer === 'P2')) {
        const chips = station.db.statement(`SELECT uid FROM chips WHERE serial = ? AND status = 'current'`).all(card.serial) as {
          uid: string;
        }[];
        expect(chips, `${card.serial}, seed ${seed}`).toHaveLength(1);
        expect(encoded.has((chips[0] as { uid: string }).uid)).toBe(true);
      }
    } finally {
      station.close();
    }
  }, 600_000);
});
