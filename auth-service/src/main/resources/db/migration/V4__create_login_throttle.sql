-- Failed-login counters shared by all replicas. throttle_key is the SHA-256 of the scope and the
-- canonical username or client address, so names typed by mistake (often passwords) are never
-- stored in clear.
CREATE TABLE login_throttle (
    throttle_key    bytea       PRIMARY KEY CHECK (octet_length(throttle_key) = 32),
    failures        integer     NOT NULL,
    last_attempt_at timestamptz NOT NULL,
    locked_until    timestamptz
);

CREATE INDEX login_throttle_last_attempt ON login_throttle (last_attempt_at);
