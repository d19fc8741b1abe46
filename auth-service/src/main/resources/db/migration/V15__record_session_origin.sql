-- "My sessions" (issue 17): a session is a refresh family, of either scheme (an opaque login has one too:
-- its opaque_session rows are its access tokens). Each family keeps where its login came from, as the user
-- reads it on the Security page: the login request's User-Agent (cut to 256 characters) and the client
-- address the gateway saw. Both are null for families started before this migration or without them.
-- last_used_at moves on every refresh and, for scheme A, when an introspection touches one of the family's
-- opaque tokens (at most once per touch interval per token, so most introspections stay reads).
ALTER TABLE refresh_family
    ADD COLUMN user_agent   varchar(256),
    ADD COLUMN address      varchar(64),
    ADD COLUMN last_used_at timestamptz;

UPDATE refresh_family SET last_used_at = created_at;

ALTER TABLE refresh_family ALTER COLUMN last_used_at SET NOT NULL;

-- The listing reads an account's live families newest first.
CREATE INDEX refresh_family_account_created ON refresh_family (account_id, created_at DESC) WHERE revoked_at IS NULL;
