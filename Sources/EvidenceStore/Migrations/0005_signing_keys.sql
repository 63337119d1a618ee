-- The store's signing keys (issue 15): the Ed25519 public keys whose signatures the store stands behind.
--
-- One row per key: the raw public key, its fingerprint ('sha256:' and the hex SHA-256 of the raw key), when and by
-- whom it was registered, and when and by whom it was retired. At most one key is current (not retired); signing
-- with a key the store does not list as current is refused by the service, so a key made in another home directory
-- against the same database is never used. Retired keys stay listed, so certificates and checkpoints signed before a
-- rotation still verify. Rows are never deleted, and the only change allowed is retiring a current key.
-- SQLSTATE AC403: a rewrite of the key list refused.

CREATE TABLE signing_keys (
    fingerprint text PRIMARY KEY CHECK (fingerprint ~ '^sha256:[0-9a-f]{64}$'),
    public_key  bytea NOT NULL UNIQUE CHECK (length(public_key) = 32),
    created_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    created_by  text NOT NULL CHECK (length(created_by) BETWEEN 1 AND 200),
    retired_at  timestamptz,
    retired_by  text CHECK (length(retired_by) BETWEEN 1 AND 200),
    CHECK ((retired_at IS NULL) = (retired_by IS NULL))
);
CREATE UNIQUE INDEX signing_keys_one_current ON signing_keys ((true)) WHERE retired_at IS NULL;

CREATE FUNCTION accredit_refuse_key_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.retired_at IS NULL AND NEW.retired_at IS NOT NULL
       AND NEW.fingerprint = OLD.fingerprint AND NEW.public_key = OLD.public_key
       AND NEW.created_at = OLD.created_at AND NEW.created_by = OLD.created_by THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'signing keys are never rewritten or deleted, only retired: % refused', TG_OP
        USING ERRCODE = 'AC403', HINT = 'register a new key and retire the old one';
END $$;
CREATE TRIGGER signing_keys_retire_only BEFORE UPDATE OR DELETE ON signing_keys
    FOR EACH ROW EXECUTE FUNCTION accredit_refuse_key_rewrite();
CREATE TRIGGER signing_keys_no_truncate BEFORE TRUNCATE ON signing_keys
    FOR EACH STATEMENT EXECUTE FUNCTION accredit_refuse_key_rewrite();
