import type { Migration } from '../migrate.ts';

/**
 * Holders the gate team should stop: a badge reported stolen flags its holder (the thief
 * may try the old card, or the holder's name, at a gate). One row per badge reported.
 */
export const migration: Migration = {
  version: 10,
  name: 'gate-flags',
  up(db) {
    db.exec(`
      CREATE TABLE gate_flags (
        holder      TEXT    NOT NULL REFERENCES holders (id),
        reason      TEXT    NOT NULL,
        serial      TEXT    NOT NULL,
        flagged_at  INTEGER NOT NULL,
        flagged_by  TEXT    NOT NULL,
        PRIMARY KEY (holder, serial)
      ) STRICT;
    `);
  },
};
