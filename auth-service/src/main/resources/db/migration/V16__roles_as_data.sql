-- Roles and permissions are data (issue 17): administrators define roles and what each may do
-- (GET/POST/PUT/DELETE /auth/admin/roles); gateways read the whole policy from GET /internal/roles.
--
-- A role name is upper case ASCII: [A-Z][A-Z0-9_]{0,31}. It travels verbatim in every access token's
-- roles claim and every passport (so it is short and needs no escaping), it is a map key in the gateway's
-- static configuration, where an environment variable delivers keys in one case only (so one case is the
-- only safe one), and two names that differ only in case could never be told apart there. SERVICE is
-- reserved: it marks the deployment's own internal callers in passports and no account may hold it.
CREATE TABLE role (
    name        varchar(32)  PRIMARY KEY CHECK (name ~ '^[A-Z][A-Z0-9_]{0,31}$' AND name <> 'SERVICE'),
    description varchar(200) NOT NULL DEFAULT '',
    built_in    boolean      NOT NULL DEFAULT false,
    created_at  timestamptz  NOT NULL DEFAULT now(),
    updated_at  timestamptz  NOT NULL DEFAULT now()
);

-- A permission has the grammar of the gateway's permission:NAME rules (Access.PERMISSION): lower case
-- letters and digits, separated by ':', '.', '_' or '-', e.g. forum:post:delete.
CREATE TABLE role_permission (
    role       varchar(32) NOT NULL REFERENCES role (name) ON DELETE CASCADE,
    permission varchar(64) NOT NULL CHECK (permission ~ '^[a-z][a-z0-9]*([:._-][a-z0-9]+)*$'),
    PRIMARY KEY (role, permission)
);

-- The three roles that used to be fixed in code. Their permissions describe what they do today: members
-- write in the forum, moderators (and administrators) change anyone's forum content, administrators run
-- auth-service's administration.
INSERT INTO role (name, description, built_in) VALUES
    ('USER', 'Every account: given at registration, never removed.', true),
    ('MODERATOR', 'Changes and removes anyone''s forum content.', true),
    ('ADMIN', 'Administers accounts, roles, clients and keys.', true);

INSERT INTO role_permission (role, permission) VALUES
    ('USER', 'forum:post'),
    ('MODERATOR', 'forum:post'),
    ('MODERATOR', 'forum:moderate'),
    ('ADMIN', 'forum:post'),
    ('ADMIN', 'forum:moderate'),
    ('ADMIN', 'auth:admin');

-- An account's roles must be defined roles: the CHECK of V1 gives way to a foreign key. ON DELETE
-- RESTRICT: a role still held by an account cannot be deleted (the API answers 409 role-in-use first).
ALTER TABLE account_role DROP CONSTRAINT account_role_role_check;
ALTER TABLE account_role ALTER COLUMN role TYPE varchar(32);
ALTER TABLE account_role
    ADD CONSTRAINT account_role_role_fkey FOREIGN KEY (role) REFERENCES role (name) ON DELETE RESTRICT;
