import type { Migration } from '../migrate.ts';

/**
 * The people who work the desk, and their sign-ins.
 *
 * `secret` is the scrypt hash of a password or PIN with its own salt and cost
 * (users/secrets.ts); the secret itself is never kept. `failures` counts sign-ins refused
 * in a row and `locked_until` ends a lockout. A session is kept by the SHA-256 of its token
 * only, so the database alone cannot be used to take over a desk; `locked_at` is set when
 * the desk was left idle (or locked by hand), and only the same person's secret opens it.
 */
export const migration: Migration = {
  version: 9,
  name: 'users',
  up(db) {
    db.exec(`
      CREATE TABLE users (
        id            INTEGER PRIMARY KEY,
        name          TEXT    NOT NULL UNIQUE COLLATE NOCASE,
        display_name  TEXT    NOT NULL,
        role          TEXT    NOT NULL CHECK (role IN ('operator', 'supervisor', 'technician', 'admin')),
        secret        TEXT    NOT NULL,
        failures      INTEGER NOT NULL DEFAULT 0,
        locked_until  INTEGER,
        disabled_at   INTEGER,
        created_at    INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE sessions (
        token_hash    BLOB    PRIMARY KEY,
        user          INTEGER NOT NULL REFERENCES users (id),
        started_at    INTEGER NOT NULL,
        last_seen     INTEGER NOT NULL,
        locked_at     INTEGER,
        ended_at      INTEGER
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
