-- Sites and services (issue #18, item 5: scope).
--
-- An organisation runs services at sites; a case assesses some of them (its scope, declared as an event that copies
-- each service's site, kind and name from here, so the log alone says what was assessed and the audit can hold the
-- copy to these rows). Like the rest of the directory they are appended, never rewritten: a service is recorded
-- once, under a code unique within its organisation, and a case's scope change, not an edit here, takes one out.

CREATE TABLE sites (
    organisation_id text NOT NULL REFERENCES organisations,
    site_code       text NOT NULL CHECK (site_code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
    name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 500),
    address         text CHECK (address IS NULL OR length(address) BETWEEN 1 AND 1000),
    recorded_by     text NOT NULL REFERENCES actors,
    recorded_at     timestamptz NOT NULL DEFAULT accredit_now(),
    PRIMARY KEY (organisation_id, site_code)
);

CREATE TABLE services (
    organisation_id text NOT NULL,
    service_code    text NOT NULL CHECK (service_code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
    site_code       text NOT NULL,
    kind            text NOT NULL CHECK (kind ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
    name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 500),
    recorded_by     text NOT NULL REFERENCES actors,
    recorded_at     timestamptz NOT NULL DEFAULT accredit_now(),
    PRIMARY KEY (organisation_id, service_code),
    FOREIGN KEY (organisation_id, site_code) REFERENCES sites
);

CREATE TRIGGER sites_append_only BEFORE UPDATE OR DELETE ON sites
    FOR EACH ROW EXECUTE FUNCTION accredit_refuse_directory_rewrite();
CREATE TRIGGER sites_no_truncate BEFORE TRUNCATE ON sites
    FOR EACH STATEMENT EXECUTE FUNCTION accredit_refuse_directory_rewrite();
CREATE TRIGGER services_append_only BEFORE UPDATE OR DELETE ON services
    FOR EACH ROW EXECUTE FUNCTION accredit_refuse_directory_rewrite();
CREATE TRIGGER services_no_truncate BEFORE TRUNCATE ON services
    FOR EACH STATEMENT EXECUTE FUNCTION accredit_refuse_directory_rewrite();
-- Each record carries the store's time (0014's stamp sets recorded_at on any table but its own three).
CREATE TRIGGER sites_stamp BEFORE INSERT ON sites
    FOR EACH ROW EXECUTE FUNCTION accredit_stamp_complaint_records();
CREATE TRIGGER services_stamp BEFORE INSERT ON services
    FOR EACH ROW EXECUTE FUNCTION accredit_stamp_complaint_records();
