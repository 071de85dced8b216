/**
 * The Print screen's methods over the RPC server on a real demo station (SQLite, demo
 * printers with a short pace, the demo encoder that finds a bad chip now and then): batches
 * from filters and pasted lists (bad lines told by number, nothing made), previews in the
 * real templates, runs with progress on the topics, bad starts refused; and the core killed
 * mid-run under its supervisor, after which nothing is printed twice or lost.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../electron/core/clock.ts';
import { demoPassphraseKey, deskDemoFolder, fillDemoStation } from '../../electron/core/demo/index.ts';
import { MAX_MESSAGE_BYTES } from '../../electron/core/rpc/contract/index.ts';
import { type StationHandlers, stationHandlers } from '../../electron/core/rpc/handlers/index.ts';
import { initStation, openStation } from '../../electron/core/station/index.ts';
import { stationDevices } from '../../electron/devices/index.ts';
import { CoreSupervisor } from '../../electron/host/core-supervisor.ts';
import { expoClock } from '../support/clock.ts';
import { person, signedInConnection } from '../support/desk-session.ts';
import { tempDir } from '../support/station.ts';

type Frame = {
  kind: string;
  id?: number;
  result?: Record<string, unknown> & { [key: string]: never };
  error?: { code: string; message: string };
  topic?: string;
  data?: Record<string, unknown>;
};
type Any = any;

let open: StationHandlers | undefined;
afterEach(async () => {
  await open?.printing.close();
  open?.close();
  open = undefined;
});

/** A desk demo station: holders with photos and badges, demo printers at `paceMs` a card. */
async function demoStation(options: { holders: number; printers: number; paceMs: number; clock?: Clock }) {
  const dataDir = join(tempDir('badge-desk-print-'), 'station');
  const station = initStation(dataDir, '7', 'system:test', demoPassphraseKey(), options.clock ? { clock: options.clock } : {});
  const folder = deskDemoFolder(dataDir);
  mkdirSync(folder, { recursive: true });
  const made = await fillDemoStation({ station, folder, actor: 'system:test', ...options });
  const badges = station.db
    .statement(`SELECT serial, holder FROM badge_versions WHERE status = 'active' ORDER BY serial`)
    .all() as { serial: string; holder: string }[];
  station.close();
  return { dataDir, printers: made.printers, badges, serials: badges.map((badge) => badge.serial) };
}

/** The operator's page on the desk's core. */
async function desk(dataDir: string) {
  open = stationHandlers(dataDir, { clock: expoClock(), devices: stationDevices });
  const frames: Frame[] = [];
  const connection = await signedInConnection(open, (text) => frames.push(JSON.parse(text) as Frame), 'operator');
  let next = 1;
  const call = async (method: string, params: unknown = {}): Promise<Frame> => {
    const id = next++;
    await connection.receive(JSON.stringify({ kind: 'call', id, method, params }));
    const answer = frames.find((frame) => frame.id === id);
    if (!answer) throw new Error(`no answer to ${method}`);
    return answer;
  };
  const result = async (method: string, params: unknown = {}): Promise<Any> => {
    const answer = await call(method, params);
    if (answer.error) throw new Error(`${method}: ${answer.error.code} ${answer.error.message}`);
    return answer.result;
  };
  const subscribe = (topic: string) => connection.receive(JSON.stringify({ kind: 'subscribe', topic }));
  return { frames, call, result, subscribe, handlers: open };
}

/** Every card each demo printer printed, by serial, from the printers' own journals. */
function printedSerials(dataDir: string): string[] {
  const root = join(dataDir, 'demo-printers');
  return readdirSync(root).flatMap((printer) => {
    let text = '';
    try {
      text = readFileSync(join(root, printer, 'printed.jsonl'), 'utf8');
    } catch {
      return [];
    }
    return text
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { jobName: string }).jobName.split(' ')[0] as string);
  });
}

