-- E-mail addresses and recovery links (issue 17). An account has at most one address, verified or not; a
-- verified address belongs to one account only, compared case-insensitively (an unverified one proves nothing,
-- so two accounts may both claim it until one of them verifies it).
CREATE TABLE account_email (
    account_id  uuid         PRIMARY KEY REFERENCES account (id) ON DELETE CASCADE,
    address     varchar(254) NOT NULL,
    verified_at timestamptz,
    -- The language of the messages sent to this address: that of the request that set it.
    locale      varchar(8)   NOT NULL,
    updated_at  timestamptz  NOT NULL
);

CREATE UNIQUE INDEX account_email_verified_address ON account_email (lower(address)) WHERE verified_at IS NOT NULL;

-- Single-use links: only the SHA-256 of the random token is stored. A verification link names the address it
-- verifies, so a link sent before a change cannot verify the new address.
CREATE TABLE recovery_token (
    token_hash  bytea        PRIMARY KEY,
    account_id  uuid         NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    purpose     varchar(16)  NOT NULL CHECK (purpose IN ('VERIFY_EMAIL', 'RESET_PASSWORD')),
    address     varchar(254),
    created_at  timestamptz  NOT NULL,
    expires_at  timestamptz  NOT NULL,
    used_at     timestamptz
);

CREATE INDEX recovery_token_account ON recovery_token (account_id, purpose);
CREATE INDEX recovery_token_expires ON recovery_token (expires_at);

-- Recovery mail per e-mail address and per account (a token bucket, as registration_limit): keys are SHA-256 of
-- a scope and the value, so no address is stored here in clear.
CREATE TABLE mail_limit (
    limit_key  bytea            PRIMARY KEY CHECK (octet_length(limit_key) = 32),
    tokens     double precision NOT NULL,
    updated_at timestamptz      NOT NULL
);

CREATE INDEX mail_limit_updated ON mail_limit (updated_at);
