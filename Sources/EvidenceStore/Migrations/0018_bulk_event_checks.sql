-- The rules on new events without a foreign key or a row trigger before the insert (issue #19, item 5), and every
-- stored function searching its own schema before a session's temporary tables.
--
-- Until now each event row paid three foreign-key checks (its case, its actor, and the event before it, which made
-- seq gapless) and a PL/pgSQL trigger before the insert that checked its time, one row at a time: a legacy history
-- was imported at 15,000–28,000 events/s, and COPY could not batch its rows (a row trigger before the insert stops
-- that). The same rules now hold through two triggers after the insert, which refuse the statement unless, for
-- every case in it:
--   * the case exists, and so does every actor named                         (23503, as the foreign keys did);
--   * the new seqs are contiguous and follow the case's last stored event,
--     so that seq stays gapless (the primary key keeps it unique)             (23503, as the foreign key on prev_seq did);
--   * every event is recorded at the time of the statement that writes it (the column's default)  (AC412);
--   * live events occur at the store's time (within 30 seconds of it)         (AC412, as the row trigger did);
--   * imported events (all of the statement's events for the case, none live) go into an imported case, follow
--     only imported events and lie in the store's past                       (AC412, as the row trigger did).
-- Live rows are checked one at a time by key (case_events_live_checked); a statement with imported rows, such as a
-- COPY of a legacy history, once as a whole (case_events_checked, over the statement's rows as a transition table).
--
-- An event's recorded_at is now the start of the statement that wrote it (it was the moment of the row's insert):
-- the same instant for every event of one COPY.
--
-- A referenced row cannot disappear: events are append-only (0001), actors too (0008), and a case can be neither
-- deleted nor truncated (below). That is what the foreign keys' other side kept.

ALTER TABLE case_events DROP CONSTRAINT case_events_case_id_fkey;
ALTER TABLE case_events DROP CONSTRAINT case_events_actor_id_fkey;
ALTER TABLE case_events DROP CONSTRAINT case_events_case_id_prev_seq_fkey;
ALTER TABLE case_events DROP COLUMN prev_seq;

ALTER TABLE case_events ALTER COLUMN recorded_at SET DEFAULT statement_timestamp();
DROP TRIGGER case_events_store_clock ON case_events;
DROP FUNCTION accredit_stamp_event();

-- Live events (an append inserts one row per event) are checked one row at a time by key, as the foreign keys did:
-- a row trigger's plans are kept, while a plan over a transition table is made afresh for every statement. The
-- trigger's WHEN leaves imported rows to the statement check below, so a COPY of them is not slowed row by row.
CREATE FUNCTION accredit_check_live_event() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    v_now timestamptz := accredit_now();
    v     record;
BEGIN
    SELECT NEW.case_id AS case_id, NEW.seq AS lo, NEW.seq AS hi, 1::bigint AS n, true AS has_live,
           false AS has_imported, NEW.occurred_at AS earliest_live, NEW.occurred_at AS latest_live,
           NULL::timestamptz AS latest_imported, NEW.recorded_at <> statement_timestamp() AS restamped,
           CASE WHEN NOT EXISTS (SELECT 1 FROM public.actors WHERE actor_id = NEW.actor_id) THEN NEW.actor_id END
               AS unknown_actor,
           c.case_id IS NOT NULL AS case_known, c.imported AS case_imported,
           p.seq IS NOT NULL AS follows, p.imported AS follows_imported
    INTO v
    FROM (SELECT 1) AS one
    LEFT JOIN public.cases c ON c.case_id = NEW.case_id
    LEFT JOIN public.case_events p ON p.case_id = NEW.case_id AND p.seq = NEW.seq - 1;
    IF v.case_known AND v.unknown_actor IS NULL AND (NEW.seq = 1 OR v.follows) AND NOT v.restamped
       AND NEW.occurred_at <= v_now AND NEW.occurred_at >= v_now - interval '30 seconds' THEN
        RETURN NULL;
    END IF;
    PERFORM accredit_refuse_new_events(v, v_now);
    RAISE EXCEPTION 'event % of case % breaks a rule on new events', NEW.seq, NEW.case_id USING ERRCODE = 'AC412';
END $$;
CREATE TRIGGER case_events_live_checked AFTER INSERT ON case_events
    FOR EACH ROW WHEN (NOT NEW.imported) EXECUTE FUNCTION accredit_check_live_event();

-- A statement with imported rows is checked in one pass over all its rows, grouped by case and actor (planning that
-- query costs about 0.4 ms, nothing beside a COPY of thousands of rows, and compiling it (JIT) would cost more than
-- it saves). A statement of live rows only leaves after one look.
CREATE FUNCTION accredit_check_new_events() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, public, pg_temp SET jit = off AS $$
DECLARE
    v_now timestamptz;
    v     record;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM added WHERE imported) THEN
        RETURN NULL;
    END IF;
    v_now := accredit_now();
    WITH per_actor AS (
        SELECT case_id, actor_id, min(seq) AS lo, max(seq) AS hi, count(*) AS n,
               bool_or(NOT imported) AS has_live, bool_or(imported) AS has_imported,
               min(occurred_at) FILTER (WHERE NOT imported) AS earliest_live,
               max(occurred_at) FILTER (WHERE NOT imported) AS latest_live,
               max(occurred_at) FILTER (WHERE imported) AS latest_imported,
               bool_or(recorded_at <> statement_timestamp()) AS restamped
        FROM added GROUP BY case_id, actor_id
    ), per_case AS (
        SELECT a.case_id, min(a.lo) AS lo, max(a.hi) AS hi, sum(a.n)::bigint AS n, bool_or(a.has_live) AS has_live,
               bool_or(a.has_imported) AS has_imported, min(a.earliest_live) AS earliest_live,
               max(a.latest_live) AS latest_live, max(a.latest_imported) AS latest_imported,
               bool_or(a.restamped) AS restamped,
               min(a.actor_id) FILTER (WHERE known.actor_id IS NULL) AS unknown_actor
        FROM per_actor a LEFT JOIN public.actors known ON known.actor_id = a.actor_id
        GROUP BY a.case_id
    )
    SELECT g.*, c.case_id IS NOT NULL AS case_known, c.imported AS case_imported,
           p.seq IS NOT NULL AS follows, p.imported AS follows_imported
    INTO v
    FROM per_case g
    LEFT JOIN public.cases c ON c.case_id = g.case_id
    LEFT JOIN public.case_events p ON p.case_id = g.case_id AND p.seq = g.lo - 1
    WHERE c.case_id IS NULL OR g.unknown_actor IS NOT NULL OR g.n <> g.hi - g.lo + 1
       OR (g.lo > 1 AND p.seq IS NULL) OR g.restamped OR g.latest_live > v_now
       OR g.earliest_live < v_now - interval '30 seconds'
       OR (g.has_imported AND (g.has_live OR NOT c.imported OR (g.lo > 1 AND NOT p.imported)
                               OR g.latest_imported > v_now))
    ORDER BY g.case_id
    LIMIT 1;
    IF FOUND THEN
        PERFORM accredit_refuse_new_events(v, v_now);
        RAISE EXCEPTION 'events of case % break a rule on new events', v.case_id USING ERRCODE = 'AC412';
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER case_events_checked AFTER INSERT ON case_events
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION accredit_check_new_events();

-- Raises the error for the first rule a case's new events break, given what accredit_check_new_events found for
-- that case; returns when they break none.
CREATE FUNCTION accredit_refuse_new_events(v record, v_now timestamptz) RETURNS void LANGUAGE plpgsql
SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF NOT v.case_known THEN
        RAISE EXCEPTION 'events refer to case %, which does not exist', v.case_id
            USING ERRCODE = '23503', DETAIL = format('Key (case_id)=(%s) is not present in table "cases".', v.case_id);
    ELSIF v.unknown_actor IS NOT NULL THEN
        RAISE EXCEPTION 'an event of case % names actor %, who is not registered', v.case_id, v.unknown_actor
            USING ERRCODE = '23503',
                  DETAIL = format('Key (actor_id)=(%s) is not present in table "actors".', v.unknown_actor);
    ELSIF v.n <> v.hi - v.lo + 1 OR (v.lo > 1 AND NOT v.follows) THEN
        RAISE EXCEPTION 'new events of case % (seq % to %) leave a gap: seq is gapless', v.case_id, v.lo, v.hi
            USING ERRCODE = '23503',
                  DETAIL = format('Key (case_id, seq)=(%s, %s) is not present in table "case_events".',
                                  v.case_id, v.lo - 1);
    ELSIF v.restamped THEN
        RAISE EXCEPTION 'events of case % carry their own recording time', v.case_id
            USING ERRCODE = 'AC412', HINT = 'the store records every event at the time of the transaction that writes it';
    ELSIF v.latest_live > v_now OR v.earliest_live < v_now - interval '30 seconds' THEN
        RAISE EXCEPTION 'event % of case % is stamped %, but the store''s clock says %: the store stamps events with its own time',
            v.lo, v.case_id, CASE WHEN v.latest_live > v_now THEN v.latest_live ELSE v.earliest_live END, v_now
            USING ERRCODE = 'AC412', HINT = 'retry: the time is read from the store again';
    ELSIF v.has_live AND v.has_imported THEN
        RAISE EXCEPTION 'events of case % mix imported and live events in one statement', v.case_id
            USING ERRCODE = 'AC412', HINT = 'imported history comes before every live event';
    ELSIF v.has_imported AND NOT v.case_imported THEN
        RAISE EXCEPTION 'event % of case % is marked imported, but the case was opened live', v.lo, v.case_id
            USING ERRCODE = 'AC412', HINT = 'import history only into a new case created by the import';
    ELSIF v.has_imported AND v.lo > 1 AND NOT v.follows_imported THEN
        RAISE EXCEPTION 'event % of case % is marked imported, but it follows live events', v.lo, v.case_id
            USING ERRCODE = 'AC412', HINT = 'imported history comes before every live event';
    ELSIF v.has_imported AND v.latest_imported > v_now THEN
        RAISE EXCEPTION 'an imported event of case % occurred at %, after the store''s time %',
            v.case_id, v.latest_imported, v_now
            USING ERRCODE = 'AC412', HINT = 'imported history lies in the past';
    END IF;
END $$;
-- A case is kept for as long as its events are: no DELETE or TRUNCATE, for any role.
CREATE FUNCTION accredit_refuse_case_removal() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    RAISE EXCEPTION 'cases are kept with their history: % of case % refused', TG_OP, COALESCE(OLD.case_id, '?')
        USING ERRCODE = 'AC403', HINT = 'a case ends with an event; it is never removed';
END $$;
CREATE TRIGGER cases_kept BEFORE DELETE ON cases FOR EACH ROW EXECUTE FUNCTION accredit_refuse_case_removal();
CREATE TRIGGER cases_no_truncate BEFORE TRUNCATE ON cases
    FOR EACH STATEMENT EXECUTE FUNCTION accredit_refuse_case_removal();

-- The functions every append runs also name their tables with the schema (the same bodies as 0003 and 0004
-- otherwise); their search_path is pinned below, like every other function's, since a session's temporary types
-- (a table called "record", a domain called timestamptz) would otherwise stand in for the types their bodies name.
CREATE OR REPLACE FUNCTION accredit_setting(p_name text) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT value FROM public.store_settings WHERE name = p_name ORDER BY change_id DESC LIMIT 1
$$;

CREATE OR REPLACE FUNCTION accredit_lock_case(p_case_id text, p_expected bigint, p_expected_head bytea) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    v_version bigint;
    v_head    bytea;
BEGIN
    SELECT version, head_hash INTO v_version, v_head FROM public.cases WHERE case_id = p_case_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'case % does not exist', p_case_id
            USING ERRCODE = 'AC404', HINT = 'check the case id';
    END IF;
    IF v_version <> p_expected OR v_head <> p_expected_head THEN
        RAISE EXCEPTION 'case % changed to version %; you expected %', p_case_id, v_version, p_expected
            USING ERRCODE = 'AC409', DETAIL = v_version::text, HINT = 'reload the case and retry';
    END IF;
    RETURN v_version;
END $$;

-- Every function searches the catalog, then the schema, and the session's temporary objects last (0017 began this):
-- a temporary table or type named like one of ours cannot stand in for it inside a guard.
DO $$
DECLARE
    f regprocedure;
BEGIN
    FOR f IN
        SELECT p.oid::regprocedure FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'public' AND p.proname LIKE 'accredit\_%'
          AND NOT EXISTS (SELECT 1 FROM unnest(p.proconfig) AS setting WHERE setting LIKE 'search\_path=%')
    LOOP
        EXECUTE format('ALTER FUNCTION %s SET search_path = pg_catalog, public, pg_temp', f);
    END LOOP;
END $$;
