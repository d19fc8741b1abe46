-- Second factors (TOTP, RFC 6238, and single-use recovery codes).
--
-- One TOTP credential per account: pending (enabled_at null) from enrolment until a code confirms it, then
-- enabled. The secret is stored as-is, as Keycloak does: the server must compute codes from it, so a hash would
-- not do, and sealing it under the key-encryption key would only move the question to where that key lives.
-- Whoever can read this table can compute the account's codes (see auth-service's README).
-- last_used_step is the highest time step (Unix time / 30 s) a code was accepted for: a code for that step or
-- an earlier one is refused, so a code seen over someone's shoulder cannot be replayed within its window.
CREATE TABLE totp_credential (
    account_id     uuid        PRIMARY KEY REFERENCES account (id) ON DELETE CASCADE,
    secret         bytea       NOT NULL CHECK (octet_length(secret) = 20),
    created_at     timestamptz NOT NULL,
    enabled_at     timestamptz,
    last_used_step bigint
);

-- Recovery codes: only the SHA-256 of each code (60 random bits; see factor.RecoveryCodes for why not argon2id).
-- A code works once (used_at); a new set deletes the old one.
CREATE TABLE recovery_code (
    account_id uuid        NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    code_hash  bytea       NOT NULL CHECK (octet_length(code_hash) = 32),
    created_at timestamptz NOT NULL,
    used_at    timestamptz,
    PRIMARY KEY (account_id, code_hash)
);

-- The second step of a login: a password login of an account with TOTP answers a challenge instead of tokens.
-- Only the SHA-256 of the 256-bit challenge is stored, with what the first step decided (the token format, the
-- known device it recognised) so the second step issues exactly what the first would have. A challenge works
-- once (used_at), for five minutes, and dies after five wrong codes (failures).
CREATE TABLE login_challenge (
    challenge_hash bytea       PRIMARY KEY CHECK (octet_length(challenge_hash) = 32),
    account_id     uuid        NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    token_format   varchar(8)  NOT NULL,
    device_id      uuid,
    created_at     timestamptz NOT NULL,
    expires_at     timestamptz NOT NULL,
    failures       integer     NOT NULL DEFAULT 0,
    used_at        timestamptz
);

CREATE INDEX login_challenge_expires ON login_challenge (expires_at);

-- How the login that started a family authenticated (RFC 8176 amr values, comma-separated), kept by every
-- refresh. Its time (auth_time) is the family's created_at: a family is started only by a completed login.
ALTER TABLE refresh_family ADD COLUMN amr varchar(32) NOT NULL DEFAULT 'pwd';
