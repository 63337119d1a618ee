-- Accredit core schema. Every case-scoped table leads its primary key with case_id, so the schema can be
-- distributed by case (Citus). Applied once; never edit this file after release: add a new migration instead.

CREATE TABLE organisations (
    organisation_id text PRIMARY KEY CHECK (organisation_id ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
    name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 500),
    ods_code        text UNIQUE CHECK (ods_code ~ '^[A-Z0-9]{3,10}$'),
    registered_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE actors (
    actor_id        text PRIMARY KEY CHECK (actor_id ~ '^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$'),
    display_name    text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 500),
    roles           text[] NOT NULL CHECK (cardinality(roles) >= 1),
    organisation_id text REFERENCES organisations,
    db_login        text UNIQUE,
    added_at        timestamptz NOT NULL DEFAULT now()
);

-- The actor that delivers deadlines and other events nobody sent by hand.
INSERT INTO actors (actor_id, display_name, roles) VALUES ('system', 'Accredit system', ARRAY['system']);

CREATE TABLE conflict_declarations (
    actor_id        text NOT NULL REFERENCES actors,
    organisation_id text NOT NULL REFERENCES organisations,
    declared_at     timestamptz NOT NULL DEFAULT now(),
    valid_from      date NOT NULL,
    valid_to        date,
    reason          text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
    PRIMARY KEY (actor_id, organisation_id, valid_from),
    CHECK (valid_to IS NULL OR valid_to >= valid_from)
);

-- Published workflow and framework versions, with their full source so replay never depends on files on disk.
CREATE TABLE definitions (
    kind         text NOT NULL CHECK (kind IN ('workflow', 'framework')),
    name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    version      text NOT NULL CHECK (length(version) BETWEEN 1 AND 50),
    sha256       text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    source       text NOT NULL,
    published_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (kind, name, version)
);

