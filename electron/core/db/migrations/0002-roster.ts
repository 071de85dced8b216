import type { Migration } from '../migrate.ts';

/**
 * The roster (holders, their photos, the search columns) and badges with their versions.
 *
 * Search works on plain indexed columns rather than FTS: every query the desk needs is a
 * prefix ("as you type"), which a B-tree range scan answers in well under a millisecond.
 */
export const migration: Migration = {
  version: 2,
  name: 'roster and badges',
  up(db) {
    db.exec(`
      -- A photo is stored once by content: the bytes live in <data>/photos/, named by hash.
      CREATE TABLE photos (
        hash   TEXT    PRIMARY KEY,
        format TEXT    NOT NULL,
        width  INTEGER NOT NULL,
        height INTEGER NOT NULL,
        bytes  INTEGER NOT NULL
      ) STRICT;

      -- id is the registration system's holder id; hid is the station's own row key.
      CREATE TABLE holders (
        hid          INTEGER PRIMARY KEY,
        id           TEXT    NOT NULL UNIQUE,
        name         TEXT    NOT NULL,
        latin_name   TEXT    NOT NULL,
        organisation TEXT    NOT NULL,
        country      TEXT    NOT NULL,
        doc_type     TEXT    NOT NULL,
        doc_number   TEXT    NOT NULL,
        type         TEXT    NOT NULL,
        zones        TEXT    NOT NULL,
        photo        TEXT    REFERENCES photos (hash),
        -- Search columns, normalised (lower case, no spaces or punctuation).
        name_key     TEXT    NOT NULL,
        pinyin       TEXT    NOT NULL,
        initials     TEXT    NOT NULL,
        latin_key    TEXT    NOT NULL,
        org_key      TEXT    NOT NULL,
        updated_at   INTEGER NOT NULL
      ) STRICT;

      -- Later words of multi-word names and organisations, so "smith" finds "John Smith".
      CREATE TABLE holder_words (
        word TEXT    NOT NULL,
        hid  INTEGER NOT NULL REFERENCES holders (hid) ON DELETE CASCADE
      ) STRICT;

      CREATE INDEX holders_by_name ON holders (name_key) WHERE name_key <> '';
      CREATE INDEX holders_by_pinyin ON holders (pinyin) WHERE pinyin <> '';
      CREATE INDEX holders_by_initials ON holders (initials) WHERE initials <> '';
      CREATE INDEX holders_by_latin ON holders (latin_key) WHERE latin_key <> '';
      CREATE INDEX holders_by_org ON holders (org_key) WHERE org_key <> '';
      CREATE INDEX holder_words_by_word ON holder_words (word);
      CREATE INDEX holder_words_by_hid ON holder_words (hid);

      -- A badge is one credential for one holder; counter is per station, never reused.
      CREATE TABLE badges (
        badge      INTEGER PRIMARY KEY,
        holder     TEXT    NOT NULL REFERENCES holders (id),
        station    TEXT    NOT NULL,
        counter    INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        UNIQUE (station, counter)
      ) STRICT;
      CREATE INDEX badges_by_holder ON badges (holder);

      -- Each reprint is a new version with its own serial; every earlier version is revoked.
      CREATE TABLE badge_versions (
        serial        TEXT    PRIMARY KEY,
        badge         INTEGER NOT NULL REFERENCES badges (badge),
        holder        TEXT    NOT NULL REFERENCES holders (id),
        version       INTEGER NOT NULL CHECK (version BETWEEN 1 AND 9),
        type          TEXT    NOT NULL,
        zones         TEXT    NOT NULL,
        status        TEXT    NOT NULL CHECK (status IN ('active', 'revoked')),
        revoke_reason TEXT,
        created_at    INTEGER NOT NULL,
        revoked_at    INTEGER,
        UNIQUE (badge, version)
      ) STRICT;
      -- The rule "at most one active badge per holder", kept by the database itself.
      CREATE UNIQUE INDEX badge_versions_one_active_per_holder ON badge_versions (holder) WHERE status = 'active';
    `);
  },
};
