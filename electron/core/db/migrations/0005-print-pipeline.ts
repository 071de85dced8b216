import type { Migration } from '../migrate.ts';

/**
 * The print pipeline: the station's own printers (and their encoders), and what a card
 * needs for resuming after a crash.
 *
 * job_items is rebuilt because SQLite cannot widen a CHECK in place: 'held' is added (a
 * card whose holder changed after it was queued waits for the operator), and columns for
 * the name the card's print was sent under (looked up at the printer after a crash), the
 * printer's own start and finish times, and the holder's roster stamp when queued.
 */
export const migration: Migration = {
  version: 5,
  name: 'print pipeline',
  up(db) {
    db.exec(`
      CREATE TABLE station_printers (
        name     TEXT    PRIMARY KEY,
        driver   TEXT    NOT NULL CHECK (driver IN ('cups', 'demo')),
        -- cups: the queue's name on the spooler; demo: the folder its cards go to.
        target   TEXT    NOT NULL,
        -- cups: the spooler's address.
        server   TEXT,
        -- 'demo' (the demo printer's own encoder) or 'pcsc:<reader name>'; NULL: no inline encoder.
        encoder  TEXT,
        pace_ms  INTEGER,
        added_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE job_items_new (
        id                INTEGER PRIMARY KEY,
        job               INTEGER NOT NULL REFERENCES print_jobs (id),
        position          INTEGER NOT NULL,
        serial            TEXT    NOT NULL REFERENCES badge_versions (serial),
        state             TEXT    NOT NULL CHECK (state IN ('queued', 'claimed', 'rendered', 'encoded', 'sent', 'printed',
                                    'issued', 'rejected', 'failed', 'cancelled', 'held')),
        printer           TEXT,
        attempts          INTEGER NOT NULL DEFAULT 0,
        reason            TEXT,
        updated_at        INTEGER NOT NULL,
        holder_stamp      INTEGER,
        print_name        TEXT,
        spooler_job       INTEGER,
        print_started_at  INTEGER,
        print_finished_at INTEGER,
        UNIQUE (job, serial)
      ) STRICT;
      INSERT INTO job_items_new (id, job, position, serial, state, printer, attempts, reason, updated_at)
        SELECT id, job, position, serial, state, printer, attempts, reason, updated_at FROM job_items;
      DROP TABLE job_items;
      ALTER TABLE job_items_new RENAME TO job_items;

      CREATE INDEX job_items_queued ON job_items (job, position) WHERE state = 'queued';
      CREATE INDEX job_items_by_job_state ON job_items (job, state);
      CREATE INDEX job_items_by_serial ON job_items (serial);
      -- The few cards on their way through printers, found without reading a 500,000-card job.
      CREATE INDEX job_items_under_way ON job_items (state) WHERE state IN ('claimed', 'rendered', 'encoded', 'sent', 'printed');
      -- At most one card in a printer at a time, kept by the database itself.
      CREATE UNIQUE INDEX job_items_one_card_per_printer ON job_items (printer)
        WHERE state IN ('claimed', 'rendered', 'encoded', 'sent');
    `);
  },
};
