-- Known devices (OWASP "device cookies", issue 13 item 3): a successful login hands out a device token; a
-- later login presenting it for the same account is throttled only by that device's own counter, so
-- failures from other clients can never lock its owner out. Only the SHA-256 of the 256-bit token is
-- stored. A login rotates its device's token_hash in place (the id, and so its throttle counter, stay).
CREATE TABLE known_device (
    id           uuid        PRIMARY KEY,
    account_id   uuid        NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    token_hash   bytea       NOT NULL UNIQUE CHECK (octet_length(token_hash) = 32),
    created_at   timestamptz NOT NULL,
    last_used_at timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL
);

-- The per-account cap keeps the most recently used devices.
CREATE INDEX known_device_account ON known_device (account_id, last_used_at);

CREATE INDEX known_device_expiry ON known_device (expires_at);
