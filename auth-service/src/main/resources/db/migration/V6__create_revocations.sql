-- Revocations the gateway must apply to access tokens that are still unexpired (the feed
-- GET /internal/revocations). Two kinds:
--   'user':    every token of the account (subject) issued before not_before (epoch seconds) is refused:
--              logout everywhere, disabled account, password change, role change, admin sign-out;
--   'session': every token whose sid is the subject (a refresh family) is refused: logout, reuse.
-- A row matters only while the tokens it can hit may still be accepted (access-token lifetime + clock
-- skew), then a job deletes it. Rows are inserted under an advisory lock held until commit, so ids
-- become visible in increasing order and an id is a safe feed cursor (no late arrival below it).
CREATE TABLE revocation (
    id         bigserial   PRIMARY KEY,
    kind       varchar(8)  NOT NULL CHECK (kind IN ('user', 'session')),
    subject    uuid        NOT NULL,
    not_before bigint      CHECK ((kind = 'user') = (not_before IS NOT NULL)),
    reason     varchar(32) NOT NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL
);

CREATE INDEX revocation_expiry ON revocation (expires_at);

-- The token issuer reads an account's latest not_before, so a token issued right after a revocation,
-- within the same second, is not refused by it.
CREATE INDEX revocation_user ON revocation (subject, not_before) WHERE kind = 'user';
