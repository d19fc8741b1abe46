-- Security events for administrators (GET /auth/admin/audit): logins (with the client address), refresh-token
-- reuse, accounts disabled, signing keys rotated. Never a password, a token or a passport. Rows older than
-- tessera.auth.audit.retention are deleted by a job.
CREATE TABLE audit_event (
    id          bigserial   PRIMARY KEY,
    occurred_at timestamptz NOT NULL,
    type        varchar(32) NOT NULL,
    account_id  uuid,
    actor_id    uuid,
    address     varchar(64),
    detail      varchar(200)
);

CREATE INDEX audit_event_occurred ON audit_event (occurred_at);
