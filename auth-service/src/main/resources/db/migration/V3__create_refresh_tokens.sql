-- Refresh tokens: one family per login, a chain of tokens per family. Only SHA-256 hashes are
-- stored. successor_sealed holds the successor pair sealed under the key-encryption key, and only
-- during the grace window after a rotation (a maintenance job clears it), so a retry within the
-- window gets the very same pair.
CREATE TABLE refresh_family (
    id             uuid        PRIMARY KEY,
    account_id     uuid        NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    created_at     timestamptz NOT NULL,
    expires_at     timestamptz NOT NULL,
    revoked_at     timestamptz,
    revoked_reason varchar(32)
);

CREATE INDEX refresh_family_account ON refresh_family (account_id);

CREATE TABLE refresh_token (
    id               uuid        PRIMARY KEY,
    family_id        uuid        NOT NULL REFERENCES refresh_family (id) ON DELETE CASCADE,
    token_hash       bytea       NOT NULL UNIQUE CHECK (octet_length(token_hash) = 32),
    created_at       timestamptz NOT NULL,
    expires_at       timestamptz NOT NULL,
    rotated_at       timestamptz,
    successor_sealed bytea
);

-- The database-level guarantee behind rotation: a family never has two live (unrotated) tokens,
-- whatever the application does under concurrency.
CREATE UNIQUE INDEX refresh_token_one_live_per_family ON refresh_token (family_id) WHERE rotated_at IS NULL;

CREATE INDEX refresh_token_sealed ON refresh_token (rotated_at) WHERE successor_sealed IS NOT NULL;
