import type { Migration } from '../migrate.ts';

/**
 * What sync pull brings besides the roster.
 *
 * Each holder's clearance keys and activation as upstream last gave them. The station
 * shows them and filters on them; it never decides activation itself. Keyed by the
 * holder's id without a foreign key: upstream may send a holder's keys before the holder.
 *
 * Other stations' revocations: for each of their badges with a revoked version, the lowest
 * version still good (as a gates' revocation list has it), and their replaced chips. Kept
 * whether or not this station has met the badge: it applies when the badge's card is read
 * here (a badge voided at station 3 is refused at station 7).
 */
export const migration: Migration = {
  version: 11,
  name: 'from upstream: clearances and revocations',
  up(db) {
    db.exec(`
      CREATE TABLE holder_clearances (
        holder_id TEXT    PRIMARY KEY,
        keys      TEXT    NOT NULL,
        active    INTEGER NOT NULL CHECK (active IN (0, 1)),
        pulled_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE upstream_revoked_badges (
        station     INTEGER NOT NULL,
        badge       INTEGER NOT NULL,
        min_version INTEGER NOT NULL,
        PRIMARY KEY (station, badge)
      ) STRICT;

      CREATE TABLE upstream_revoked_chips (
        uid     TEXT    PRIMARY KEY,
        station INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
