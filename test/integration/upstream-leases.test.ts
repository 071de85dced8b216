/**
 * Two stations with the same roster print overlapping batches at the same time against one
 * real PostgreSQL: each holder is printed once, the cards of holders the other station
 * holds are held with its name, and a station without upstream prints with a warning.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../electron/core/clock.ts';
import { addUpstreamStation, connectUpstream, initUpstream, type UpstreamClient } from '../../electron/core/upstream/index.ts';
import { pipelineStation } from '../support/pipeline.ts';
import { type Postgres, startPostgres } from '../support/postgres.ts';
import { cli, cliAsync } from '../support/station.ts';

let upstream: Postgres;
let admin: UpstreamClient;
let upstreamDir: string;

beforeAll(async () => {
  upstreamDir = mkdtempSync(join(tmpdir(), 'badge-upstream-'));
  upstream = await startPostgres(upstreamDir);
  admin = await connectUpstream(upstream.adminUrl);
  await initUpstream(admin);
}, 60_000);

afterAll(async () => {
  await admin?.end();
  await upstream?.stop();
  rmSync(upstreamDir, { recursive: true, force: true });
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

const folders: string[] = [];
function kept(dir: string): string {
  folders.push(dir);
  return dir;
}

const HOLDERS = 10;
type Desk = Awaited<ReturnType<typeof connectedDesk>>;
/** The two stations of the first test, which the second's offline station conflicts with. */
let a: Desk;
let b: Desk;

/** A station with the demo roster (the same holders on every station), a demo printer, connected upstream. */
async function connectedDesk(number: string) {
  const desk = await pipelineStation(HOLDERS, [{ name: `Desk ${number}`, paceMs: 20 }], {
    // Kept to the end of the file: the second test meets the first one's stations.
    folder: kept(mkdtempSync(join(tmpdir(), 'badge-leases-'))),
    clock: systemClock,
    number,
  });
  const urlFile = join(desk.dataDir, '..', 'station.upstream');
  writeFileSync(urlFile, (await addUpstreamStation(admin, number, upstream.adminUrl)).url, { mode: 0o600 });
  const connect = cli(['--data', desk.dataDir, 'sync', 'connect', '--url-file', urlFile], desk.env);
  expect(connect.status, connect.stderr).toBe(0);
  return desk;
}

function issuedHolders(desk: Desk): string[] {
  const station = desk.open();
  try {
    return (
      station.db
        .statement(
          `SELECT v.holder FROM job_items i JOIN badge_versions v ON v.serial = i.serial WHERE i.state = 'issued' ORDER BY v.holder`,
        )
        .all() as { holder: string }[]
    ).map((row) => row.holder);
  } finally {
    station.close();
  }
}

describe('two stations, one roster (on the real clock)', () => {
  it('print overlapping batches at once and each holder only once; the other station’s holders are held, named', async () => {
    [a, b] = [await connectedDesk('051'), await connectedDesk('052')];
    // Station 051 takes holders 1-7, station 052 holders 5-10: 5, 6 and 7 are asked of both.
    const serialsFile = (desk: Desk, from: number, to: number) => {
      const file = join(desk.dataDir, '..', 'batch.txt');
      writeFileSync(file, desk.serials.slice(from, to).join('\n'));
      return file;
    };
    const [runA, runB] = await Promise.all([
      cliAsync(['--data', a.dataDir, 'print', '--serials-file', serialsFile(a, 0, 7)], a.env),
      cliAsync(['--data', b.dataDir, 'print', '--serials-file', serialsFile(b, 4, 10)], b.env),
    ]);
    expect(runA.status, runA.stderr).toBe(0);
    expect(runB.status, runB.stderr).toBe(0);

    const [byA, byB] = [issuedHolders(a), issuedHolders(b)];
    expect(byA.filter((holder) => byB.includes(holder))).toEqual([]);
    expect(new Set([...byA, ...byB]).size).toBe(HOLDERS);
    const held = [runA, runB].map((run) => Number(/(\d+) cards held/.exec(run.stderr)?.[1] ?? 0));
    expect((held[0] ?? 0) + (held[1] ?? 0)).toBe(3);
    expect(`${runA.stderr}${runB.stderr}`).toMatch(/Claimed \d+ holders upstream/);

    // The held cards say why; released, they are held again: the other station issued them.
    const holding = (held[0] ?? 0) > 0 ? a : b;
    const shown = cli(['--data', holding.dataDir, 'jobs', 'show', '1', '--state', 'held'], holding.env);
    expect(shown.stdout).toMatch(/held: Station 05[12] (already issued|is printing) this holder's badge/);
    expect(cli(['--data', holding.dataDir, 'jobs', 'release', '1'], holding.env).status).toBe(0);
    const again = cli(['--data', holding.dataDir, 'jobs', 'resume', '1'], holding.env);
    expect(again.stderr).toMatch(/3 cards held, their holders printed by another station \(05[12]\)/);
    expect(issuedHolders(holding)).toHaveLength(holding === a ? byA.length : byB.length);
  }, 120_000);

  it('prints with a warning when upstream cannot be reached, and lists the holders it printed twice for a supervisor once all have pushed', async () => {
    const desk = await connectedDesk('053');
    await upstream.stop();
    try {
      const run = cli(['--data', desk.dataDir, 'print', '--all'], desk.env);
      expect(run.status, run.stderr).toBe(0);
      expect(run.stderr).toMatch(/Upstream cannot be reached .* Printing without claiming the holders upstream/);
      expect(issuedHolders(desk)).toHaveLength(HOLDERS);
    } finally {
      await upstream.restart();
      admin = await connectUpstream(upstream.adminUrl);
    }
    // Stations 051 and 052 issued every holder already (the first test): once they have
    // pushed, station 053's supervisor sees each holder issued twice, with both serials.
    for (const pushed of [a, b]) {
      const push = cli(['--data', pushed.dataDir, 'sync', 'push'], pushed.env);
      expect(push.status, push.stderr).toBe(0);
    }
    const conflicts = cli(['--data', desk.dataDir, 'sync', 'conflicts'], desk.env);
    expect(conflicts.status, conflicts.stderr).toBe(0);
    expect(conflicts.stdout).toMatch(/^10 holders were issued badges by station 053 and another station: void all but one/);
    expect(conflicts.stdout.match(/ at station 053 /g)).toHaveLength(10);
    expect(conflicts.stdout.match(/ at station 05[12] /g)).toHaveLength(10);
    const quiet = cli(['--data', a.dataDir, 'sync', 'conflicts'], a.env);
    expect(quiet.stdout).toMatch(/holders were issued badges by station 051 and another station/);
  }, 120_000);
});
