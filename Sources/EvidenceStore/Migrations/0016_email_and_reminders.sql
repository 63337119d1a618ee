-- E-mail addresses and the reminders sent to them (issue #18, item 10).
--
-- A person's address is part of the directory, appended like the rest: each change is a new row, the newest one
-- counts, and a row without an address removes it. The reminders a workflow declares are sent at most once per
-- deadline, stage and person: each is claimed here (a row, unique on its key) in its own transaction before the mail
-- goes, then marked sent, failed (a transient failure, tried again by a later run; released, with the attempt not
-- counted, when the mail server failed for everyone) or undeliverable (the server refused the mailbox for good; tried
-- again only at a corrected address). A claim left 'sending' by a sender that died is taken over after an hour.

CREATE TABLE actor_emails (
    entry_id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    actor_id    text NOT NULL REFERENCES actors,
    -- The client checks the full form (RFC 5321's dot-atom, ASCII); this keeps anything else out.
    email       text CHECK (email IS NULL OR (length(email) <= 254
                                              AND email ~ '^[A-Za-z0-9!#$%&''*+/=?^_`{|}~.-]+@[A-Za-z0-9.-]+$')),
    recorded_by text NOT NULL REFERENCES actors,
    recorded_at timestamptz NOT NULL DEFAULT accredit_now()
);
CREATE INDEX actor_emails_actor ON actor_emails (actor_id, entry_id DESC);

CREATE TRIGGER actor_emails_append_only BEFORE UPDATE OR DELETE ON actor_emails
    FOR EACH ROW EXECUTE FUNCTION accredit_refuse_directory_rewrite();
CREATE TRIGGER actor_emails_no_truncate BEFORE TRUNCATE ON actor_emails
    FOR EACH STATEMENT EXECUTE FUNCTION accredit_refuse_directory_rewrite();
CREATE TRIGGER actor_emails_stamp BEFORE INSERT ON actor_emails
    FOR EACH ROW EXECUTE FUNCTION accredit_stamp_complaint_records();

CREATE TABLE reminders (
    -- case/deadline@due/stage/recipient: one mail per deadline (as due), stage and person.
    reminder_key text PRIMARY KEY CHECK (length(reminder_key) BETWEEN 1 AND 600),
    case_id      text NOT NULL REFERENCES cases,
    -- timer:EVENT, finding:ID or appeal:ID.
    deadline     text NOT NULL CHECK (deadline ~ '^(timer|finding|appeal):.{1,200}$'),
    due_at       timestamptz NOT NULL,
    -- The lead time (P30D) or 'overdue'.
    stage        text NOT NULL CHECK (length(stage) BETWEEN 1 AND 40),
    recipient    text NOT NULL REFERENCES actors,
    email        text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
    status       text NOT NULL CHECK (status IN ('sending', 'sent', 'failed', 'undeliverable')),
    -- Attempts that reached this reminder's recipient (0 after a release).
    attempts     integer NOT NULL DEFAULT 1 CHECK (attempts >= 0),
    claimed_at   timestamptz NOT NULL DEFAULT accredit_now(),
    sent_at      timestamptz,
    error        text CHECK (error IS NULL OR length(error) <= 2000),
    CHECK ((status = 'sent') = (sent_at IS NOT NULL))
);
CREATE INDEX reminders_case ON reminders (case_id, claimed_at);

-- A claim moves forward only: sending to sent, failed or undeliverable (failed may give the attempt back: a release);
-- a failed one (or one left sending) back to sending for another attempt, and an undeliverable one only at another
-- address. A sent reminder is final; none is deleted. Times are the store's.
CREATE FUNCTION accredit_reminder_progress() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.status <> 'sending' OR NEW.attempts <> 1 THEN
            RAISE EXCEPTION 'a reminder is claimed as sending, attempt 1' USING ERRCODE = 'AC403';
        END IF;
        NEW.claimed_at := accredit_now();
        NEW.sent_at := NULL;
        NEW.error := NULL;
        RETURN NEW;
    END IF;
    IF TG_OP <> 'UPDATE' THEN
        RAISE EXCEPTION 'reminders are kept: % refused', TG_OP USING ERRCODE = 'AC403';
    END IF;
    IF NEW.reminder_key IS DISTINCT FROM OLD.reminder_key OR NEW.case_id IS DISTINCT FROM OLD.case_id
       OR NEW.deadline IS DISTINCT FROM OLD.deadline OR NEW.due_at IS DISTINCT FROM OLD.due_at
       OR NEW.stage IS DISTINCT FROM OLD.stage OR NEW.recipient IS DISTINCT FROM OLD.recipient THEN
        RAISE EXCEPTION 'reminder %: what it is about and to whom stay as claimed', OLD.reminder_key
            USING ERRCODE = 'AC403';
    END IF;
    IF OLD.status = 'sending' AND NEW.status IN ('sent', 'failed', 'undeliverable')
       AND NEW.email IS NOT DISTINCT FROM OLD.email
       AND (NEW.attempts = OLD.attempts OR (NEW.status = 'failed' AND NEW.attempts = OLD.attempts - 1)) THEN
        NEW.claimed_at := OLD.claimed_at;
        NEW.sent_at := CASE WHEN NEW.status = 'sent' THEN accredit_now() END;
        RETURN NEW;
    END IF;
    IF NEW.status = 'sending' AND NEW.attempts = OLD.attempts + 1
       AND (OLD.status IN ('failed', 'sending')
            OR (OLD.status = 'undeliverable' AND NEW.email IS DISTINCT FROM OLD.email)) THEN
        NEW.claimed_at := accredit_now();
        NEW.sent_at := NULL;
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'reminder %: % cannot become % (attempt % after %)', OLD.reminder_key, OLD.status, NEW.status,
        NEW.attempts, OLD.attempts USING ERRCODE = 'AC403';
END $$;

CREATE TRIGGER reminders_progress BEFORE INSERT OR UPDATE OR DELETE ON reminders
    FOR EACH ROW EXECUTE FUNCTION accredit_reminder_progress();
CREATE TRIGGER reminders_no_truncate BEFORE TRUNCATE ON reminders
    FOR EACH STATEMENT EXECUTE FUNCTION accredit_refuse_directory_rewrite();
GRANT UPDATE (email, status, attempts, claimed_at, sent_at, error) ON reminders TO accredit_app;
