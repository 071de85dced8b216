import type { Migration } from '../migrate.ts';

/**
 * Each holder's clearance keys and activation as upstream last gave them (sync pull). The
 * station shows them and filters on them; it never decides activation itself. Keyed by the
 * holder's id without a foreign key: upstream may send a holder's keys before the holder.
 */
export const migration: Migration = {
  version: 11,
  name: 'clearances',
  up(db) {
    db.exec(`
      CREATE TABLE holder_clearances (
        holder_id TEXT    PRIMARY KEY,
        keys      TEXT    NOT NULL,
        active    INTEGER NOT NULL CHECK (active IN (0, 1)),
        pulled_at INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
