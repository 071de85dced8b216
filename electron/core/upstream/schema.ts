/**
 * Upstream's schema: what an event's PostgreSQL holds for its stations, in numbered
 * migrations of its own, applied by `badge-station upstream init` with the event's
 * administrator login.
 *
 * Least privilege is the design: a station logs in as a role of its own, a member of
 * `badge_stations`, which has no right on any table. It can only call the functions here,
 * SECURITY DEFINER with a fixed search_path, and each function takes the station from the
 * login (session_user), never from an argument: a station cannot write another's rows.
 *
 * What a station reads it reads through functions too: the roster's changes after its
 * cursor, photos by hash, clearance keys (pull_roster, fetch_photos, pull_clearances).
 *
 * Upstream checks what it is sent (push_ledger): events continue the station's chain
 * without a gap, each hash is recomputed here with the station's own encoding
 * (ledger/chain.ts, v1) and must match, an event sent again must be the same event, and a
 * checkpoint must vouch for the chain upstream holds. What it does not check is a
 * checkpoint's signature (PostgreSQL has no Ed25519): it keeps the signature and kid so
 * an audit with the trust list can.
 */
import type { ClientBase } from 'pg';
import { StationError } from '../errors.ts';

export const UPSTREAM_SCHEMA = 'badge_upstream';
export const STATIONS_GROUP = 'badge_stations';

interface UpstreamMigration {
  version: number;
  name: string;
  sql: string;
}

/** The hash of event n, as ledger/chain.ts makes it, over the columns of `e`. */
const EVENT_HASH = `sha256(
    '\\x62616467652d73746174696f6e2f6c65646765722f763100'::bytea
    || int8send(e.seq) || int8send(e.at)
    || int4send(octet_length(convert_to(e.type, 'UTF8'))) || convert_to(e.type, 'UTF8')
    || int4send(octet_length(convert_to(e.actor, 'UTF8'))) || convert_to(e.actor, 'UTF8')
    || CASE WHEN e.subject IS NULL THEN '\\x00'::bytea
            ELSE '\\x01'::bytea || int4send(octet_length(convert_to(e.subject, 'UTF8'))) || convert_to(e.subject, 'UTF8') END
    || int4send(octet_length(convert_to(e.data, 'UTF8'))) || convert_to(e.data, 'UTF8')
    || e.prev_hash)`;

