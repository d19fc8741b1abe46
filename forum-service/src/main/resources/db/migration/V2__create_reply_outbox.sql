-- Reply events for notification-service, written in the reply's own transaction (a transactional outbox): a reply
-- that commits has its event, one that rolls back has none, and notification-service being down loses neither.
-- The relay delivers and deletes them; an event it cannot deliver within tessera.forum.notifications.max-age is
-- dropped (the reply itself stays).

CREATE TABLE reply_outbox (
    event_id          uuid        PRIMARY KEY,
    thread_id         uuid        NOT NULL,
    thread_title      text        NOT NULL,
    thread_author_id  uuid        NOT NULL,
    post_id           uuid        NOT NULL,
    reply_author_id   uuid        NOT NULL,
    reply_author_name text        NOT NULL,
    created_at        timestamptz NOT NULL,
    attempts          integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at   timestamptz NOT NULL
);

-- The relay claims due events oldest first.
CREATE INDEX reply_outbox_due ON reply_outbox (next_attempt_at, created_at);
