-- Reply notifications. One row per reply event that concerns someone else: forum-service may deliver an event
-- more than once (it retries until it hears an answer), so the event id is unique and a repeat changes nothing.

CREATE TABLE notification (
    id            uuid        PRIMARY KEY,
    event_id      uuid        NOT NULL UNIQUE,
    recipient_id  uuid        NOT NULL,
    kind          text        NOT NULL CHECK (kind IN ('reply')),
    thread_id     uuid        NOT NULL,
    thread_title  text        NOT NULL CHECK (char_length(thread_title) BETWEEN 1 AND 200),
    post_id       uuid        NOT NULL,
    actor_id      uuid        NOT NULL,
    actor_name    text        NOT NULL CHECK (char_length(actor_name) BETWEEN 1 AND 100),
    created_at    timestamptz NOT NULL,
    read_at       timestamptz,
    CHECK (actor_id <> recipient_id)
);

-- GET /notifications: newest first, keyset on (created_at, id) per recipient.
CREATE INDEX notification_by_recipient ON notification (recipient_id, created_at DESC, id DESC);

-- The unread badge.
CREATE INDEX notification_unread ON notification (recipient_id) WHERE read_at IS NULL;
