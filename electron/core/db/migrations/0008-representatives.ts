import type { Migration } from '../migrate.ts';

/**
 * The people an organisation sends to collect its badges, each with the document they will
 * show: its type and only its last four characters (what the counter checks and the
 * ledger records; the whole number is never kept).
 */
export const migration: Migration = {
  version: 8,
  name: 'representatives',
  up(db) {
    db.exec(`
      CREATE TABLE representatives (
        id           INTEGER PRIMARY KEY,
        organisation TEXT    NOT NULL,
        name         TEXT    NOT NULL,
        doc_type     TEXT    NOT NULL,
        doc_last4    TEXT    NOT NULL,
        added_at     INTEGER NOT NULL,
        UNIQUE (organisation, name, doc_last4)
      ) STRICT;
    `);
  },
};
