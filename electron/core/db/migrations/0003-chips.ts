import type { Migration } from '../migrate.ts';

/**
 * Chips bound to badge versions. A chip UID is bound when its payload was written, read
 * back and verified; a replacement chip revokes the one before; a wiped chip is released.
 * A UID may come back after a wipe (training cards), so it is unique only while current.
 */
export const migration: Migration = {
  version: 3,
  name: 'chips',
  up(db) {
    db.exec(`
      CREATE TABLE chips (
        id            INTEGER PRIMARY KEY,
        uid           TEXT    NOT NULL,
        serial        TEXT    NOT NULL REFERENCES badge_versions (serial),
        model         TEXT    NOT NULL,
        status        TEXT    NOT NULL CHECK (status IN ('current', 'revoked', 'wiped')),
        encoded_at    INTEGER NOT NULL,
        ended_at      INTEGER,
        end_reason    TEXT
      ) STRICT;
      CREATE UNIQUE INDEX chips_current_uid ON chips (uid) WHERE status = 'current';
      CREATE UNIQUE INDEX chips_current_per_serial ON chips (serial) WHERE status = 'current';
      CREATE INDEX chips_by_uid ON chips (uid);
    `);
  },
};
