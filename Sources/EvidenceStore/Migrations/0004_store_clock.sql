-- The store's clock and settings (issue 14, item 4).
--
-- Settings are an append-only log of changes: the current value of a setting is its newest row, and every row says
-- who changed it and when. accredit_change_setting is the only writer and enforces the rules:
--   sandbox           'true' marks a store for tests, demos and training; only while it holds no case, and for good
--   clock             'server' (the default) or a simulated instant, on a sandbox store only; time never runs back:
--                     not behind a simulated clock already set, nor behind any time the store has recorded
--   upload.max-bytes  the largest evidence file accepted, 1 byte to 1 TiB (default 512 MiB)
-- SQLSTATE AC422: a setting change refused (the message says why).
--
-- Every event is stamped with the store's time, accredit_now(): the server's clock, or a sandbox's simulated clock.
-- A BEFORE INSERT trigger refuses an event or a case whose time is not the store's (SQLSTATE AC412), so a client
-- cannot backdate or postdate. The desk reads the store's time, decides with it, then appends in the next round
-- trip: the allowed skew is that gap, never forward, and at most 30 seconds back (a decision and a wait for the
-- case's row lock). Backdated history is only ever imported: such cases and events are marked imported, imported
-- events precede every live event of their case, and none lies in the store's future.

CREATE TABLE store_settings (
    change_id  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       text NOT NULL CHECK (name IN ('sandbox', 'clock', 'upload.max-bytes')),
    value      text NOT NULL CHECK (length(value) BETWEEN 1 AND 100),
    changed_by text NOT NULL REFERENCES actors,
    changed_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX store_settings_name ON store_settings (name, change_id DESC);

CREATE FUNCTION accredit_refuse_setting_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'store settings are a log of changes: % refused', TG_OP
        USING ERRCODE = 'AC403', HINT = 'record a new change instead of rewriting the log';
END $$;
CREATE TRIGGER store_settings_append_only BEFORE UPDATE OR DELETE ON store_settings
    FOR EACH ROW EXECUTE FUNCTION accredit_refuse_setting_rewrite();
CREATE TRIGGER store_settings_no_truncate BEFORE TRUNCATE ON store_settings
    FOR EACH STATEMENT EXECUTE FUNCTION accredit_refuse_setting_rewrite();

-- The current value of a setting, or NULL when it was never set.
CREATE FUNCTION accredit_setting(p_name text) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT value FROM store_settings WHERE name = p_name ORDER BY change_id DESC LIMIT 1
$$;

-- The store's time: the server's clock, or the simulated clock of a sandbox store.
CREATE FUNCTION accredit_now() RETURNS timestamptz LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_clock text := accredit_setting('clock');
BEGIN
    IF v_clock IS NULL OR v_clock = 'server' THEN
        RETURN clock_timestamp();
    END IF;
    RETURN v_clock::timestamptz;
END $$;

-- Changes a setting as an actor, after checking the rules above; returns the change's id.
CREATE FUNCTION accredit_change_setting(p_name text, p_value text, p_actor text) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    v_now     timestamptz;
    v_instant timestamptz;
    v_floor   timestamptz;
    v_bytes   numeric;
    v_id      bigint;
BEGIN
    -- One change at a time, so that "never back" holds against concurrent changes.
    PERFORM pg_advisory_xact_lock(hashtext('accredit_store_settings'));
    v_now := accredit_now();
    IF p_name = 'sandbox' THEN
        IF p_value <> 'true' THEN
            RAISE EXCEPTION 'a store cannot stop being a sandbox: its cases may hold simulated times'
                USING ERRCODE = 'AC422', HINT = 'use a new store for real cases';
        END IF;
        IF accredit_setting('sandbox') = 'true' THEN
            RAISE EXCEPTION 'the store is already a sandbox' USING ERRCODE = 'AC422';
        END IF;
        IF EXISTS (SELECT 1 FROM cases) THEN
            RAISE EXCEPTION 'only a store without cases can become a sandbox: this one holds % case(s)',
                (SELECT count(*) FROM cases)
                USING ERRCODE = 'AC422', HINT = 'create a new, empty store for tests, demos and training';
        END IF;
    ELSIF p_name = 'clock' THEN
        IF accredit_setting('sandbox') IS DISTINCT FROM 'true' THEN
            RAISE EXCEPTION 'the clock of a store that is not a sandbox is the database server''s and cannot be set'
                USING ERRCODE = 'AC422', HINT = 'only a sandbox store, for tests, demos and training, has a simulated clock';
        END IF;
        -- The latest time anything was stamped with, and the simulated clock: time never runs back behind them.
        v_floor := greatest((SELECT max(occurred_at) FROM case_events), (SELECT max(opened_at) FROM cases),
                            CASE WHEN accredit_setting('clock') <> 'server' THEN v_now END);
        IF p_value = 'server' THEN
            IF clock_timestamp() < v_floor THEN
                RAISE EXCEPTION 'the store''s clock is at %, ahead of the server''s clock (%); going back to the server''s clock would move time back',
                    v_floor, clock_timestamp() USING ERRCODE = 'AC422', HINT = 'wait until the server''s clock passes it';
            END IF;
        ELSE
            BEGIN
                v_instant := p_value::timestamptz;
            EXCEPTION WHEN others THEN
                RAISE EXCEPTION 'the clock must be ''server'' or an ISO 8601 time, not %', p_value
                    USING ERRCODE = 'AC422';
            END;
            IF v_instant < v_floor THEN
                RAISE EXCEPTION 'the store''s clock is at %; it only moves forward, not back to %', v_floor, v_instant
                    USING ERRCODE = 'AC422', HINT = 'give a time at or after the store''s current time';
            END IF;
            p_value := to_char(v_instant AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
        END IF;
    ELSIF p_name = 'upload.max-bytes' THEN
        IF p_value !~ '^[0-9]{1,16}$' THEN
            RAISE EXCEPTION 'upload.max-bytes must be a whole number of bytes, not %', p_value USING ERRCODE = 'AC422';
        END IF;
        v_bytes := p_value::numeric;
        IF v_bytes < 1 OR v_bytes > 1099511627776 THEN
            RAISE EXCEPTION 'upload.max-bytes must be between 1 and 1099511627776 (1 TiB), not %', p_value
                USING ERRCODE = 'AC422';
        END IF;
        p_value := v_bytes::bigint::text;
    ELSE
        RAISE EXCEPTION 'there is no store setting %', p_name
            USING ERRCODE = 'AC422', HINT = 'the settings are sandbox, clock and upload.max-bytes';
    END IF;
    INSERT INTO store_settings (name, value, changed_by) VALUES (p_name, p_value, p_actor) RETURNING change_id INTO v_id;
    RETURN v_id;
END $$;

ALTER TABLE cases ADD COLUMN imported boolean NOT NULL DEFAULT false;
ALTER TABLE case_events ADD COLUMN imported boolean NOT NULL DEFAULT false;

-- A case opens at the store's time, unless it is imported from an earlier system (then not in the future).
CREATE FUNCTION accredit_stamp_case() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    v_now timestamptz := accredit_now();
BEGIN
    IF NEW.opened_at > v_now OR (NOT NEW.imported AND NEW.opened_at < v_now - interval '30 seconds') THEN
        RAISE EXCEPTION 'case % is stamped %, but the store''s clock says %: the store stamps cases and events with its own time',
            NEW.case_id, NEW.opened_at, v_now
            USING ERRCODE = 'AC412', HINT = 'retry: the time is read from the store again';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER cases_store_clock BEFORE INSERT ON cases FOR EACH ROW EXECUTE FUNCTION accredit_stamp_case();

-- An event occurs at the store's time; an imported one carries its earlier time and precedes every live event.
CREATE FUNCTION accredit_stamp_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    v_now timestamptz := accredit_now();
BEGIN
    NEW.recorded_at := clock_timestamp();
    IF NEW.imported THEN
        IF NOT (SELECT imported FROM cases WHERE case_id = NEW.case_id) THEN
            RAISE EXCEPTION 'event % of case % is marked imported, but the case was opened live', NEW.seq, NEW.case_id
                USING ERRCODE = 'AC412', HINT = 'import history only into a new case created by the import';
        END IF;
        IF NEW.seq > 1 AND NOT EXISTS (
            SELECT 1 FROM case_events WHERE case_id = NEW.case_id AND seq = NEW.seq - 1 AND imported
        ) THEN
            RAISE EXCEPTION 'event % of case % is marked imported, but it follows live events', NEW.seq, NEW.case_id
                USING ERRCODE = 'AC412', HINT = 'imported history comes before every live event';
        END IF;
        IF NEW.occurred_at > v_now THEN
            RAISE EXCEPTION 'imported event % of case % occurred at %, after the store''s time %',
                NEW.seq, NEW.case_id, NEW.occurred_at, v_now
                USING ERRCODE = 'AC412', HINT = 'imported history lies in the past';
        END IF;
    ELSIF NEW.occurred_at > v_now OR NEW.occurred_at < v_now - interval '30 seconds' THEN
        RAISE EXCEPTION 'event % of case % is stamped %, but the store''s clock says %: the store stamps events with its own time',
            NEW.seq, NEW.case_id, NEW.occurred_at, v_now
            USING ERRCODE = 'AC412', HINT = 'retry: the time is read from the store again';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER case_events_store_clock BEFORE INSERT ON case_events
    FOR EACH ROW EXECUTE FUNCTION accredit_stamp_event();
