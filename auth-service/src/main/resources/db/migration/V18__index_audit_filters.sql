-- The audit log's filters (GET /auth/admin/audit?type=&account=, the admin console): newest first within one type or
-- one account, without reading the whole table.
CREATE INDEX audit_event_type ON audit_event (type, id);
CREATE INDEX audit_event_account ON audit_event (account_id, id);
