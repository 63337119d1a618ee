-- Identity for the server: who may sign in as which actor, and with what. The credential says who is acting; no
-- flag does. Nothing here is part of a case's history, and none of it is hashed into the event log: sign-ins,
-- failures, token uses and revocations go to auth_events, an append-only log of its own.
--
-- Secrets are never stored: passwords as bcrypt hashes (of the password's SHA-256, so that long passwords are not
-- cut at bcrypt's 72 bytes), tokens, invitation codes and browser sessions as SHA-256 hashes of 256-bit random
-- values. Times are the database server's real clock (now()), not the store's: a sandbox store's simulated clock
-- moves case time, never the expiry of a credential.

CREATE TABLE accounts (
    actor_id        text PRIMARY KEY REFERENCES actors,
    password_hash   text CHECK (password_hash IS NULL OR password_hash ~ '^\$2[aby]\$[0-9]{2}\$[./A-Za-z0-9]{53}$'),
    password_set_at timestamptz,
    totp_secret     bytea CHECK (totp_secret IS NULL OR length(totp_secret) BETWEEN 16 AND 64),
    totp_required   boolean NOT NULL DEFAULT false,
    -- The last TOTP time step accepted: a code is used once.
    totp_last_step  bigint,
    failed_attempts integer NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
    locked_until    timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE invitations (
    invitation_id text PRIMARY KEY CHECK (invitation_id ~ '^[a-z0-9]{12}$'),
    actor_id      text NOT NULL REFERENCES actors,
    code_sha256   bytea NOT NULL UNIQUE CHECK (length(code_sha256) = 32),
    invited_by    text NOT NULL CHECK (length(invited_by) BETWEEN 1 AND 200),
    created_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL,
    used_at       timestamptz,
    CHECK (expires_at > created_at)
);
CREATE INDEX invitations_actor ON invitations (actor_id);

CREATE TABLE access_tokens (
    token_id      text PRIMARY KEY CHECK (token_id ~ '^[a-z0-9]{12}$'),
    actor_id      text NOT NULL REFERENCES actors,
    name          text NOT NULL CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9 ._:@-]{0,99}$'),
    secret_sha256 bytea NOT NULL UNIQUE CHECK (length(secret_sha256) = 32),
    created_by    text NOT NULL CHECK (length(created_by) BETWEEN 1 AND 200),
    created_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL,
    last_used_at  timestamptz,
    revoked_at    timestamptz,
    revoked_by    text,
    CHECK (expires_at > created_at),
    CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
);
-- One live token per name and person, so that a name says which token a script holds.
CREATE UNIQUE INDEX access_tokens_live_name ON access_tokens (actor_id, name) WHERE revoked_at IS NULL;

CREATE TABLE sessions (
    session_sha256 bytea PRIMARY KEY CHECK (length(session_sha256) = 32),
    actor_id       text NOT NULL REFERENCES actors,
    -- The token a form must echo (the synchroniser-token defence against cross-site request forgery).
    csrf_token     text NOT NULL CHECK (length(csrf_token) BETWEEN 32 AND 128),
    created_at     timestamptz NOT NULL DEFAULT now(),
    expires_at     timestamptz NOT NULL,
    last_seen_at   timestamptz NOT NULL DEFAULT now(),
    ended_at       timestamptz,
    CHECK (expires_at > created_at)
);
CREATE INDEX sessions_actor ON sessions (actor_id);

CREATE TABLE auth_events (
    seq        bigserial PRIMARY KEY,
    at         timestamptz NOT NULL DEFAULT clock_timestamp(),
    kind       text NOT NULL CHECK (kind ~ '^[a-z][a-z.-]{0,63}$'),
    -- The actor the event is about, when known; `subject` is the name a failed sign-in gave, which may name no one.
    actor_id   text,
    subject    text CHECK (subject IS NULL OR length(subject) <= 200),
    credential text CHECK (credential IS NULL OR length(credential) <= 100),
    remote     text CHECK (remote IS NULL OR length(remote) <= 200),
    detail     text CHECK (detail IS NULL OR length(detail) <= 2000)
);
CREATE INDEX auth_events_actor ON auth_events (actor_id, seq);

CREATE FUNCTION accredit_refuse_auth_log_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the authentication log is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'AC403';
END $$;

CREATE TRIGGER auth_events_append_only BEFORE UPDATE OR DELETE ON auth_events
    FOR EACH ROW EXECUTE FUNCTION accredit_refuse_auth_log_rewrite();
CREATE TRIGGER auth_events_no_truncate BEFORE TRUNCATE ON auth_events
    FOR EACH STATEMENT EXECUTE FUNCTION accredit_refuse_auth_log_rewrite();
