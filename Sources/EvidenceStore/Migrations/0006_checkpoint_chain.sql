-- Checkpoints form a chain (issue #15): each signs its predecessor's root and its own sequence number, so that
-- deleting a case or rewriting history before a published checkpoint, then signing a new one, is caught against
-- the published one.
--
--   sequence           1, 2, 3, ... with no gaps; unique
--   previous_sequence  sequence - 1 (NULL for the first); unique, so the chain cannot fork: one checkpoint per
--                      predecessor
--   previous_root      the predecessor's root_hash, enforced by a foreign key on (previous_sequence, previous_root)
--   format             accredit-checkpoint/1 for checkpoints made before this migration (they sign neither field),
--                      accredit-checkpoint/2 since
--
-- Publishers serialise on an advisory lock (CheckpointLog); the constraints back it up. Checkpoints are
-- append-only like the events: UPDATE, DELETE and TRUNCATE are refused (SQLSTATE AC403).
--
-- The store setting checkpoint.interval (seconds, default 86400) says how old the newest checkpoint may grow
-- before the timers run takes a new one (when something changed).

ALTER TABLE checkpoints
    ADD COLUMN sequence bigint,
    ADD COLUMN previous_sequence bigint,
    ADD COLUMN previous_root bytea,
    ADD COLUMN format text NOT NULL DEFAULT 'accredit-checkpoint/1';

UPDATE checkpoints c SET sequence = n.number
FROM (SELECT checkpoint_id, row_number() OVER (ORDER BY checkpoint_id) AS number FROM checkpoints) n
WHERE n.checkpoint_id = c.checkpoint_id;
UPDATE checkpoints c SET previous_sequence = p.sequence, previous_root = p.root_hash
FROM checkpoints p WHERE p.sequence = c.sequence - 1;

ALTER TABLE checkpoints
    ALTER COLUMN sequence SET NOT NULL,
    ALTER COLUMN format DROP DEFAULT,
    ADD CONSTRAINT checkpoints_sequence_unique UNIQUE (sequence),
    ADD CONSTRAINT checkpoints_sequence_root_unique UNIQUE (sequence, root_hash),
    ADD CONSTRAINT checkpoints_one_successor UNIQUE (previous_sequence),
    ADD CONSTRAINT checkpoints_link CHECK (
        (sequence = 1 AND previous_sequence IS NULL AND previous_root IS NULL)
        OR (sequence > 1 AND previous_sequence = sequence - 1 AND previous_root IS NOT NULL)),
    ADD CONSTRAINT checkpoints_previous FOREIGN KEY (previous_sequence, previous_root)
        REFERENCES checkpoints (sequence, root_hash),
    ADD CONSTRAINT checkpoints_format CHECK (format IN ('accredit-checkpoint/1', 'accredit-checkpoint/2'));

CREATE FUNCTION accredit_refuse_checkpoint_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'checkpoints are append-only: % refused', TG_OP
        USING ERRCODE = 'AC403', HINT = 'publish a new checkpoint instead';
END $$;
CREATE TRIGGER checkpoints_append_only BEFORE UPDATE OR DELETE ON checkpoints
    FOR EACH ROW EXECUTE FUNCTION accredit_refuse_checkpoint_change();
CREATE TRIGGER checkpoints_no_truncate BEFORE TRUNCATE ON checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION accredit_refuse_checkpoint_change();

ALTER TABLE store_settings DROP CONSTRAINT store_settings_name_check;
ALTER TABLE store_settings ADD CONSTRAINT store_settings_name_check
    CHECK (name IN ('sandbox', 'clock', 'upload.max-bytes', 'checkpoint.interval'));

-- Changes a setting as an actor, after checking the rules of 0004 and checkpoint.interval; returns the change's id.
CREATE OR REPLACE FUNCTION accredit_change_setting(p_name text, p_value text, p_actor text) RETURNS bigint
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
    ELSIF p_name = 'checkpoint.interval' THEN
        IF p_value !~ '^[0-9]{1,9}$' OR p_value::bigint < 60 OR p_value::bigint > 31622400 THEN
            RAISE EXCEPTION 'checkpoint.interval must be a whole number of seconds from 60 to 31622400 (366 days), not %',
                p_value USING ERRCODE = 'AC422';
        END IF;
        p_value := p_value::bigint::text;
    ELSE
        RAISE EXCEPTION 'there is no store setting %', p_name
            USING ERRCODE = 'AC422',
            HINT = 'the settings are sandbox, clock, upload.max-bytes and checkpoint.interval';
    END IF;
    INSERT INTO store_settings (name, value, changed_by) VALUES (p_name, p_value, p_actor) RETURNING change_id INTO v_id;
    RETURN v_id;
END $$;
