/**
 * A real upstream for a test file: a PostgreSQL of its own (postgres.ts) with Badge
 * Station's schema in it and its administrator's client, started before the file's tests
 * and stopped after them. `reconnectAdmin` after a test stopped or crashed the server.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { connectUpstream, initUpstream, type UpstreamClient } from '../../electron/core/upstream/index.ts';
import { type Postgres, startPostgres } from './postgres.ts';

export interface TestUpstream {
  readonly pg: Postgres;
  readonly admin: UpstreamClient;
  reconnectAdmin(): Promise<void>;
}

export function upstreamForTheseTests(): TestUpstream {
  let dir = '';
  let pg: Postgres | undefined;
  let admin: UpstreamClient | undefined;
  beforeAll(async () => {
    // Its own folder: tempDir()'s are removed after each test, and upstream outlives them.
    dir = mkdtempSync(join(tmpdir(), 'badge-upstream-'));
    pg = await startPostgres(dir);
    admin = await connectUpstream(pg.adminUrl);
    await initUpstream(admin);
  }, 60_000);
  afterAll(async () => {
    await admin?.end().catch(() => {});
    await pg?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return {
    get pg() {
      return pg as Postgres;
    },
    get admin() {
      return admin as UpstreamClient;
    },
    async reconnectAdmin() {
      await admin?.end().catch(() => {});
      admin = await connectUpstream((pg as Postgres).adminUrl);
    },
  };
}
