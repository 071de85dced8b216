/**
 * Upstream's administrator adds each station: a login role of its own, a member of the
 * stations' group (so it can call the station functions and nothing else), and its row.
 * The password is made here, long and random, and handed over once inside the station's
 * connection string; upstream keeps only PostgreSQL's SCRAM verifier of it.
 */
import { randomBytes } from 'node:crypto';
import { StationError } from '../errors.ts';
import { parseStationNumber } from '../station/index.ts';
import type { UpstreamClient } from './connection.ts';
import { STATIONS_GROUP, UPSTREAM_SCHEMA } from './schema.ts';

export function stationRole(station: string): string {
  return `badge_station_${station}`;
}

/** Adds station `number` upstream and gives back its connection string (the only copy of its password). */
export async function addUpstreamStation(
  client: UpstreamClient,
  number: string,
  adminUrl: string,
): Promise<{ station: string; url: string }> {
  const station = parseStationNumber(number);
  const role = stationRole(station);
  const password = randomBytes(24).toString('base64url');
  const existing = await client.query(`SELECT 1 FROM ${UPSTREAM_SCHEMA}.stations WHERE station = $1`, [station]);
  if (existing.rowCount) {
    throw new StationError(
      'STATION_EXISTS',
      `Station ${station} is already upstream. To give it a new password, reset its role's password: ALTER ROLE ${role} PASSWORD ...`,
    );
  }
  await client.query('BEGIN');
  try {
    await client.query(`CREATE ROLE ${role} LOGIN IN ROLE ${STATIONS_GROUP} PASSWORD ${client.escapeLiteral(password)}`);
    await client.query(`INSERT INTO ${UPSTREAM_SCHEMA}.stations (station, role_name) VALUES ($1, $2)`, [station, role]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
  const url = new URL(adminUrl);
  url.username = role;
  url.password = password;
  return { station, url: url.toString() };
}