describe('print.batch', () => {
  it('tells each bad line of a pasted list by its number and makes nothing; a good list and filters make ready jobs', async () => {
    const { dataDir, badges } = await demoStation({ holders: 30, printers: 2, paceMs: 20, clock: expoClock() });
    const [a, b, c] = badges;
    const page = await desk(dataDir);
    const bad = await page.result('print.batch', {
      from: { kind: 'list', text: `${a?.serial}\n\nNOBODY-1\n${b?.holder}\n${a?.serial?.toLowerCase()}\n# a note\n` },
    });
    expect(bad).toEqual({
      made: false,
      lines: 7,
      problems: [
        { line: 3, text: 'NOBODY-1', problem: 'unknown' },
        { line: 5, text: a?.serial?.toLowerCase(), problem: 'twice' },
      ],
    });
    expect((await page.result('print.jobs')).jobs).toEqual([]);

    const good = await page.result('print.batch', { name: 'Two', from: { kind: 'list', text: `${a?.serial}\n${b?.holder}` } });
    expect(good).toMatchObject({ made: true, cards: 2 });
    const again = await page.result('print.batch', { from: { kind: 'list', text: `${c?.serial}\n${b?.serial}` } });
    expect(again).toMatchObject({ made: false, problems: [{ line: 2, problem: 'in-job', job: good.job }] });
    const rest = await page.result('print.batch', { from: { kind: 'filters', status: 'unprinted' } });
    expect(rest).toMatchObject({ made: true, cards: 28 });
    const jobs = (await page.result('print.jobs')).jobs;
    expect(jobs.map((job: Any) => [job.job, job.status, job.total])).toEqual([
      [rest.job, 'ready', 28],
      [good.job, 'ready', 2],
    ]);
    expect((await page.call('print.batch', { from: { kind: 'filters', status: 'unprinted' } })).error?.code).toBe('USAGE');
    expect((await page.call('print.batch', { from: { kind: 'filters', status: 'printed' } })).error?.code).toBe('BAD_PARAMS');

    const preview = await page.result('print.preview', { job: rest.job, page: 1, pageSize: 3 });
    expect(preview).toMatchObject({ job: rest.job, page: 1, pages: 10, total: 28 });
    expect(preview.cards).toHaveLength(3);
    for (const card of preview.cards) {
      expect(card.front).toMatch(/^<svg/);
      expect(card.lanyard.nameEn).toBeTruthy();
    }
  }, 120_000);
});

describe('print.batch from filters', () => {
  it('takes the unprinted badges of a type and of organisations starting with a text; an unknown type is refused', async () => {
    const { dataDir } = await demoStation({ holders: 30, printers: 1, paceMs: 20, clock: expoClock() });
    const station = openStation(dataDir, 'test', { kek: demoPassphraseKey() }, { clock: expoClock() });
    const visitor = station.db
      .statement(
        `SELECT h.organisation, count(*) AS n FROM holders h WHERE h.type = 'visitor' GROUP BY h.organisation ORDER BY n DESC LIMIT 1`,
      )
      .get() as { organisation: string; n: number };
    const visitors = (station.db.statement(`SELECT count(*) AS n FROM holders WHERE type = 'visitor'`).get() as { n: number }).n;
    station.close();
    const page = await desk(dataDir);
    const unknown = await page.call('print.batch', { from: { kind: 'filters', type: 'nobody', status: 'unprinted' } });
    expect(unknown.error?.code).toBe('BADGE_TYPE_UNKNOWN');
    const ofOrganisation = await page.result('print.batch', {
      from: { kind: 'filters', type: 'visitor', organisation: visitor.organisation.slice(0, 4), status: 'unprinted' },
    });
    expect(ofOrganisation).toMatchObject({ made: true });
    expect(ofOrganisation.cards).toBeGreaterThanOrEqual(visitor.n);
    const rest = await page.result('print.batch', { from: { kind: 'filters', type: 'visitor', status: 'unprinted' } });
    expect(rest.cards + ofOrganisation.cards).toBe(visitors);
  }, 120_000);
});

