-- Moving a running case to another version of its workflow (issue #18, item 9).
--
-- A case pins the workflow and framework versions it runs on. An administrator may move it to another published
-- version of the same workflow when that version handles every stored event alike (checked by the application and
-- again by every audit). The move is one event, `case.migrate`, recorded with the new pin in one transaction:
-- `pinned_since` is that event's seq (0 while the case runs on the version it was opened with). The triggers below
-- hold the two together at commit, so that neither a pin changed without its event nor an event without its pin can
-- be committed: the pin changes only forward, to the version the case's newest event names, from the one it names
-- as before.

ALTER TABLE cases ADD COLUMN pinned_since bigint NOT NULL DEFAULT 0 CHECK (pinned_since >= 0);

GRANT UPDATE (workflow_name, workflow_version, pinned_since) ON cases TO accredit_app;

-- Each function below names its tables with their schema and searches pg_temp last, so that a temporary table of the
-- same name in the committing session cannot stand in for the real one.

-- A change of pin: the event at `pinned_since` is the case's newest, a `case.migrate` from the old pin to the new.
CREATE FUNCTION accredit_check_repin() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp
AS $$
DECLARE
    v_type    text;
    v_payload jsonb;
    v_last    bigint;
BEGIN
    SELECT max(seq) INTO v_last FROM public.case_events WHERE case_id = NEW.case_id;
    SELECT type, payload::jsonb INTO v_type, v_payload
    FROM public.case_events WHERE case_id = NEW.case_id AND seq = NEW.pinned_since;
    IF NEW.pinned_since <= OLD.pinned_since OR v_last IS DISTINCT FROM NEW.pinned_since
       OR v_type IS DISTINCT FROM 'case.migrate'
       OR v_payload #>> '{from,name}' IS DISTINCT FROM OLD.workflow_name
       OR v_payload #>> '{from,version}' IS DISTINCT FROM OLD.workflow_version
       OR v_payload #>> '{to,name}' IS DISTINCT FROM NEW.workflow_name
       OR v_payload #>> '{to,version}' IS DISTINCT FROM NEW.workflow_version THEN
        RAISE EXCEPTION 'case % cannot be repinned from %@% to %@% without a case.migrate event that records it',
            NEW.case_id, OLD.workflow_name, OLD.workflow_version, NEW.workflow_name, NEW.workflow_version
            USING ERRCODE = 'AC403', HINT = 'move a case to another workflow version with a migration';
    END IF;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER cases_repin AFTER UPDATE OF workflow_name, workflow_version, pinned_since ON cases
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (NEW.workflow_name IS DISTINCT FROM OLD.workflow_name
          OR NEW.workflow_version IS DISTINCT FROM OLD.workflow_version
          OR NEW.pinned_since IS DISTINCT FROM OLD.pinned_since)
    EXECUTE FUNCTION accredit_check_repin();

-- A `case.migrate` event that is not a deadline the system delivers (a workflow may give its own deadlines any name):
-- the case is pinned since this event or a later one (a restore replays several moves in one transaction), and, if
-- since this one, to the version it names.
CREATE FUNCTION accredit_check_migrate_event() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    v_case public.cases%ROWTYPE;
BEGIN
    IF NEW.actor_id = 'system' AND jsonb_typeof(NEW.payload::jsonb -> 'timer') = 'string' THEN
        RETURN NULL;
    END IF;
    SELECT * INTO v_case FROM public.cases WHERE case_id = NEW.case_id;
    IF v_case.pinned_since IS NULL OR v_case.pinned_since < NEW.seq
       OR (v_case.pinned_since = NEW.seq
           AND (NEW.payload::jsonb #>> '{to,name}' IS DISTINCT FROM v_case.workflow_name
                OR NEW.payload::jsonb #>> '{to,version}' IS DISTINCT FROM v_case.workflow_version)) THEN
        RAISE EXCEPTION 'event % of case % records a migration that did not repin the case', NEW.seq, NEW.case_id
            USING ERRCODE = 'AC403', HINT = 'move a case to another workflow version with a migration';
    END IF;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER case_events_migrate AFTER INSERT ON case_events
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.type = 'case.migrate')
    EXECUTE FUNCTION accredit_check_migrate_event();