const MIGRATIONS: readonly UpstreamMigration[] = [
  {
    version: 1,
    name: 'stations and their ledgers',
    sql: `
      CREATE SCHEMA ${UPSTREAM_SCHEMA};
      REVOKE ALL ON SCHEMA ${UPSTREAM_SCHEMA} FROM PUBLIC;

      CREATE TABLE ${UPSTREAM_SCHEMA}.schema_version (
        version    integer PRIMARY KEY,
        name       text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE ${UPSTREAM_SCHEMA}.stations (
        station    text PRIMARY KEY CHECK (station ~ '^[0-9]{3}$'),
        role_name  name NOT NULL UNIQUE,
        head_seq   bigint NOT NULL DEFAULT 0,
        head_hash  bytea NOT NULL DEFAULT '\\x${'00'.repeat(32)}'::bytea,
        pushed_at  timestamptz
      );

      -- No foreign key to stations: rows arrive only through push_ledger, which takes the
      -- station from the login, and a per-row key check would cost a third of a push.
      CREATE TABLE ${UPSTREAM_SCHEMA}.ledger_events (
        station     text NOT NULL,
        seq         bigint NOT NULL,
        at          bigint NOT NULL,
        type        text NOT NULL,
        actor       text NOT NULL,
        subject     text,
        data        text NOT NULL,
        prev_hash   bytea NOT NULL,
        hash        bytea NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        -- The pushing transaction: how other stations page through revocations.
        received    xid8 NOT NULL DEFAULT pg_current_xact_id(),
        PRIMARY KEY (station, seq)
      );
      -- The events that revoke something (a badge voided, an old version reprinted, a chip
      -- replaced), in the order other stations pull them.
      CREATE INDEX ledger_events_revoking ON ${UPSTREAM_SCHEMA}.ledger_events (received, station, seq)
        WHERE type IN ('BADGE_VOIDED', 'BADGE_REPRINTED', 'CHIP_REPLACED');

      CREATE TABLE ${UPSTREAM_SCHEMA}.ledger_checkpoints (
        station   text NOT NULL REFERENCES ${UPSTREAM_SCHEMA}.stations,
        seq       bigint NOT NULL,
        head_hash bytea NOT NULL,
        at        bigint NOT NULL,
        kid       bytea,
        signature bytea,
        PRIMARY KEY (station, seq)
      );

      -- The station calling, from its login; refused for any other login.
      CREATE FUNCTION ${UPSTREAM_SCHEMA}.calling_station() RETURNS ${UPSTREAM_SCHEMA}.stations
      LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
      DECLARE me ${UPSTREAM_SCHEMA}.stations;
      BEGIN
        SELECT * INTO me FROM ${UPSTREAM_SCHEMA}.stations WHERE role_name = session_user;
        IF NOT FOUND THEN
          RAISE EXCEPTION USING ERRCODE = 'BS001', MESSAGE = format('%s is not a station of this event', session_user);
        END IF;
        RETURN me;
      END $$;

      CREATE FUNCTION ${UPSTREAM_SCHEMA}.station_head(OUT station text, OUT head_seq bigint, OUT head_hash bytea, OUT upstream_ms bigint)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
        SELECT s.station, s.head_seq, s.head_hash, (extract(epoch FROM clock_timestamp()) * 1000)::bigint
          FROM ${UPSTREAM_SCHEMA}.calling_station() s
      $$;

      -- A batch of the calling station's events (parallel arrays, in seq order) and the
      -- checkpoints among them. Events upstream already holds are skipped when they are
      -- the same events (a batch sent again after a lost answer) and refused when not.
      CREATE FUNCTION ${UPSTREAM_SCHEMA}.push_ledger(
        p_seq bigint[], p_at bigint[], p_type text[], p_actor text[], p_subject text[], p_data text[],
        p_prev_hash bytea[], p_hash bytea[],
        p_cp_seq bigint[], p_cp_head bytea[], p_cp_at bigint[], p_cp_kid bytea[], p_cp_sig bytea[],
        OUT head_seq bigint, OUT head_hash bytea)
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
      DECLARE
        me ${UPSTREAM_SCHEMA}.stations;
        bad record;
      BEGIN
        me := ${UPSTREAM_SCHEMA}.calling_station();
        -- One push per station at a time: the head read here is the head written below.
        PERFORM 1 FROM ${UPSTREAM_SCHEMA}.stations s WHERE s.station = me.station FOR UPDATE;
        SELECT s.* INTO me FROM ${UPSTREAM_SCHEMA}.stations s WHERE s.station = me.station;

        -- Looked up one by one through the primary key, and only for events at or below the
        -- head (normally none): a join here lets the planner scan the station's whole ledger.
        SELECT b.seq INTO bad
          FROM unnest(p_seq, p_hash) AS b(seq, hash)
         WHERE b.seq <= me.head_seq
           AND b.hash IS DISTINCT FROM (SELECT e.hash FROM ${UPSTREAM_SCHEMA}.ledger_events e
                                         WHERE e.station = me.station AND e.seq = b.seq)
         ORDER BY b.seq LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION USING ERRCODE = 'BS002', MESSAGE = format(
            'station %s sent an event %s that differs from the one upstream holds: its ledger was changed after it was pushed',
            me.station, bad.seq);
        END IF;

        SELECT c.seq, c.problem INTO bad FROM (
          SELECT e.seq, CASE
                   WHEN e.seq <> coalesce(lag(e.seq) OVER w, me.head_seq) + 1 THEN 'gap'
                   WHEN e.prev_hash <> coalesce(lag(e.hash) OVER w, me.head_hash) THEN 'chain'
                   WHEN e.hash <> ${EVENT_HASH} THEN 'hash'
                 END AS problem
            FROM unnest(p_seq, p_at, p_type, p_actor, p_subject, p_data, p_prev_hash, p_hash)
                 AS e(seq, at, type, actor, subject, data, prev_hash, hash)
           WHERE e.seq > me.head_seq
          WINDOW w AS (ORDER BY e.seq)
        ) c WHERE c.problem IS NOT NULL ORDER BY c.seq LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION USING ERRCODE = CASE bad.problem WHEN 'gap' THEN 'BS003' ELSE 'BS004' END,
            MESSAGE = CASE bad.problem
              WHEN 'gap' THEN format('station %s sent event %s, but upstream holds its events up to %s: events in between are missing', me.station, bad.seq, me.head_seq)
              WHEN 'chain' THEN format('station %s''s event %s does not follow the event before it: its ledger forks from what upstream holds', me.station, bad.seq)
              ELSE format('station %s''s event %s does not match its own hash: the event was changed', me.station, bad.seq)
            END;
        END IF;

        INSERT INTO ${UPSTREAM_SCHEMA}.ledger_events (station, seq, at, type, actor, subject, data, prev_hash, hash)
        SELECT me.station, e.* FROM unnest(p_seq, p_at, p_type, p_actor, p_subject, p_data, p_prev_hash, p_hash)
               AS e(seq, at, type, actor, subject, data, prev_hash, hash)
         WHERE e.seq > me.head_seq ORDER BY e.seq;

        SELECT coalesce(max(e.seq), me.head_seq) INTO head_seq FROM unnest(p_seq) AS e(seq);
        head_seq := greatest(head_seq, me.head_seq);
        SELECT e.hash INTO head_hash FROM ${UPSTREAM_SCHEMA}.ledger_events e WHERE e.station = me.station AND e.seq = head_seq;
        head_hash := coalesce(head_hash, me.head_hash);
        UPDATE ${UPSTREAM_SCHEMA}.stations s SET head_seq = push_ledger.head_seq, head_hash = push_ledger.head_hash, pushed_at = now()
         WHERE s.station = me.station;

        SELECT c.seq INTO bad
          FROM unnest(p_cp_seq, p_cp_head) AS c(seq, head)
         WHERE c.head IS DISTINCT FROM (SELECT e.hash FROM ${UPSTREAM_SCHEMA}.ledger_events e
                                         WHERE e.station = me.station AND e.seq = c.seq)
         ORDER BY c.seq LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION USING ERRCODE = 'BS004', MESSAGE = format(
            'station %s''s checkpoint at event %s does not vouch for the chain upstream holds', me.station, bad.seq);
        END IF;
        INSERT INTO ${UPSTREAM_SCHEMA}.ledger_checkpoints (station, seq, head_hash, at, kid, signature)
        SELECT me.station, c.* FROM unnest(p_cp_seq, p_cp_head, p_cp_at, p_cp_kid, p_cp_sig) AS c(seq, head, at, kid, sig)
        ON CONFLICT DO NOTHING;
      END $$;

      -- The roster as the platform keeps it: one row per holder, in the station's own
      -- fields, and the holder's photo by SHA-256. Every change stamps the row with its
      -- transaction id, which is how stations page through changes (pull_roster).
      CREATE TABLE ${UPSTREAM_SCHEMA}.holders (
        holder_id    text PRIMARY KEY,
        name         text NOT NULL DEFAULT '',
        latin_name   text NOT NULL DEFAULT '',
        organisation text NOT NULL DEFAULT '',
        country      text NOT NULL DEFAULT '',
        doc_type     text NOT NULL DEFAULT '',
        doc_number   text NOT NULL DEFAULT '',
        type         text NOT NULL DEFAULT '',
        zones        text NOT NULL DEFAULT '',
        photo_sha256 bytea,
        changed      xid8 NOT NULL DEFAULT pg_current_xact_id()
      );
      CREATE INDEX holders_by_change ON ${UPSTREAM_SCHEMA}.holders (changed, holder_id);

      CREATE TABLE ${UPSTREAM_SCHEMA}.photos (
        sha256 bytea PRIMARY KEY,
        bytes  bytea NOT NULL,
        CHECK (sha256 = sha256(bytes))
      );

      -- Each holder's clearance keys (the reference event's: vaccination, health code,
      -- a recent test) and upstream's activation; the station shows them, never decides.
      CREATE TABLE ${UPSTREAM_SCHEMA}.clearances (
        holder_id text PRIMARY KEY,
        keys      jsonb NOT NULL DEFAULT '{}',
        active    boolean NOT NULL DEFAULT false,
        changed   xid8 NOT NULL DEFAULT pg_current_xact_id()
      );
      CREATE INDEX clearances_by_change ON ${UPSTREAM_SCHEMA}.clearances (changed, holder_id);

      CREATE FUNCTION ${UPSTREAM_SCHEMA}.stamp_change() RETURNS trigger
      LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
      BEGIN NEW.changed := pg_current_xact_id(); RETURN NEW; END $$;
      CREATE TRIGGER holders_changed BEFORE UPDATE ON ${UPSTREAM_SCHEMA}.holders
        FOR EACH ROW EXECUTE FUNCTION ${UPSTREAM_SCHEMA}.stamp_change();
      CREATE TRIGGER clearances_changed BEFORE UPDATE ON ${UPSTREAM_SCHEMA}.clearances
        FOR EACH ROW EXECUTE FUNCTION ${UPSTREAM_SCHEMA}.stamp_change();

      -- Changes after the cursor (transaction id, holder), oldest first. Only changes of
      -- transactions older than every one still running are given: one that commits later
      -- with a smaller id can never be skipped (it is still below the horizon until it ends).
      CREATE FUNCTION ${UPSTREAM_SCHEMA}.pull_roster(p_after_change xid8, p_after_holder text, p_limit integer)
      RETURNS TABLE (holder_id text, name text, latin_name text, organisation text, country text, doc_type text,
                     doc_number text, type text, zones text, photo_sha256 bytea, changed xid8)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
        SELECT h.holder_id, h.name, h.latin_name, h.organisation, h.country, h.doc_type, h.doc_number, h.type,
               h.zones, h.photo_sha256, h.changed
          FROM ${UPSTREAM_SCHEMA}.holders h, ${UPSTREAM_SCHEMA}.calling_station() me
         WHERE (h.changed, h.holder_id) > (p_after_change, p_after_holder)
           AND h.changed < pg_snapshot_xmin(pg_current_snapshot())
         ORDER BY h.changed, h.holder_id
         LIMIT p_limit
      $$;

      CREATE FUNCTION ${UPSTREAM_SCHEMA}.fetch_photos(p_hashes bytea[])
      RETURNS TABLE (sha256 bytea, bytes bytea)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
        SELECT p.sha256, p.bytes FROM ${UPSTREAM_SCHEMA}.photos p, ${UPSTREAM_SCHEMA}.calling_station() me
         WHERE p.sha256 = ANY (p_hashes)
      $$;

      CREATE FUNCTION ${UPSTREAM_SCHEMA}.pull_clearances(p_after_change xid8, p_after_holder text, p_limit integer)
      RETURNS TABLE (holder_id text, keys jsonb, active boolean, changed xid8)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
        SELECT c.holder_id, c.keys, c.active, c.changed
          FROM ${UPSTREAM_SCHEMA}.clearances c, ${UPSTREAM_SCHEMA}.calling_station() me
         WHERE (c.changed, c.holder_id) > (p_after_change, p_after_holder)
           AND c.changed < pg_snapshot_xmin(pg_current_snapshot())
         ORDER BY c.changed, c.holder_id
         LIMIT p_limit
      $$;

      -- Every other station's revoking events after the cursor, as pushed (data as the
      -- station wrote it): below the horizon of running transactions, as pull_roster.
      CREATE FUNCTION ${UPSTREAM_SCHEMA}.pull_revocations(p_after_change xid8, p_after_station text, p_after_seq bigint, p_limit integer)
      RETURNS TABLE (station text, seq bigint, type text, data text, received xid8)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
        SELECT e.station, e.seq, e.type, e.data, e.received
          FROM ${UPSTREAM_SCHEMA}.ledger_events e, ${UPSTREAM_SCHEMA}.calling_station() me
         WHERE e.type IN ('BADGE_VOIDED', 'BADGE_REPRINTED', 'CHIP_REPLACED')
           AND (e.received, e.station, e.seq) > (p_after_change, p_after_station, p_after_seq)
           AND e.received < pg_snapshot_xmin(pg_current_snapshot())
           AND e.station <> me.station
         ORDER BY e.received, e.station, e.seq
         LIMIT p_limit
      $$;

      -- The gates' signed revocation lists (revocations publish), full or delta, numbered
      -- without going back; with the entries each list's state adds up to, so the next
      -- delta is worked out against it.
      CREATE TABLE ${UPSTREAM_SCHEMA}.revocation_lists (
        seq       bigint PRIMARY KEY,
        base      bigint NOT NULL,
        issued_at bigint NOT NULL,
        list      bytea NOT NULL,
        state     jsonb NOT NULL,
        CHECK (base < seq)
      );

      CREATE FUNCTION ${UPSTREAM_SCHEMA}.fetch_revocation_lists(p_after_seq bigint)
      RETURNS TABLE (seq bigint, base bigint, list bytea)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
        SELECT l.seq, l.base, l.list FROM ${UPSTREAM_SCHEMA}.revocation_lists l, ${UPSTREAM_SCHEMA}.calling_station() me
         WHERE l.seq > p_after_seq ORDER BY l.seq
      $$;

      -- Which station prints each holder: a lease taken before a bulk run prints, renewed
      -- while it runs; made permanent ('infinity') once that station issued the holder's
      -- badge, so no other station prints the holder after it either.
      CREATE TABLE ${UPSTREAM_SCHEMA}.holder_leases (
        holder_id  text PRIMARY KEY,
        station    text NOT NULL,
        job        text NOT NULL,
        expires_at timestamptz NOT NULL
      );

      -- Claims (or renews) these holders for the calling station, in one conflict-safe
      -- statement; gives back the ones another station holds. The second statement reads
      -- a fresh snapshot, so a lease another station committed while this one waited on
      -- it is seen there, never taken for granted.
      CREATE FUNCTION ${UPSTREAM_SCHEMA}.claim_holders(p_holders text[], p_job text, p_minutes integer)
      RETURNS TABLE (leased_holder text, leased_by text, leased_until timestamptz)
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
      DECLARE
        me ${UPSTREAM_SCHEMA}.stations;
        taken text[];
      BEGIN
        me := ${UPSTREAM_SCHEMA}.calling_station();
        WITH t AS (
          INSERT INTO ${UPSTREAM_SCHEMA}.holder_leases AS l (holder_id, station, job, expires_at)
          SELECT DISTINCT h, me.station, p_job, now() + make_interval(mins => p_minutes) FROM unnest(p_holders) AS h
          ON CONFLICT (holder_id) DO UPDATE
             SET station = excluded.station, job = excluded.job,
                 expires_at = CASE WHEN l.expires_at = 'infinity' THEN l.expires_at ELSE excluded.expires_at END
           WHERE l.station = excluded.station OR l.expires_at < now()
          RETURNING l.holder_id)
        SELECT coalesce(array_agg(t.holder_id), '{}') INTO taken FROM t;
        -- No end (NULL) for a holder the other station already issued.
        RETURN QUERY SELECT l.holder_id, l.station, CASE WHEN l.expires_at = 'infinity' THEN NULL ELSE l.expires_at END
                       FROM ${UPSTREAM_SCHEMA}.holder_leases l
                      WHERE l.holder_id = ANY (p_holders) AND NOT (l.holder_id = ANY (taken));
      END $$;

      -- After a run: the holders whose badges this station issued stay its own for good;
      -- the ones it did not print are let go for other stations.
      CREATE FUNCTION ${UPSTREAM_SCHEMA}.settle_holders(p_issued text[], p_released text[]) RETURNS void
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
      DECLARE me ${UPSTREAM_SCHEMA}.stations;
      BEGIN
        me := ${UPSTREAM_SCHEMA}.calling_station();
        UPDATE ${UPSTREAM_SCHEMA}.holder_leases SET expires_at = 'infinity'
         WHERE station = me.station AND holder_id = ANY (p_issued);
        DELETE FROM ${UPSTREAM_SCHEMA}.holder_leases
         WHERE station = me.station AND holder_id = ANY (p_released) AND expires_at <> 'infinity';
      END $$;

      -- Holders whose badges more than one station issued (one printed while offline, or a
      -- card released against the other station's lease), each issue with its station,
      -- for the calling station's supervisors: only conflicts it is part of. A badge is
      -- matched to its holder by its creation event (serial without type and version).
      CREATE INDEX ledger_events_issuing ON ${UPSTREAM_SCHEMA}.ledger_events (type)
        WHERE type IN ('BADGE_CREATED', 'BADGE_ISSUED');
      CREATE FUNCTION ${UPSTREAM_SCHEMA}.issuance_conflicts()
      RETURNS TABLE (holder_id text, station text, serial text, issued_at bigint)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
        WITH me AS (SELECT station FROM ${UPSTREAM_SCHEMA}.calling_station()),
        created AS (
          SELECT c.station, substr(left(c.data::jsonb ->> 'serial', -2), 3) AS badge, c.data::jsonb ->> 'holder' AS holder
            FROM ${UPSTREAM_SCHEMA}.ledger_events c WHERE c.type = 'BADGE_CREATED'),
        issued AS (
          SELECT cr.holder, i.station, i.data::jsonb ->> 'serial' AS serial, i.at
            FROM ${UPSTREAM_SCHEMA}.ledger_events i
            JOIN created cr ON cr.station = i.station AND cr.badge = substr(left(i.data::jsonb ->> 'serial', -2), 3)
           WHERE i.type = 'BADGE_ISSUED'),
        conflicted AS (
          SELECT holder FROM issued GROUP BY holder
          HAVING count(DISTINCT issued.station) > 1 AND bool_or(issued.station = (SELECT station FROM me)))
        SELECT i.holder, i.station, i.serial, i.at FROM issued i JOIN conflicted c USING (holder)
         ORDER BY i.holder, i.at
      $$;

      REVOKE ALL ON ALL TABLES IN SCHEMA ${UPSTREAM_SCHEMA} FROM PUBLIC;
      REVOKE ALL ON ALL FUNCTIONS IN SCHEMA ${UPSTREAM_SCHEMA} FROM PUBLIC;
      GRANT USAGE ON SCHEMA ${UPSTREAM_SCHEMA} TO ${STATIONS_GROUP};
      GRANT SELECT ON ${UPSTREAM_SCHEMA}.schema_version TO ${STATIONS_GROUP};
      GRANT EXECUTE ON FUNCTION ${UPSTREAM_SCHEMA}.station_head() TO ${STATIONS_GROUP};
      GRANT EXECUTE ON FUNCTION ${UPSTREAM_SCHEMA}.pull_roster(xid8, text, integer) TO ${STATIONS_GROUP};
      GRANT EXECUTE ON FUNCTION ${UPSTREAM_SCHEMA}.fetch_photos(bytea[]) TO ${STATIONS_GROUP};
      GRANT EXECUTE ON FUNCTION ${UPSTREAM_SCHEMA}.pull_clearances(xid8, text, integer) TO ${STATIONS_GROUP};
      GRANT EXECUTE ON FUNCTION ${UPSTREAM_SCHEMA}.pull_revocations(xid8, text, bigint, integer) TO ${STATIONS_GROUP};
      GRANT EXECUTE ON FUNCTION ${UPSTREAM_SCHEMA}.fetch_revocation_lists(bigint) TO ${STATIONS_GROUP};
      GRANT EXECUTE ON FUNCTION ${UPSTREAM_SCHEMA}.claim_holders(text[], text, integer) TO ${STATIONS_GROUP};
      GRANT EXECUTE ON FUNCTION ${UPSTREAM_SCHEMA}.settle_holders(text[], text[]) TO ${STATIONS_GROUP};
      GRANT EXECUTE ON FUNCTION ${UPSTREAM_SCHEMA}.issuance_conflicts() TO ${STATIONS_GROUP};
      GRANT EXECUTE ON FUNCTION ${UPSTREAM_SCHEMA}.push_ledger(bigint[], bigint[], text[], text[], text[], text[], bytea[], bytea[], bigint[], bytea[], bigint[], bytea[], bytea[]) TO ${STATIONS_GROUP};
    `,
  },
];

