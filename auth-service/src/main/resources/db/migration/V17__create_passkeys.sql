-- Passkeys (WebAuthn Level 3, issue 17): as a login's second factor and for password-less login.
--
-- The stable, random WebAuthn user handle of an account (user.id in the creation options): 32 random bytes, never
-- the account id, so an authenticator holds nothing that names the account elsewhere. Created with the first
-- registration ceremony and kept for the account's life: a discoverable credential answers it as userHandle.
CREATE TABLE passkey_user (
    account_id  uuid  PRIMARY KEY REFERENCES account (id) ON DELETE CASCADE,
    user_handle bytea NOT NULL UNIQUE CHECK (octet_length(user_handle) = 32)
);

-- One row per registered credential. attested_credential_data is the authenticator's own encoding (AAGUID,
-- credential id, COSE public key) exactly as webauthn4j writes and reads it back to verify assertions; the AAGUID
-- is repeated as a column to be shown and queried. sign_count is the highest counter seen (0: the authenticator
-- keeps none, as synced passkeys do). backup_eligible / backup_state are the BE / BS flags: a credential that may
-- be synced is software-held (amr "swk"), one that may not is device-bound (amr "hwk"). transports are the
-- browser's hints (comma-separated), handed back in allowCredentials / excludeCredentials.
CREATE TABLE passkey_credential (
    id                       uuid         PRIMARY KEY,
    account_id               uuid         NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    credential_id            bytea        NOT NULL UNIQUE CHECK (octet_length(credential_id) BETWEEN 16 AND 1023),
    attested_credential_data bytea        NOT NULL,
    sign_count               bigint       NOT NULL CHECK (sign_count >= 0),
    aaguid                   uuid         NOT NULL,
    transports               varchar(128) NOT NULL DEFAULT '',
    uv_initialized           boolean      NOT NULL,
    backup_eligible          boolean      NOT NULL,
    backup_state             boolean      NOT NULL,
    name                     varchar(64)  NOT NULL CHECK (char_length(name) BETWEEN 1 AND 64),
    created_at               timestamptz  NOT NULL,
    last_used_at             timestamptz
);

CREATE INDEX passkey_credential_account ON passkey_credential (account_id);

-- A ceremony: the state between an options request and its answer. Only the SHA-256 of the ceremony value the
-- client holds is stored; the WebAuthn challenge itself is kept to verify clientDataJSON. A ceremony is single-use:
-- its row is deleted when its answer arrives, before verification, so it is gone whether or not that succeeds.
-- purpose: 'registration' (account_id set), 'second_factor' (login_challenge_hash set: the password step it
-- completes; one live ceremony per login challenge), 'login' (neither: a password-less login).
CREATE TABLE passkey_ceremony (
    ceremony_hash        bytea       PRIMARY KEY CHECK (octet_length(ceremony_hash) = 32),
    purpose              varchar(16) NOT NULL CHECK (purpose IN ('registration', 'second_factor', 'login')),
    challenge            bytea       NOT NULL CHECK (octet_length(challenge) = 32),
    account_id           uuid        REFERENCES account (id) ON DELETE CASCADE,
    login_challenge_hash bytea       UNIQUE REFERENCES login_challenge (challenge_hash) ON DELETE CASCADE,
    created_at           timestamptz NOT NULL,
    expires_at           timestamptz NOT NULL,
    CHECK ((purpose = 'registration') = (account_id IS NOT NULL)),
    CHECK ((purpose = 'second_factor') = (login_challenge_hash IS NOT NULL))
);

CREATE INDEX passkey_ceremony_expires ON passkey_ceremony (expires_at);
