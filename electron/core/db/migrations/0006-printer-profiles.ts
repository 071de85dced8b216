import type { Migration } from '../migrate.ts';

/**
 * Printer profiles and bad cards.
 *
 * A station printer now says what make it is (its profile: the driver options a card job
 * carries, and how a card is moved to the encoder and to the reject box) and how its cards
 * are printed (ribbon, overlay, a 180° turn).
 *
 * job_items.bad_cards counts the blank cards rejected at the encoder for that badge in
 * this job. `attempts` counts claims, which grow with every requeue (a printer going
 * offline, an empty encoder, a printer leaving), so it cannot say "three bad cards".
 */
export const migration: Migration = {
  version: 6,
  name: 'printer profiles and bad cards',
  up(db) {
    db.exec(`
      ALTER TABLE station_printers ADD COLUMN profile TEXT;
      ALTER TABLE station_printers ADD COLUMN ribbon TEXT;
      ALTER TABLE station_printers ADD COLUMN overlay INTEGER NOT NULL DEFAULT 1 CHECK (overlay IN (0, 1));
      ALTER TABLE station_printers ADD COLUMN rotate180 INTEGER NOT NULL DEFAULT 0 CHECK (rotate180 IN (0, 1));
      ALTER TABLE job_items ADD COLUMN bad_cards INTEGER NOT NULL DEFAULT 0;
    `);
  },
};
