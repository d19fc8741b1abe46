-- Scheme A: opaque session tokens (a login with token_format=opaque). Only the SHA-256 of the
-- 256-bit token is stored, with who it stands for, so introspection is one indexed look-up. A session
-- belongs to a refresh family (its sid): revoking the family (logout, logout everywhere, disabling the
-- account, refresh-token reuse) ends its sessions at once, and deleting the family deletes them.
ALTER TABLE refresh_family ADD COLUMN token_format varchar(8) NOT NULL DEFAULT 'JWT';

CREATE TABLE opaque_session (
    token_hash   bytea       PRIMARY KEY CHECK (octet_length(token_hash) = 32),
    family_id    uuid        NOT NULL REFERENCES refresh_family (id) ON DELETE CASCADE,
    account_id   uuid        NOT NULL,
    username     varchar(32) NOT NULL,
    roles        varchar(64) NOT NULL,
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    idle_timeout integer     NOT NULL CHECK (idle_timeout > 0),
    last_used_at timestamptz NOT NULL
);

CREATE INDEX opaque_session_family ON opaque_session (family_id);

CREATE INDEX opaque_session_expiry ON opaque_session (expires_at);
