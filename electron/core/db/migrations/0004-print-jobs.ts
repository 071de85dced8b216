import type { Migration } from '../migrate.ts';

/**
 * Print jobs and their items: the durable state of every card of a batch, so a crash, a
 * jam or an unplugged printer leaves each card's state exactly known and the job resumable.
 */
export const migration: Migration = {
  version: 4,
  name: 'print jobs',
  up(db) {
    db.exec(`
      CREATE TABLE print_jobs (
        id         INTEGER PRIMARY KEY,
        name       TEXT    NOT NULL,
        -- Higher goes first: single reprints jump the bulk queue.
        priority   INTEGER NOT NULL DEFAULT 0,
        status     TEXT    NOT NULL CHECK (status IN ('running', 'paused', 'cancelled')),
        created_at INTEGER NOT NULL,
        created_by TEXT    NOT NULL
      ) STRICT;

      CREATE TABLE job_items (
        id         INTEGER PRIMARY KEY,
        job        INTEGER NOT NULL REFERENCES print_jobs (id),
        position   INTEGER NOT NULL,
        serial     TEXT    NOT NULL REFERENCES badge_versions (serial),
        state      TEXT    NOT NULL CHECK (state IN
                     ('queued', 'claimed', 'rendered', 'encoded', 'sent', 'printed', 'issued', 'rejected', 'failed', 'cancelled')),
        printer    TEXT,
        attempts   INTEGER NOT NULL DEFAULT 0,
        reason     TEXT,
        updated_at INTEGER NOT NULL,
        UNIQUE (job, serial)
      ) STRICT;
      CREATE INDEX job_items_queued ON job_items (job, position) WHERE state = 'queued';
      CREATE INDEX job_items_by_job_state ON job_items (job, state);
      -- At most one card in a printer at a time, kept by the database itself.
      CREATE UNIQUE INDEX job_items_one_card_per_printer ON job_items (printer)
        WHERE state IN ('claimed', 'rendered', 'encoded', 'sent');
    `);
  },
};
