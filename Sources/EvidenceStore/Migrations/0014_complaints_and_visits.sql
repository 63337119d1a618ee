-- Complaints and visits planned during an award (issue #18, items 3 and 4).
--
-- A complaint about an organisation, from the public or from staff, is received into an intake that stays outside
-- the hash-chained log: the complainant's name, contact and words can be erased (a data subject's request) while the
-- complaint's reference, its triage and its outcome stay. Triage and closure are steps appended once each.
--
-- A visit planned during an award (unannounced, or for cause after complaints) must not be seen by the organisation
-- before it happens, so the plan lives here, where organisations never read; when the visit is held its event seals
-- the plan (who planned it and when, the complaints and their triage summaries) into the case's log, and the held
-- step is written with that event, in the same transaction. A plan is held or cancelled once, never both.

CREATE TABLE complaints (
    complaint_id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organisation_id text NOT NULL REFERENCES organisations,
    source          text NOT NULL CHECK (source IN ('public', 'staff', 'other')),
    received_at     timestamptz NOT NULL DEFAULT accredit_now(),
    -- The staff member who recorded it (a letter, a call); NULL when it came through the public form.
    received_by     text REFERENCES actors,
    complainant     text CHECK (complainant IS NULL OR length(complainant) BETWEEN 1 AND 200),
    contact         text CHECK (contact IS NULL OR length(contact) BETWEEN 1 AND 320),
    body            text CHECK (body IS NULL OR length(body) BETWEEN 1 AND 10000),
    erased_at       timestamptz,
    erased_by       text REFERENCES actors,
    CHECK ((erased_at IS NULL) = (erased_by IS NULL)),
    CHECK (erased_at IS NOT NULL OR body IS NOT NULL),
    CHECK (erased_at IS NULL OR (complainant IS NULL AND contact IS NULL AND body IS NULL))
);
CREATE INDEX complaints_organisation ON complaints (organisation_id, complaint_id);

-- Erasure is the only change a complaint allows: the complainant's name, contact and words are cleared, once.
CREATE FUNCTION accredit_complaint_erasure_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'UPDATE' THEN
        RAISE EXCEPTION 'complaints are kept: % refused', TG_OP
            USING ERRCODE = 'AC403', HINT = 'erase the complainant''s details instead';
    END IF;
    IF OLD.erased_at IS NOT NULL THEN
        RAISE EXCEPTION 'complaint % was erased and stays erased', OLD.complaint_id USING ERRCODE = 'AC403';
    END IF;
    IF NEW.complaint_id IS DISTINCT FROM OLD.complaint_id OR NEW.organisation_id IS DISTINCT FROM OLD.organisation_id
       OR NEW.source IS DISTINCT FROM OLD.source OR NEW.received_at IS DISTINCT FROM OLD.received_at
       OR NEW.received_by IS DISTINCT FROM OLD.received_by OR NEW.erased_at IS NULL THEN
        RAISE EXCEPTION 'complaint %: only an erasure of the complainant''s details is allowed', OLD.complaint_id
            USING ERRCODE = 'AC403';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER complaints_erasure_only BEFORE UPDATE OR DELETE ON complaints
    FOR EACH ROW EXECUTE FUNCTION accredit_complaint_erasure_only();
CREATE TRIGGER complaints_no_truncate BEFORE TRUNCATE ON complaints
    FOR EACH STATEMENT EXECUTE FUNCTION accredit_refuse_directory_rewrite();
GRANT UPDATE (complainant, contact, body, erased_at, erased_by) ON complaints TO accredit_app;

-- Triage (no action, monitor until the next surveillance, or a visit for cause), then the outcome; once each.
CREATE TABLE complaint_steps (
    complaint_id bigint NOT NULL REFERENCES complaints,
    step         text NOT NULL CHECK (step IN ('triaged', 'closed')),
    decision     text NOT NULL CHECK (
        (step = 'triaged' AND decision IN ('no-action', 'monitor', 'for-cause-visit'))
        OR (step = 'closed' AND decision IN ('substantiated', 'partly-substantiated', 'not-substantiated',
                                             'withdrawn'))),
    summary      text NOT NULL CHECK (length(summary) BETWEEN 1 AND 2000),
    actor_id     text NOT NULL REFERENCES actors,
    recorded_at  timestamptz NOT NULL DEFAULT accredit_now(),
    PRIMARY KEY (complaint_id, step)
);

CREATE TRIGGER complaint_steps_append_only BEFORE UPDATE OR DELETE ON complaint_steps
    FOR EACH ROW EXECUTE FUNCTION accredit_refuse_directory_rewrite();
