DROP TABLE erased_accounts;
DROP TRIGGER timeline_events_no_update;
CREATE TRIGGER timeline_events_no_update BEFORE UPDATE ON timeline_events
BEGIN SELECT RAISE(ABORT, 'timeline_events is immutable'); END;
DROP TRIGGER timeline_events_no_delete;
CREATE TRIGGER timeline_events_no_delete BEFORE DELETE ON timeline_events
BEGIN SELECT RAISE(ABORT, 'timeline_events is immutable'); END;
DROP TRIGGER audit_events_no_delete;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
DROP TABLE retention_purges;
