-- Evidence retention: an evidence file that no evidence row references (orphaned by an interrupted upload, or by
-- someone who swapped a file) is kept until an administrator decides to dispose of it. Each decision is recorded
-- here, append-only; the audit stops reporting a file once it is disposed of, and a repair may then remove it.

CREATE TABLE evidence_disposals (
    disposal_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sha256      text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    disposed_by text NOT NULL REFERENCES actors,
    reason      text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
    disposed_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX evidence_disposals_sha256 ON evidence_disposals (sha256);

CREATE FUNCTION accredit_refuse_disposal_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'evidence disposals are a log of decisions: % refused', TG_OP
        USING ERRCODE = 'AC403', HINT = 'record a new decision instead of rewriting the log';
END $$;
CREATE TRIGGER evidence_disposals_append_only BEFORE UPDATE OR DELETE ON evidence_disposals
    FOR EACH ROW EXECUTE FUNCTION accredit_refuse_disposal_rewrite();
CREATE TRIGGER evidence_disposals_no_truncate BEFORE TRUNCATE ON evidence_disposals
    FOR EACH STATEMENT EXECUTE FUNCTION accredit_refuse_disposal_rewrite();
