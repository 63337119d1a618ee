-- Staff sign in with a TOTP code when the store says so (issue #16): the store setting auth.staff-totp, "required"
-- or "optional" (the default). When required, a person whose roles include a staff kind (evaluator, decider,
-- administrator, auditor) is invited with TOTP, and one who has not enrolled it cannot sign in with a password
-- alone; the server enforces it, the store keeps the setting with who changed it and when.

ALTER TABLE store_settings DROP CONSTRAINT store_settings_name_check;
ALTER TABLE store_settings ADD CONSTRAINT store_settings_name_check
    CHECK (name IN ('sandbox', 'clock', 'upload.max-bytes', 'checkpoint.interval', 'auth.staff-totp'));

-- Changes a setting as an actor, after checking the rules of 0004, 0006 and auth.staff-totp; returns the change's id.
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
    ELSIF p_name = 'auth.staff-totp' THEN
        IF p_value NOT IN ('required', 'optional') THEN
            RAISE EXCEPTION 'auth.staff-totp must be required or optional, not %', p_value USING ERRCODE = 'AC422';
        END IF;
    ELSE
        RAISE EXCEPTION 'there is no store setting %', p_name
            USING ERRCODE = 'AC422',
            HINT = 'the settings are sandbox, clock, upload.max-bytes, checkpoint.interval and auth.staff-totp';
    END IF;
    INSERT INTO store_settings (name, value, changed_by) VALUES (p_name, p_value, p_actor) RETURNING change_id INTO v_id;
    RETURN v_id;
END $$;
