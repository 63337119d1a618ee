-- Client request ids: a command retried after a crash or a lost reply is applied exactly once. The id is recorded in
-- the same transaction as the event it produced; a retry finds it and reports the original event instead.

CREATE TABLE case_requests (
    case_id    text NOT NULL,
    request_id text NOT NULL CHECK (request_id ~ '^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$'),
    seq        bigint NOT NULL,
    PRIMARY KEY (case_id, request_id),
    FOREIGN KEY (case_id, seq) REFERENCES case_events (case_id, seq)
);

CREATE TRIGGER case_requests_append_only BEFORE UPDATE OR DELETE ON case_requests
    FOR EACH ROW EXECUTE FUNCTION accredit_refuse_event_change();
