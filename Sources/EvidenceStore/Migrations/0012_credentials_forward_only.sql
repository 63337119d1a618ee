-- Credentials only move forward (issue #16's attack review): the application role's column grants of 0010 let it
-- set revoked_at, used_at and ended_at, and so also clear them. Whoever runs the UPDATE, a revoked token stays
-- revoked (by whom it was), a used invitation stays used, an ended session stays ended, and an account that must
-- sign in with TOTP keeps that requirement, a used TOTP step is not used again, and no session is seen later than
-- now (it would never go idle).

CREATE FUNCTION accredit_credentials_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'access_tokens' THEN
        IF OLD.revoked_at IS NOT NULL
           AND (NEW.revoked_at IS DISTINCT FROM OLD.revoked_at OR NEW.revoked_by IS DISTINCT FROM OLD.revoked_by) THEN
            RAISE EXCEPTION 'token % was revoked and stays revoked', OLD.token_id
                USING ERRCODE = 'AC403', HINT = 'create a new token instead';
        END IF;
    ELSIF TG_TABLE_NAME = 'invitations' THEN
        IF OLD.used_at IS NOT NULL AND NEW.used_at IS DISTINCT FROM OLD.used_at THEN
            RAISE EXCEPTION 'invitation % was used and stays used', OLD.invitation_id
                USING ERRCODE = 'AC403', HINT = 'invite the person again instead';
        END IF;
    ELSIF TG_TABLE_NAME = 'sessions' THEN
        IF OLD.ended_at IS NOT NULL AND NEW.ended_at IS DISTINCT FROM OLD.ended_at THEN
            RAISE EXCEPTION 'an ended session stays ended' USING ERRCODE = 'AC403', HINT = 'sign in again instead';
        END IF;
        -- A session seen "in the future" would never go idle.
        IF NEW.last_seen_at > now() THEN
            RAISE EXCEPTION 'a session cannot have been seen later than now' USING ERRCODE = 'AC403';
        END IF;
    ELSIF TG_TABLE_NAME = 'accounts' THEN
        IF OLD.totp_required AND NOT NEW.totp_required THEN
            RAISE EXCEPTION 'account % must sign in with TOTP, and that is never lowered', OLD.actor_id
                USING ERRCODE = 'AC403';
        END IF;
        -- A TOTP code is accepted once: the last step used moves only forward while the secret stays the same.
        IF NEW.totp_secret IS NOT DISTINCT FROM OLD.totp_secret AND OLD.totp_last_step IS NOT NULL
           AND (NEW.totp_last_step IS NULL OR NEW.totp_last_step < OLD.totp_last_step) THEN
            RAISE EXCEPTION 'account %: a used TOTP step cannot be used again', OLD.actor_id USING ERRCODE = 'AC403';
        END IF;
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER access_tokens_forward_only BEFORE UPDATE ON access_tokens
    FOR EACH ROW EXECUTE FUNCTION accredit_credentials_forward_only();
CREATE TRIGGER invitations_forward_only BEFORE UPDATE ON invitations
    FOR EACH ROW EXECUTE FUNCTION accredit_credentials_forward_only();
CREATE TRIGGER sessions_forward_only BEFORE UPDATE ON sessions
    FOR EACH ROW EXECUTE FUNCTION accredit_credentials_forward_only();
CREATE TRIGGER accounts_forward_only BEFORE UPDATE ON accounts
    FOR EACH ROW EXECUTE FUNCTION accredit_credentials_forward_only();
