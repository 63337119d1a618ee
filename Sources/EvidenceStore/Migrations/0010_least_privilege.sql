-- Least privilege (issue #16): two roles, and history that the application's role cannot rewrite.
--
--   accredit_owner  NOLOGIN; owns every table, sequence and function of the schema. Migrations run as this role
--                   (the migrator sets it for every migration after this one), so later tables are its too.
--   accredit_app    LOGIN; the server's role. Not a superuser, and it may not create roles or databases, replicate or
--                   bypass row security. It owns nothing, so it cannot ALTER, DROP or disable a trigger; it may not
--                   set session_replication_role (a superuser's setting).
--
-- Roles belong to the whole PostgreSQL cluster. When they are missing, this migration creates them if the migrating
-- login may (a superuser, or CREATEROLE); otherwise it stops with SQLSTATE AC428 and the statements to run. An
-- existing accredit_app must already be as plain as the one created here (AC428 otherwise), and must not be a member
-- of accredit_owner. A database migrated before this migration converges: its objects pass to accredit_owner.
--
-- Privileges of accredit_app, the rule for every table (docs/architecture.md, "a table or column"):
--   every table        SELECT and INSERT only: history is appended to, never updated, deleted or truncated. The
--                      owner's default privileges give the same to every table a later migration creates.
--   projections        only the columns the store rewrites, named below; a later migration that adds a projection
--                      grants its UPDATE or DELETE the same way, and SchemaPrivilegeTests lists every table's grants.
--   the ledger         accredit_schema_migrations: SELECT only (the owner migrates).
-- Nobody gets TRUNCATE, REFERENCES or TRIGGER. The append-only triggers stay: this is the second wall.

DO $$
DECLARE
    v_may_create boolean := (SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user);
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'accredit_owner')
       OR NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'accredit_app') THEN
        IF NOT v_may_create THEN
            RAISE EXCEPTION 'the roles accredit_owner and accredit_app do not exist, and % may not create roles',
                current_user
                USING ERRCODE = 'AC428',
                HINT = format('as a database administrator run: CREATE ROLE accredit_owner NOLOGIN; '
                    'CREATE ROLE accredit_app LOGIN PASSWORD ''...''; GRANT accredit_owner TO %I; '
                    'GRANT CREATE, USAGE ON SCHEMA public TO accredit_owner; then migrate again', current_user);
        END IF;
        -- Another database of the same cluster may be creating them at this moment: that is as good.
        BEGIN
            CREATE ROLE accredit_owner NOLOGIN;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
        END;
        BEGIN
            CREATE ROLE accredit_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
        END;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'accredit_app'
               AND (rolsuper OR rolcreaterole OR rolcreatedb OR rolreplication OR rolbypassrls)) THEN
        RAISE EXCEPTION 'the role accredit_app may do more than append: it must not be a superuser or have CREATEROLE, CREATEDB, REPLICATION or BYPASSRLS'
            USING ERRCODE = 'AC428',
            HINT = 'as a database administrator run: ALTER ROLE accredit_app NOSUPERUSER NOCREATEROLE NOCREATEDB NOREPLICATION NOBYPASSRLS';
    END IF;
    IF pg_has_role('accredit_app', 'accredit_owner', 'MEMBER') THEN
        RAISE EXCEPTION 'the role accredit_app is a member of accredit_owner, so it could act as the owner'
            USING ERRCODE = 'AC428', HINT = 'as a database administrator run: REVOKE accredit_owner FROM accredit_app';
    END IF;
    IF current_user = 'accredit_app' THEN
        RAISE EXCEPTION 'migrations run as the owner, not as the application role accredit_app'
            USING ERRCODE = 'AC428', HINT = 'migrate with a login that is a member of accredit_owner';
    END IF;
    -- The migrating login hands the objects over and, from now on, migrates as the owner.
    IF NOT pg_has_role(current_user, 'accredit_owner', 'MEMBER') THEN
        EXECUTE format('GRANT accredit_owner TO %I', current_user);
    END IF;
    IF NOT has_schema_privilege('accredit_owner', 'public', 'CREATE') THEN
        GRANT CREATE, USAGE ON SCHEMA public TO accredit_owner;
    END IF;
    -- PostgreSQL 14 and older let every role create objects in public.
    IF has_schema_privilege('public', 'public', 'CREATE') THEN
        REVOKE CREATE ON SCHEMA public FROM PUBLIC;
    END IF;
END $$;

-- Everything the schema holds passes to the owner (tables carry their indexes and identity sequences with them).
DO $$
DECLARE
    v_object record;
BEGIN
    FOR v_object IN
        SELECT c.oid::regclass AS name, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
          AND c.relowner <> 'accredit_owner'::regrole
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                          AND d.deptype IN ('a', 'i'))
    LOOP
        EXECUTE format('ALTER %s %s OWNER TO accredit_owner',
            CASE v_object.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
                WHEN 'f' THEN 'FOREIGN TABLE' WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, v_object.name);
    END LOOP;
    FOR v_object IN
        SELECT p.oid::regprocedure AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'public' AND p.proowner <> 'accredit_owner'::regrole
    LOOP
        EXECUTE format('ALTER ROUTINE %s OWNER TO accredit_owner', v_object.name);
    END LOOP;
END $$;

GRANT USAGE ON SCHEMA public TO accredit_app;
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC, accredit_app;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM PUBLIC, accredit_app;

-- Every table: read and append.
GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA public TO accredit_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO accredit_app;
ALTER DEFAULT PRIVILEGES FOR ROLE accredit_owner IN SCHEMA public GRANT SELECT, INSERT ON TABLES TO accredit_app;
ALTER DEFAULT PRIVILEGES FOR ROLE accredit_owner IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO accredit_app;

-- The ledger of migrations: read only.
REVOKE INSERT ON accredit_schema_migrations FROM accredit_app;

-- Projections, and the one change the signing key list allows (retiring a key).
GRANT UPDATE (version, head_hash, status, configuration, deadlines, updated_at) ON cases TO accredit_app;
GRANT UPDATE, DELETE ON timers TO accredit_app;
GRANT UPDATE (snapshot, sha256) ON snapshots TO accredit_app;
GRANT UPDATE (status, notes) ON evidence TO accredit_app;
GRANT UPDATE (retired_at, retired_by) ON signing_keys TO accredit_app;

-- Identity (0009): the sign-in counters and credentials' state change; the authentication log does not.
GRANT UPDATE (password_hash, password_set_at, totp_secret, totp_required, totp_last_step, failed_attempts,
    locked_until) ON accounts TO accredit_app;
GRANT UPDATE (used_at) ON invitations TO accredit_app;
GRANT UPDATE (last_used_at, revoked_at, revoked_by) ON access_tokens TO accredit_app;
GRANT UPDATE (last_seen_at, ended_at) ON sessions TO accredit_app;