CREATE TRIGGER complaint_steps_no_truncate BEFORE TRUNCATE ON complaint_steps
    FOR EACH STATEMENT EXECUTE FUNCTION accredit_refuse_directory_rewrite();

CREATE TABLE visit_plans (
    visit_id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id      text NOT NULL REFERENCES cases,
    kind         text NOT NULL CHECK (kind IN ('unannounced', 'for-cause')),
    -- The window the visit is to fall in (days).
    not_before   date NOT NULL,
    not_after    date NOT NULL CHECK (not_after >= not_before),
    complaints   bigint[] NOT NULL DEFAULT '{}' CHECK (cardinality(complaints) <= 32),
    -- The assessors who are to make the visit; those not on the case's team join it when the visit is held (an
    -- assignment made before would tell the organisation a visit is coming).
    visitors     text[] NOT NULL DEFAULT '{}' CHECK (cardinality(visitors) <= 9),
    planned_by   text NOT NULL REFERENCES actors,
    planned_at   timestamptz NOT NULL DEFAULT accredit_now(),
    note         text CHECK (note IS NULL OR length(note) BETWEEN 1 AND 2000),
    CHECK ((kind = 'for-cause') = (cardinality(complaints) > 0))
);
CREATE INDEX visit_plans_case ON visit_plans (case_id, visit_id);

CREATE TRIGGER visit_plans_append_only BEFORE UPDATE OR DELETE ON visit_plans
    FOR EACH ROW EXECUTE FUNCTION accredit_refuse_directory_rewrite();
CREATE TRIGGER visit_plans_no_truncate BEFORE TRUNCATE ON visit_plans
    FOR EACH STATEMENT EXECUTE FUNCTION accredit_refuse_directory_rewrite();

-- What became of a plan: held (the case event that records it) or cancelled (with a reason); one step per plan.
CREATE TABLE visit_steps (
    visit_id    bigint PRIMARY KEY REFERENCES visit_plans,
    step        text NOT NULL CHECK (step IN ('held', 'cancelled')),
    seq         bigint CHECK ((step = 'held') = (seq IS NOT NULL)),
    reason      text CHECK (reason IS NULL OR length(reason) BETWEEN 1 AND 2000),
    actor_id    text NOT NULL REFERENCES actors,
    recorded_at timestamptz NOT NULL DEFAULT accredit_now(),
    CHECK ((step = 'cancelled') = (reason IS NOT NULL))
);

CREATE TRIGGER visit_steps_append_only BEFORE UPDATE OR DELETE ON visit_steps
    FOR EACH ROW EXECUTE FUNCTION accredit_refuse_directory_rewrite();
CREATE TRIGGER visit_steps_no_truncate BEFORE TRUNCATE ON visit_steps
    FOR EACH STATEMENT EXECUTE FUNCTION accredit_refuse_directory_rewrite();

-- Every record carries the store's time (a writer cannot backdate a complaint, a plan or a step; a plan's time is
-- sealed into the case's log when the visit is held), and a plan's second step is refused in words.
CREATE FUNCTION accredit_stamp_complaint_records() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'complaints' THEN
        IF TG_OP = 'INSERT' THEN
            NEW.received_at := accredit_now();
        ELSE
            NEW.erased_at := accredit_now();
        END IF;
    ELSIF TG_TABLE_NAME = 'visit_plans' THEN
        NEW.planned_at := accredit_now();
    ELSIF TG_TABLE_NAME = 'visit_steps' THEN
        NEW.recorded_at := accredit_now();
        IF EXISTS (SELECT 1 FROM visit_steps WHERE visit_id = NEW.visit_id) THEN
            RAISE EXCEPTION 'visit V-% was already held or cancelled meanwhile; nothing was written', NEW.visit_id
                USING ERRCODE = 'unique_violation';
        END IF;
    ELSE
        NEW.recorded_at := accredit_now();
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER complaints_stamp BEFORE INSERT OR UPDATE ON complaints
    FOR EACH ROW EXECUTE FUNCTION accredit_stamp_complaint_records();
CREATE TRIGGER complaint_steps_stamp BEFORE INSERT ON complaint_steps
    FOR EACH ROW EXECUTE FUNCTION accredit_stamp_complaint_records();
CREATE TRIGGER visit_plans_stamp BEFORE INSERT ON visit_plans
    FOR EACH ROW EXECUTE FUNCTION accredit_stamp_complaint_records();
CREATE TRIGGER visit_steps_stamp BEFORE INSERT ON visit_steps
    FOR EACH ROW EXECUTE FUNCTION accredit_stamp_complaint_records();
