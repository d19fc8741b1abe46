-- Scheme A promises immediate revocation: introspection now reads the account's current roles and
-- enabled flag (a join), so a role removed by an administrator is gone at the session's next request.
-- The copy of the roles taken at login is no longer read; dropped so nobody trusts it again.
ALTER TABLE opaque_session DROP COLUMN roles;
