-- Threads and posts of the forum. Text limits are counted in characters (code points), the same
-- way the service counts them; the CHECKs are the last line of defence, not the validation.

CREATE TABLE threads (
    id              uuid        PRIMARY KEY,
    title           text        NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
    author_id       uuid        NOT NULL,
    author_name     text        NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    -- Activity counters are written only by single atomic UPDATEs (see ThreadActivity), never by JPA.
    post_count      integer     NOT NULL CHECK (post_count >= 0),
    -- The number of posts ever written; gives each post its position. It only grows.
    posts_written   bigint      NOT NULL CHECK (posts_written >= 0),
    last_post_at    timestamptz NOT NULL,
    version         bigint      NOT NULL,
    edited_by_id    uuid,
    edited_by_name  text,
    deleted_at      timestamptz,
    deleted_by_id   uuid,
    deleted_by_name text,
    CHECK ((deleted_at IS NULL) = (deleted_by_id IS NULL))
);

-- GET /threads: newest activity first, keyset on (last_post_at, id), deleted threads never listed.
CREATE INDEX threads_by_activity ON threads (last_post_at DESC, id DESC) WHERE deleted_at IS NULL;

CREATE TABLE posts (
    id              uuid        PRIMARY KEY,
    thread_id       uuid        NOT NULL REFERENCES threads (id),
    -- Position in the thread, handed out under the thread's row lock, so positions commit in order.
    position        bigint      NOT NULL CHECK (position >= 1),
    body            text        NOT NULL CHECK (char_length(body) BETWEEN 1 AND 20000),
    author_id       uuid        NOT NULL,
    author_name     text        NOT NULL,
    created_at      timestamptz NOT NULL,
    edited_at       timestamptz,
    version         bigint      NOT NULL,
    edited_by_id    uuid,
    edited_by_name  text,
    deleted_at      timestamptz,
    deleted_by_id   uuid,
    deleted_by_name text,
    CHECK ((deleted_at IS NULL) = (deleted_by_id IS NULL)),
    UNIQUE (thread_id, position)
);

-- GET /users/{id}/posts: a user's posts, newest first.
CREATE INDEX posts_by_author ON posts (author_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;
