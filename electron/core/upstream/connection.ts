/**
 * A connection to upstream, and what its failures mean to a badge office.
 *
 * The connection string is libpq's (postgres://role:password@host:port/db?sslmode=...), so
 * TLS is the string's `sslmode`, `sslrootcert`, `sslcert` and `sslkey`, as for psql.
 * Failures become StationErrors that say what to do; the station keeps working offline
 * whatever they are, and the next sync picks up where the last stopped.
 */
import pg from 'pg';
import { StationError } from '../errors.ts';
import { refuseNewerSchema, upstreamSchemaVersion } from './schema.ts';

export type UpstreamClient = pg.Client;

/** Where upstream is, for messages: never the password. */
export function upstreamPlace(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.username || 'postgres'}@${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    return 'upstream';
  }
}

export async function connectUpstream(url: string, options: { timeoutMs?: number } = {}): Promise<UpstreamClient> {
  if (!/^postgres(ql)?:\/\//.test(url)) {
    throw new StationError(
      'USAGE',
      'An upstream address is a PostgreSQL connection string: postgres://ROLE:PASSWORD@HOST:PORT/DATABASE (add ?sslmode=verify-full for TLS).',
    );
  }
  let client: pg.Client;
  try {
    // Reads the files the string names (sslrootcert ...): a missing one fails here.
    client = new pg.Client({
      connectionString: url,
      connectionTimeoutMillis: options.timeoutMs ?? 10_000,
      application_name: 'badge-station',
    });
  } catch (error) {
    throw new StationError(
      'UPSTREAM_TLS',
      `The connection string names a file this computer cannot read (${(error as Error).message}): put the CA certificate upstream's administrator gave where sslrootcert says.`,
    );
  }
  // A connection that drops later reports through the query that was waiting on it.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    throw upstreamError(error, url);
  }
  return client;
}

/** Connects as a station: upstream must have this station's schema, no newer. */
export async function connectAsStation(url: string): Promise<UpstreamClient> {
  const client = await connectUpstream(url);
  try {
    const version = await upstreamSchemaVersion(client);
    if (version === 0) {
      throw new StationError(
        'UPSTREAM_NOT_INITIALISED',
        `Upstream (${upstreamPlace(url)}) has no Badge Station schema: its administrator runs "badge-station upstream init" first.`,
      );
    }
    refuseNewerSchema(version);
    return client;
  } catch (error) {
    await client.end().catch(() => {});
    throw upstreamError(error, url);
  }
}

/** Node's TLS refusals of a server's certificate. */
const TLS_REFUSALS = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** What a PostgreSQL or network failure means, in the badge office's words. */
export function upstreamError(error: unknown, url?: string): Error {
  if (error instanceof StationError) return error;
  const where = url ? `Upstream (${upstreamPlace(url)})` : 'Upstream';
  const code = (error as { code?: string }).code;
  const message = (error as Error).message ?? String(error);
  switch (code) {
    case '28P01':
    case '28000':
      return new StationError(
        'UPSTREAM_AUTH',
        `${where} refused this station's login: the password or role is wrong. Ask upstream's administrator for the station's connection string and run "badge-station sync connect" again.`,
      );
    case '3D000':
      return new StationError('UPSTREAM_NOT_INITIALISED', `${where} has no such database: check the connection string.`);
    case 'BS001':
      return new StationError(
        'UPSTREAM_NOT_A_STATION',
        `${where} does not know this login as a station: its administrator adds it with "badge-station upstream add-station".`,
      );
    case 'BS002':
    case 'BS003':
    case 'BS004':
      return new StationError('UPSTREAM_REFUSED', `Upstream refused the ledger: ${message}.`, { sqlState: code });
    case '42501':
      return new StationError('UPSTREAM_NOT_A_STATION', `${where} refused: ${message}.`);
    case '57P01':
    case '57P02':
    case '57P03':
    case 'ECONNREFUSED':
    case 'ECONNRESET':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EPIPE':
      return new StationError(
        'UPSTREAM_UNREACHABLE',
        `${where} cannot be reached (${code}). The station keeps working offline; sync resumes where it stopped once upstream is back.`,
        { cause: code },
      );
  }
  if (code !== undefined && TLS_REFUSALS.has(code)) {
    return new StationError(
      'UPSTREAM_TLS',
      `${where}'s certificate is not one this station trusts (${code}): check that the connection string's sslrootcert is the CA certificate upstream's administrator gave, and that the host is the one the certificate names. Nothing was sent.`,
    );
  }
  if (/does not support SSL/i.test(message)) {
    return new StationError(
      'UPSTREAM_TLS',
      `${where} does not offer TLS, which the connection string asks for (sslmode): its administrator turns TLS on. Nothing was sent.`,
    );
  }
  if (/timeout|Connection terminated|connection error/i.test(message)) {
    return new StationError(
      'UPSTREAM_UNREACHABLE',
      `${where} cannot be reached (${message}). The station keeps working offline; sync resumes where it stopped once upstream is back.`,
    );
  }
  return error instanceof Error ? error : new Error(message);
}
