-- Accounts. username is the canonical form (Unicode NFKC + case folding, then [a-z0-9._-]),
-- so "ADMIN" and full-width "ａｄｍｉｎ" collide with "admin" through the unique constraint.
CREATE TABLE account (
    id            uuid         PRIMARY KEY,
    username      varchar(32)  NOT NULL UNIQUE,
    display_name  varchar(64),
    password_hash varchar(255) NOT NULL,
    enabled       boolean      NOT NULL,
    created_at    timestamptz  NOT NULL,
    version       bigint       NOT NULL
);

CREATE TABLE account_role (
    account_id uuid        NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    role       varchar(16) NOT NULL CHECK (role IN ('USER', 'MODERATOR', 'ADMIN')),
    PRIMARY KEY (account_id, role)
);

CREATE INDEX account_role_role ON account_role (role);