CREATE TABLE cases (
    case_id           text PRIMARY KEY CHECK (case_id ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
    organisation_id   text NOT NULL REFERENCES organisations,
    workflow_kind     text NOT NULL DEFAULT 'workflow' CHECK (workflow_kind = 'workflow'),
    workflow_name     text NOT NULL,
    workflow_version  text NOT NULL,
    framework_kind    text NOT NULL DEFAULT 'framework' CHECK (framework_kind = 'framework'),
    framework_name    text NOT NULL,
    framework_version text NOT NULL,
    opened_at         timestamptz NOT NULL,
    -- The projection: what replaying the log gives, kept for fast reads and checked by audit.
    version           bigint NOT NULL DEFAULT 0 CHECK (version >= 0),
    head_hash         bytea NOT NULL DEFAULT '\x0000000000000000000000000000000000000000000000000000000000000000'
                      CHECK (length(head_hash) = 32),
    status            text NOT NULL DEFAULT 'open',
    configuration     text[] NOT NULL DEFAULT '{}',
    deadlines         jsonb NOT NULL DEFAULT '{}',
    updated_at        timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (workflow_kind, workflow_name, workflow_version) REFERENCES definitions (kind, name, version),
    FOREIGN KEY (framework_kind, framework_name, framework_version) REFERENCES definitions (kind, name, version)
);
CREATE INDEX cases_organisation ON cases (organisation_id);
CREATE INDEX cases_status ON cases (status);

CREATE TABLE case_events (
    case_id         text NOT NULL REFERENCES cases,
    seq             bigint NOT NULL CHECK (seq >= 1),
    -- Every event but the first must have its predecessor: together with the primary key this makes seq gapless.
    prev_seq        bigint GENERATED ALWAYS AS (NULLIF(seq - 1, 0)) STORED,
    type            text NOT NULL CHECK (length(type) BETWEEN 1 AND 200),
    actor_id        text NOT NULL REFERENCES actors,
    occurred_at     timestamptz NOT NULL,
    payload         text NOT NULL,  -- canonical JSON, stored byte for byte as hashed
    definition_hash text NOT NULL,
    prev_hash       bytea NOT NULL CHECK (length(prev_hash) = 32),
    hash            bytea NOT NULL CHECK (length(hash) = 32),
    recorded_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (case_id, seq),
    FOREIGN KEY (case_id, prev_seq) REFERENCES case_events (case_id, seq)
);

CREATE FUNCTION accredit_refuse_event_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'case events are append-only: % of case % refused', TG_OP, COALESCE(OLD.case_id, '?')
        USING ERRCODE = 'AC403', HINT = 'record a new event instead of changing history';
END $$;
CREATE TRIGGER case_events_append_only BEFORE UPDATE OR DELETE ON case_events
    FOR EACH ROW EXECUTE FUNCTION accredit_refuse_event_change();
CREATE TRIGGER case_events_no_truncate BEFORE TRUNCATE ON case_events
    FOR EACH STATEMENT EXECUTE FUNCTION accredit_refuse_event_change();

-- Amended once after release: the two AC404 hints below named command-line tool commands. Migration 0003 gives
-- databases that applied the earlier text these same function bodies; MigrationCatalog.amendments accepts that
-- text's checksum.
-- Locks a case for appending and checks the version and head hash the writer expected.
-- SQLSTATE AC404: no such case. AC409: the case changed (DETAIL holds the actual version).
CREATE FUNCTION accredit_lock_case(p_case_id text, p_expected bigint, p_expected_head bytea) RETURNS bigint
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

-- Sets an evidence item's review status; AC404 when it does not exist.
CREATE FUNCTION accredit_set_evidence_status(p_case_id text, p_evidence_id text, p_status text, p_notes text)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    UPDATE evidence SET status = p_status, notes = COALESCE(p_notes, notes)
    WHERE case_id = p_case_id AND evidence_id = p_evidence_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'evidence % of case % does not exist', p_evidence_id, p_case_id
            USING ERRCODE = 'AC404', HINT = 'check the case and evidence ids';
    END IF;
END $$;

-- Deadlines waiting to be delivered as events; one active timer per id and case.
CREATE TABLE timers (
    case_id     text NOT NULL REFERENCES cases,
    timer_id    text NOT NULL,
    due_at      timestamptz NOT NULL,
    event_name  text NOT NULL,
    event_data  text NOT NULL DEFAULT 'null',  -- canonical JSON
    set_by_seq  bigint NOT NULL,
    PRIMARY KEY (case_id, timer_id),
    FOREIGN KEY (case_id, set_by_seq) REFERENCES case_events (case_id, seq)
);
CREATE INDEX timers_due ON timers (due_at);

CREATE TABLE evidence (
    case_id        text NOT NULL REFERENCES cases,
    evidence_id    text NOT NULL CHECK (evidence_id ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
    criterion_id   text NOT NULL CHECK (length(criterion_id) BETWEEN 1 AND 64),
    filename       text NOT NULL CHECK (length(filename) BETWEEN 1 AND 255),
    media_type     text NOT NULL,
    media_mismatch boolean NOT NULL DEFAULT false,
    size_bytes     bigint NOT NULL CHECK (size_bytes > 0),
    sha256         text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    uploaded_by    text NOT NULL REFERENCES actors,
    uploaded_at    timestamptz NOT NULL,
    status         text NOT NULL DEFAULT 'submitted'
                   CHECK (status IN ('submitted', 'accepted', 'rejected', 'superseded')),
    supersedes     text,
    notes          text,
    recorded_seq   bigint NOT NULL,
    PRIMARY KEY (case_id, evidence_id),
    FOREIGN KEY (case_id, supersedes) REFERENCES evidence (case_id, evidence_id),
    FOREIGN KEY (case_id, recorded_seq) REFERENCES case_events (case_id, seq)
);
CREATE INDEX evidence_sha256 ON evidence (sha256);

-- Engine snapshots every N events, so loading a case replays only the tail.
CREATE TABLE snapshots (
    case_id    text NOT NULL,
    seq        bigint NOT NULL,
    snapshot   text NOT NULL,  -- canonical JSON
    sha256     text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    taken_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (case_id, seq),
    FOREIGN KEY (case_id, seq) REFERENCES case_events (case_id, seq)
);

-- Signed Merkle roots over every case head (RFC 9162 style).
CREATE TABLE checkpoints (
    checkpoint_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    created_at    timestamptz NOT NULL DEFAULT now(),
    tree_size     bigint NOT NULL CHECK (tree_size >= 0),
    root_hash     bytea NOT NULL CHECK (length(root_hash) = 32),
    heads         jsonb NOT NULL,
    signature     bytea NOT NULL,
    public_key    bytea NOT NULL
);