describe('print.start', () => {
  it('prints a job on the chosen printers with progress on the topics; refuses an unknown printer and a second start', async () => {
    const { dataDir, printers, serials } = await demoStation({ holders: 12, printers: 3, paceMs: 30, clock: expoClock() });
    const page = await desk(dataDir);
    await page.subscribe('job.progress');
    await page.subscribe('printers.state');
    const { job } = await page.result('print.batch', { from: { kind: 'filters', status: 'unprinted' } });
    const unknown = await page.call('print.start', { job, printers: ['Demo-1', 'Nowhere'] });
    expect(unknown.error).toEqual({ code: 'PRINTER_UNKNOWN', message: expect.stringMatching(/no printer called Nowhere/) });
    expect((await page.result('print.jobs')).jobs[0].status).toBe('ready');

    const chosen = printers.slice(0, 2);
    expect(await page.result('print.start', { job, printers: chosen })).toMatchObject({ job, status: 'printing' });
    const twice = await page.call('print.start', { job, printers: chosen });
    expect(twice.error).toEqual({ code: 'JOB_RUNNING', message: `Job ${job} is already printing.`, details: { job } });
    expect((await page.result('print.printers')).printers.map((p: Any) => [p.name, p.job])).toEqual([
      ['Demo-1', job],
      ['Demo-2', job],
      ['Demo-3', null],
    ]);
    await page.handlers.printing.settled();
    const done = await page.result('print.jobs');
    expect(done.jobs[0]).toMatchObject({ job, status: 'done', total: 12, done: 12, issued: 12, failed: 0 });
    expect(printedSerials(dataDir).sort()).toEqual(serials);

    const progress = page.frames.filter((frame) => frame.topic === 'job.progress').map((frame) => frame.data as Any);
    expect(progress.at(-1)).toMatchObject({ job, status: 'done', done: 12 });
    // Throttled: not one publication per card move.
    expect(progress.length).toBeLessThan(12 * 5);
    const withCard = progress.filter((data) => data.lastCard);
    expect(withCard.length).toBeGreaterThan(0);
    expect(withCard.at(-1).lastCard).toEqual({
      serial: expect.any(String),
      type: expect.any(String),
      lanyard: { colour: expect.stringMatching(/^#/), nameZh: expect.any(String), nameEn: expect.any(String) },
    });
    expect(progress.some((data) => data.printers.some((p: Any) => p.cardsPerHour > 0))).toBe(true);
    // Once any printer has a pace, so has the job, and a time left: never "not known" beside printers that know.
    const paced = progress.filter((data) => data.status === 'printing' && data.printers.some((p: Any) => p.cardsPerHour > 0));
    expect(paced.length).toBeGreaterThan(0);
    for (const data of paced) {
      expect(data.cardsPerHour).toBeGreaterThan(0);
      expect(data.secondsLeft).not.toBeNull();
    }
    const states = page.frames.filter((frame) => frame.topic === 'printers.state').map((frame) => frame.data as Any);
    expect(new Set(states.map((state) => state.printer))).toEqual(new Set(chosen));
    expect(states.every((state) => state.job === job)).toBe(true);

    expect((await page.call('print.start', { job, printers: chosen })).error?.code).toBe('USAGE');
    expect((await page.call('print.pause', { job: 999 })).error?.code).toBe('USAGE');
    expect((await page.call('print.problems', { job: 999 })).error?.code).toBe('JOB_NOT_FOUND');
  }, 120_000);

  it('pauses (cards in printers finish), resumes, and cancels what is left', async () => {
    const { dataDir } = await demoStation({ holders: 20, printers: 1, paceMs: 80, clock: expoClock() });
    const page = await desk(dataDir);
    const { job } = await page.result('print.batch', { from: { kind: 'filters', status: 'unprinted' } });
    await page.result('print.start', { job, printers: ['Demo-1'] });
    await expect.poll(async () => (await page.result('print.jobs')).jobs[0].issued, { timeout: 20_000 }).toBeGreaterThan(2);
    expect(await page.result('print.pause', { job })).toMatchObject({ status: 'paused' });
    // The card in the printer is still being finished: a start now is told to wait a moment.
    expect((await page.call('print.start', { job, printers: ['Demo-1'] })).error).toEqual({
      code: 'JOB_RUNNING',
      message: `Job ${job} is still finishing the cards in its printers: start it again in a few seconds.`,
      details: { job },
    });
    await page.handlers.printing.settled();
    const paused = (await page.result('print.jobs')).jobs[0];
    expect(paused.status).toBe('paused');
    expect(paused.issued).toBeLessThan(20);
    await page.result('print.start', { job, printers: ['Demo-1'] });
    await expect
      .poll(async () => (await page.result('print.jobs')).jobs[0].issued, { timeout: 20_000 })
      .toBeGreaterThan(paused.issued);
    // The operator may not decide it alone: a supervisor approves at this desk, and the ledger names both.
    expect((await page.call('print.cancel', { job })).error?.code).toBe('APPROVAL_NEEDED');
    const supervisor = person('supervisor');
    const { cancelled } = await page.result('print.cancel', {
      job,
      approval: { name: supervisor.name, secret: supervisor.secret },
    });
    await page.handlers.printing.settled();
    const end = (await page.result('print.jobs')).jobs[0];
    expect(end).toMatchObject({ status: 'cancelled', cancelled });
    expect(end.issued + end.cancelled).toBe(20);
    expect(printedSerials(dataDir)).toHaveLength(end.issued);
    page.handlers.close();
    const station = openStation(dataDir, 'test', { kek: demoPassphraseKey() });
    const recorded = station.db.statement(`SELECT actor, data FROM ledger_events WHERE type = 'JOB_CANCELLED'`).all() as {
      actor: string;
      data: string;
    }[];
    station.close();
    expect(recorded.map((event) => ({ actor: event.actor, ...JSON.parse(event.data) }))).toEqual([
      { actor: 'user:1', job, cancelled, approvedBy: 'user:2' },
    ]);
  }, 120_000);
});

describe('print.problems, print.release and print.retry', () => {
  it('holds a card whose holder changed after the batch, lists it with why, and prints it once released', async () => {
    const { dataDir, badges, serials } = await demoStation({ holders: 6, printers: 2, paceMs: 20, clock: expoClock() });
    let page = await desk(dataDir);
    const { job } = await page.result('print.batch', { from: { kind: 'filters', status: 'unprinted' } });
    open?.close();
    // The roster changes under the batch: this holder's card must not print unchecked.
    const changed = badges[2] as { serial: string; holder: string };
    const station = openStation(dataDir, 'test', { kek: demoPassphraseKey() }, { clock: expoClock() });
    station.db.statement('UPDATE holders SET updated_at = updated_at + 1 WHERE id = ?').run(changed.holder);
    station.close();

    page = await desk(dataDir);
    await page.result('print.start', { job, printers: ['Demo-1', 'Demo-2'] });
    await page.handlers.printing.settled();
    expect((await page.result('print.jobs')).jobs[0]).toMatchObject({ status: 'needs-attention', issued: 5, held: 1 });
    expect((await page.result('print.problems', { job })).cards).toEqual([
      {
        serial: changed.serial,
        state: 'held',
        reason: expect.stringMatching(/roster data changed/),
        printer: null,
        holder: expect.any(String),
        type: expect.any(String),
      },
    ]);
    expect(await page.result('print.retry', { job })).toMatchObject({ queued: 0 });
    const released = await page.result('print.release', { job, serial: changed.serial.toLowerCase() });
    // Released while no run prints the job: it waits for its start, shown paused.
    expect(released).toMatchObject({ released: 1, job: { status: 'paused', held: 0 } });
    await page.result('print.start', { job, printers: ['Demo-2'] });
    await page.handlers.printing.settled();
    expect((await page.result('print.jobs')).jobs[0]).toMatchObject({ status: 'done', issued: 6, held: 0 });
    expect((await page.result('print.problems', { job })).cards).toEqual([]);
    expect(printedSerials(dataDir).sort()).toEqual(serials);
  }, 120_000);
});

describe('print.preview with big photos', () => {
  it('keeps a page under the socket limit: cards past the budget come without their photo, and say so', async () => {
    const { dataDir } = await demoStation({ holders: 6, printers: 1, paceMs: 20, clock: expoClock() });
    // Photos as some offices import them: large JPEGs of noise (nothing compresses).
    const big = await sharp(randomBytes(700 * 700 * 3), { raw: { width: 700, height: 700, channels: 3 } })
      .jpeg({ quality: 85 })
      .toBuffer();
    expect(big.length).toBeGreaterThan(250_000);
    expect(big.length).toBeLessThan(500_000);
    // Each holder's stored photo replaced by it, in the station's encrypted photo store.
    const station = openStation(dataDir, 'test', { kek: demoPassphraseKey() });
    for (const { hash } of station.db.statement('SELECT hash FROM photos').all() as { hash: string }[]) {
      rmSync(station.photos.pathOf(hash));
      station.photos.store({ hash, bytes: big });
    }
    station.close();
    const page = await desk(dataDir);
    const { job } = await page.result('print.batch', { from: { kind: 'filters', status: 'unprinted' } });
    const answer = await page.call('print.preview', { job, page: 0, pageSize: 4 });
    expect(answer.error).toBeUndefined();
    const cards = (answer.result as Any).cards;
    expect(cards).toHaveLength(4);
    expect(cards[0].photoLeftOut).toBeUndefined();
    expect(cards.some((card: Any) => card.photoLeftOut === true)).toBe(true);
    expect(JSON.stringify(answer).length).toBeLessThan(MAX_MESSAGE_BYTES);
  }, 120_000);
});

describe('a print run when the core dies (on the real clock, as the core process runs on it)', () => {
  it('shows the job interrupted after the restart, waits for resume, then nothing is printed twice or lost', async () => {
    const { dataDir, serials } = await demoStation({ holders: 40, printers: 2, paceMs: 60 });
    const core = new CoreSupervisor({ env: { ...process.env, BADGE_STATION_HOME: dataDir } });
    try {
      await core.ready();
      const frames: Frame[] = [];
      const page = core.connect((frame) => frames.push(JSON.parse(frame)));
      let next = 1;
      const call = async (method: string, params: unknown = {}): Promise<Any> => {
        const id = next++;
        await page.receive(JSON.stringify({ kind: 'call', id, method, params }));
        await expect.poll(() => frames.find((frame) => frame.id === id), { timeout: 30_000 }).toBeDefined();
        const answer = frames.find((frame) => frame.id === id) as Frame;
        if (answer.error) throw new Error(`${method}: ${answer.error.code} ${answer.error.message}`);
        return answer.result;
      };
      const operator = person('operator');
      await call('session.signIn', { name: operator.name, secret: operator.secret });
      await page.receive(JSON.stringify({ kind: 'subscribe', topic: 'job.progress' }));
      const { job } = await call('print.batch', { from: { kind: 'filters', status: 'unprinted' } });
      await call('print.start', { job, printers: ['Demo-1', 'Demo-2'] });
      await expect.poll(async () => (await call('print.jobs')).jobs[0].issued, { timeout: 30_000 }).toBeGreaterThan(5);
      const first = core.pid as number;
      process.kill(first, 'SIGKILL');
      await expect.poll(() => core.restarts, { timeout: 30_000 }).toBe(1);

      // Still signed in: the supervisor resumed the page's session on the new core.
      const after = (await call('print.jobs')).jobs[0];
      expect(after).toMatchObject({ job, status: 'interrupted', printers: [] });
      expect(after.issued).toBeLessThan(40);
      // It waits for the operator: nothing more is printed by itself.
      const printedThen = printedSerials(dataDir).length;
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(printedSerials(dataDir)).toHaveLength(printedThen);
      expect((await call('print.jobs')).jobs[0].status).toBe('interrupted');

      const heardBefore = frames.length;
      await call('print.start', { job, printers: ['Demo-1', 'Demo-2'] });
      // The page's subscription was made again on the new core: the resumed run's progress reaches it.
      await expect
        .poll(
          () =>
            frames.slice(heardBefore).some((frame) => frame.topic === 'job.progress' && (frame.data as Any).status === 'done'),
          { timeout: 60_000 },
        )
        .toBe(true);
      const end = (await call('print.jobs')).jobs[0];
      expect(end).toMatchObject({ total: 40, done: 40, issued: 40 });
      const printed = printedSerials(dataDir);
      expect(new Set(printed).size).toBe(printed.length);
      expect(printed.sort()).toEqual(serials);
      // The ledger is the supervisor's to check: they sign in at the same page.
      const supervisor = person('supervisor');
      await call('session.signIn', { name: supervisor.name, secret: supervisor.secret });
      expect((await call('ledger.verify')).intact).toBe(true);
      page.close();
    } finally {
      await core.stop();
    }
  }, 180_000);
});

describe('the reprint lane', () => {
  it('prints a reprint ahead of the bulk job that is printing, and one made while nothing printed rides along with the next run', async () => {
    const { dataDir, serials } = await demoStation({ holders: 12, printers: 1, paceMs: 150, clock: expoClock() });
    const page = await desk(dataDir);
    const approval = { name: person('supervisor').name, secret: person('supervisor').secret };
    // Nothing prints yet: the reprint's job waits for a run.
    const early = await page.result('badges.reissue', { serial: serials[11], reason: 'damaged', approval });
    expect((await page.result('print.jobs')).jobs.find((j: Any) => j.job === early.job)).toMatchObject({
      status: 'ready',
      total: 1,
    });

    const bulk = serials.slice(0, 10);
    const { job } = await page.result('print.batch', { from: { kind: 'list', text: bulk.join('\n') } });
    await page.result('print.start', { job, printers: ['Demo-1'] });
    await expect.poll(() => printedSerials(dataDir).length, { timeout: 20_000 }).toBeGreaterThanOrEqual(3);
    const lost = printedSerials(dataDir).find((serial) => bulk.includes(serial)) as string;
    const late = await page.result('badges.reissue', { serial: lost, reason: 'lost', approval });
    await page.handlers.printing.settled();

    const printed = printedSerials(dataDir);
    const lastBulk = Math.max(...bulk.map((serial) => printed.indexOf(serial)));
    // Both reprints came out, each before the bulk job's last card.
    expect(printed.indexOf(early.serial)).toBeGreaterThanOrEqual(0);
    expect(printed.indexOf(early.serial)).toBeLessThan(lastBulk);
    expect(printed.indexOf(late.serial)).toBeGreaterThan(printed.indexOf(lost));
    expect(printed.indexOf(late.serial)).toBeLessThan(lastBulk);
    expect(printed.filter((serial) => serial === late.serial)).toHaveLength(1);
  }, 120_000);
});
