-- Assignment and confidentiality (issue #18, item 2).
--
-- Competence records: what a person may assess (a framework, all or some of its foundations) and for how long their
-- training counts. The secretariat records them; a case's team is assigned only from people whose record is valid
-- when they are assigned, and replay checks every stored assignment against the records. Like the rest
-- of the directory they are appended, never rewritten: a requalification is a new record.
--
-- Conflict-of-interest declarations are now stamped with the store's time (accredit_now(), a sandbox's simulated
-- clock included) rather than the database server's. A declaration made inside a case (an assessor's
-- conflict.declare) is written with its event, in the same transaction, at the event's time, naming the case.

CREATE TABLE competences (
    competence_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    actor_id      text NOT NULL REFERENCES actors,
    framework     text NOT NULL CHECK (framework ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$'),
    foundations   text[] NOT NULL DEFAULT '{}' CHECK (cardinality(foundations) <= 64),
    trained_on    date NOT NULL,
    valid_until   date NOT NULL,
    recorded_by   text NOT NULL REFERENCES actors,
    recorded_at   timestamptz NOT NULL DEFAULT accredit_now(),
    note          text CHECK (note IS NULL OR length(note) BETWEEN 1 AND 2000),
    CHECK (valid_until >= trained_on)
);
CREATE INDEX competences_actor ON competences (actor_id, framework);

CREATE TRIGGER competences_append_only BEFORE UPDATE OR DELETE ON competences
    FOR EACH ROW EXECUTE FUNCTION accredit_refuse_directory_rewrite();
CREATE TRIGGER competences_no_truncate BEFORE TRUNCATE ON competences
    FOR EACH STATEMENT EXECUTE FUNCTION accredit_refuse_directory_rewrite();

ALTER TABLE conflict_declarations ALTER COLUMN declared_at SET DEFAULT accredit_now();
-- The case a declaration was made in (NULL for one recorded in the register directly): replay counts such a
-- declaration from the moment of its event rather than from the start of its first day.
ALTER TABLE conflict_declarations ADD COLUMN declared_in text REFERENCES cases;
