-- The directory is what replay checks every sender against (roles, organisation binding, conflicts of interest),
-- so it is append-only like the event log: people, organisations and conflict declarations are added, never
-- rewritten or removed. An insider who edits them must go past these triggers as past the event log's, and the
-- audit documents what that still allows (docs/audit.md, "What an auditor can and cannot be sure of").

CREATE FUNCTION accredit_refuse_directory_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the directory is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'AC403', HINT = 'add a new record instead; replay checks every past event against these';
END $$;

CREATE TRIGGER actors_append_only BEFORE UPDATE OR DELETE ON actors
    FOR EACH ROW EXECUTE FUNCTION accredit_refuse_directory_rewrite();
CREATE TRIGGER actors_no_truncate BEFORE TRUNCATE ON actors
    FOR EACH STATEMENT EXECUTE FUNCTION accredit_refuse_directory_rewrite();
CREATE TRIGGER organisations_append_only BEFORE UPDATE OR DELETE ON organisations
    FOR EACH ROW EXECUTE FUNCTION accredit_refuse_directory_rewrite();
CREATE TRIGGER organisations_no_truncate BEFORE TRUNCATE ON organisations
    FOR EACH STATEMENT EXECUTE FUNCTION accredit_refuse_directory_rewrite();
CREATE TRIGGER conflict_declarations_append_only BEFORE UPDATE OR DELETE ON conflict_declarations
    FOR EACH ROW EXECUTE FUNCTION accredit_refuse_directory_rewrite();
CREATE TRIGGER conflict_declarations_no_truncate BEFORE TRUNCATE ON conflict_declarations
    FOR EACH STATEMENT EXECUTE FUNCTION accredit_refuse_directory_rewrite();
