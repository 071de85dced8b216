/**
 * Upstream over TLS, against a real PostgreSQL serving a certificate from a CA of the
 * test's own: a station whose connection string trusts that CA (sslmode=verify-full)
 * connects and pushes over an encrypted connection; one trusting another CA, naming a
 * missing CA file, or asking TLS of a server without it is refused in words, nothing sent.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StationError } from '../../electron/core/errors.ts';
import {
  addUpstreamStation,
  connectAsStation,
  connectUpstream,
  initUpstream,
  pushLedger,
  type UpstreamClient,
} from '../../electron/core/upstream/index.ts';
import { type Postgres, startPostgres } from '../support/postgres.ts';
import { newStation } from '../support/station.ts';

let upstream: Postgres;
let plain: Postgres;
let admin: UpstreamClient;
let root: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'badge-upstream-tls-'));
  // The postgres user passes through to its two clusters' folders.
  chmodSync(root, 0o755);
  upstream = await startPostgres(join(root, 'tls'), { tls: true });
  plain = await startPostgres(join(root, 'plain'));
  admin = await connectUpstream(upstream.adminUrl);
  await initUpstream(admin);
}, 90_000);

afterAll(async () => {
  await admin?.end();
  await upstream?.stop();
  await plain?.stop();
  rmSync(root, { recursive: true, force: true });
});

async function refusal(promise: Promise<unknown>): Promise<StationError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StationError);
  return error as StationError;
}

describe('upstream over TLS', () => {
  it('pushes over a verified TLS connection, and refuses a certificate it does not trust, a missing CA file and a server without TLS', async () => {
    const login = (await addUpstreamStation(admin, '041', upstream.adminUrl)).url;
    const verified = `${login}?sslmode=verify-full&sslrootcert=${encodeURIComponent(upstream.caFile as string)}`;
    const station = newStation('041');
    const client = await connectAsStation(verified);
    try {
      const { rows } = await client.query<{ ssl: boolean; version: string }>(
        'SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()',
      );
      expect(rows[0]).toMatchObject({ ssl: true, version: expect.stringMatching(/^TLSv1\.[23]$/) });
      const pushed = await pushLedger(station, client);
      expect(pushed.upstreamHead).toBe(station.ledger.head()?.seq);
    } finally {
      await client.end();
      station.close();
    }

    // Trusting the computer's usual CAs only: the event's own CA is not among them.
    const untrusted = await refusal(connectAsStation(`${login}?sslmode=verify-full`));
    expect(untrusted.code).toBe('UPSTREAM_TLS');
    expect(untrusted.message).toMatch(/certificate is not one this station trusts .* sslrootcert/);
    const missing = await refusal(connectAsStation(`${login}?sslmode=verify-full&sslrootcert=/nonexistent/ca.pem`));
    expect(missing.code).toBe('UPSTREAM_TLS');
    expect(missing.message).toMatch(/cannot read .*ca\.pem/);
    const noTls = await refusal(connectAsStation(`${plain.adminUrl}?sslmode=require`));
    expect(noTls.code).toBe('UPSTREAM_TLS');
    expect(noTls.message).toMatch(/does not offer TLS/);
  }, 60_000);
});
