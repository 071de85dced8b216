/**
 * The core in a process of its own: killed, it is started again at once, the page's
 * connection carries on, and a call it was answering is told to try again.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addDemoUsers, DEMO_USERS } from '../../electron/core/demo/index.ts';
import { initStation } from '../../electron/core/station/index.ts';
import { CoreSupervisor } from '../../electron/host/core-supervisor.ts';
import { TEST_PASSPHRASE, testKek } from '../support/passphrase.ts';
import { repoRoot } from '../support/paths.ts';
import { tempDir } from '../support/station.ts';

describe('the core process under its supervisor', () => {
  it('comes back after a kill; a page keeps its connection, an unanswered call is told to try again', async () => {
    const dataDir = join(tempDir('badge-core-'), 'station');
    const station = initStation(dataDir, '7', 'system:test', testKek());
    await addDemoUsers(station, 'system:test');
    station.close();
    const core = new CoreSupervisor({ env: { ...process.env, BADGE_STATION_HOME: dataDir } });
    try {
      await core.ready();
      const frames: Record<string, unknown>[] = [];
      const page = core.connect((frame) => frames.push(JSON.parse(frame)));
      const answer = async (id: number) => {
        await expect.poll(() => frames.find((frame) => frame.id === id), { timeout: 20_000 }).toBeDefined();
        return frames.find((frame) => frame.id === id);
      };
      // Opened with its passphrase once: the core restarted below is handed the data key by
      // its supervisor, and does not ask again.
      await page.receive(
        JSON.stringify({ kind: 'call', id: 0, method: 'station.open', params: { passphrase: TEST_PASSPHRASE } }),
      );
      expect(await answer(0)).toMatchObject({ kind: 'result', result: { station: '007' } });
      await page.receive(JSON.stringify({ kind: 'call', id: 1, method: 'station.status', params: {} }));
      expect(await answer(1)).toMatchObject({ kind: 'result', result: { station: '007' } });
      const supervisor = DEMO_USERS.find((user) => user.role === 'supervisor');
      await page.receive(
        JSON.stringify({
          kind: 'call',
          id: 10,
          method: 'session.signIn',
          params: { name: supervisor?.name, secret: supervisor?.secret },
        }),
      );
      expect(await answer(10)).toMatchObject({ kind: 'result', result: { session: { user: { role: 'supervisor' } } } });

      // The core is frozen (as a hung process is), sent a call it cannot answer, then killed.
      const first = core.pid as number;
      process.kill(first, 'SIGSTOP');
      await page.receive(JSON.stringify({ kind: 'call', id: 2, method: 'ledger.verify', params: {} }));
      process.kill(first, 'SIGKILL');
      expect(await answer(2)).toMatchObject({ kind: 'error', error: { code: 'CORE_RESTARTED' } });

      // Still signed in: the supervisor resumed the page's session on the new core.
      await page.receive(JSON.stringify({ kind: 'call', id: 3, method: 'ledger.verify', params: {} }));
      expect(await answer(3)).toMatchObject({ kind: 'result', result: { intact: true } });
      expect(core.pid).not.toBe(first);
      expect(core.restarts).toBe(1);
      page.close();
    } finally {
      await core.stop();
    }
  }, 60_000);

  it('gives up on a core that dies at every start, says why, and answers calls instead of hanging', async () => {
    const core = new CoreSupervisor({ entry: join(repoRoot, 'test', 'fixtures', 'core', 'dies-at-start.mjs') });
    try {
      await expect(core.ready()).rejects.toThrow(/stopped 3 times in 60 s \(last: exit 3\); it is not started again/);
      const frames: Record<string, unknown>[] = [];
      const page = core.connect((frame) => frames.push(JSON.parse(frame)));
      await page.receive(JSON.stringify({ kind: 'call', id: 1, method: 'station.status', params: {} }));
      expect(frames).toEqual([
        expect.objectContaining({ kind: 'error', id: 1, error: expect.objectContaining({ code: 'CORE_FAILED' }) }),
      ]);
    } finally {
      await core.stop();
    }
  }, 60_000);
});
