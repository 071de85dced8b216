import type { Migration } from '../migrate.ts';

/** The station's own settings and the hash-chained issuance ledger. */
export const migration: Migration = {
  version: 1,
  name: 'station and ledger',
  up(db) {
    db.exec(`
      CREATE TABLE station_settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      -- seq runs 1, 2, 3 ... without gaps; hash covers every other column and prev_hash.
      CREATE TABLE ledger_events (
        seq       INTEGER PRIMARY KEY,
        at        INTEGER NOT NULL,
        type      TEXT    NOT NULL,
        actor     TEXT    NOT NULL,
        subject   TEXT,
        data      TEXT    NOT NULL,
        prev_hash BLOB    NOT NULL,
        hash      BLOB    NOT NULL
      ) STRICT;
      CREATE INDEX ledger_events_by_subject ON ledger_events (subject) WHERE subject IS NOT NULL;

      -- A checkpoint vouches for the chain head at seq; signed once the station has a key.
      CREATE TABLE ledger_checkpoints (
        seq       INTEGER PRIMARY KEY,
        head_hash BLOB    NOT NULL,
        at        INTEGER NOT NULL,
        kid       BLOB,
        signature BLOB
      ) STRICT;

      -- Append-only for the program too: a bug can never rewrite history. (Someone with a
      -- SQLite shell can drop these; the hash chain is what catches that.)
      CREATE TRIGGER ledger_events_append_only_update BEFORE UPDATE ON ledger_events
        BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
      CREATE TRIGGER ledger_events_append_only_delete BEFORE DELETE ON ledger_events
        BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
      CREATE TRIGGER ledger_checkpoints_append_only_update BEFORE UPDATE ON ledger_checkpoints
        BEGIN SELECT RAISE(ABORT, 'ledger checkpoints are append-only'); END;
      CREATE TRIGGER ledger_checkpoints_append_only_delete BEFORE DELETE ON ledger_checkpoints
        BEGIN SELECT RAISE(ABORT, 'ledger checkpoints are append-only'); END;
    `);
  },
};
