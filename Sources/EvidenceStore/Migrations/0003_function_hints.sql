-- The AC404 hints of accredit_lock_case and accredit_set_evidence_status no longer name command-line tool commands
-- (the store speaks in SQLSTATEs; front ends choose the words). 0001 was amended to these bodies; this brings
-- databases that applied 0001's earlier text to the same functions. The bodies must stay identical to 0001's.

CREATE OR REPLACE FUNCTION accredit_lock_case(p_case_id text, p_expected bigint, p_expected_head bytea) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    v_version bigint;
    v_head    bytea;
BEGIN
    SELECT version, head_hash INTO v_version, v_head FROM cases WHERE case_id = p_case_id FOR UPDATE;
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

CREATE OR REPLACE FUNCTION accredit_set_evidence_status(p_case_id text, p_evidence_id text, p_status text,
                                                        p_notes text)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    UPDATE evidence SET status = p_status, notes = COALESCE(p_notes, notes)
    WHERE case_id = p_case_id AND evidence_id = p_evidence_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'evidence % of case % does not exist', p_evidence_id, p_case_id
            USING ERRCODE = 'AC404', HINT = 'check the case and evidence ids';
    END IF;
END $$;