export const UPSTREAM_SCHEMA_VERSION = MIGRATIONS.length;

/** The schema version upstream holds: 0 when it has none yet. */
export async function upstreamSchemaVersion(client: ClientBase): Promise<number> {
  const { rows: found } = await client.query<{ exists: boolean }>(
    `SELECT to_regclass('${UPSTREAM_SCHEMA}.schema_version') IS NOT NULL AS exists`,
  );
  if (!found[0]?.exists) return 0;
  const { rows } = await client.query<{ version: number | null }>(
    `SELECT max(version) AS version FROM ${UPSTREAM_SCHEMA}.schema_version`,
  );
  return rows[0]?.version ?? 0;
}

/** Refuses an upstream newer than this station knows, as the station's own database does. */
export function refuseNewerSchema(version: number): void {
  if (version > UPSTREAM_SCHEMA_VERSION) {
    throw new StationError(
      'UPSTREAM_TOO_NEW',
      `Upstream's schema is version ${version}; this Badge Station knows versions up to ${UPSTREAM_SCHEMA_VERSION}: install the newer Badge Station before syncing.`,
      { version, known: UPSTREAM_SCHEMA_VERSION },
    );
  }
}

/**
 * Brings upstream's schema to this version, each migration in its own transaction; with
 * the event administrator's login (it creates the stations' group role if missing).
 */
export async function initUpstream(client: ClientBase): Promise<{ from: number; to: number }> {
  const encoding = (await client.query<{ server_encoding: string }>('SHOW server_encoding')).rows[0]?.server_encoding;
  if (encoding !== 'UTF8') {
    throw new StationError(
      'USAGE',
      `Upstream's database is encoded ${encoding}; the ledger's hashes are over UTF-8: create the database with ENCODING 'UTF8'.`,
    );
  }
  const from = await upstreamSchemaVersion(client);
  refuseNewerSchema(from);
  for (const migration of MIGRATIONS.filter((m) => m.version > from)) {
    await client.query('BEGIN');
    try {
      await client.query(`DO $$ BEGIN
          IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${STATIONS_GROUP}') THEN
            CREATE ROLE ${STATIONS_GROUP} NOLOGIN;
          END IF;
        END $$`);
      await client.query(migration.sql);
      await client.query(`INSERT INTO ${UPSTREAM_SCHEMA}.schema_version (version, name) VALUES ($1, $2)`, [
        migration.version,
        migration.name,
      ]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
  }
  return { from, to: UPSTREAM_SCHEMA_VERSION };
}
