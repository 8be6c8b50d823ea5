-- Retention (RGPD): the purge may delete aged audit entries and the timeline of a deleted
-- request, and the deletion of an account replaces its name in the timelines it appears in.
-- Both stay append-only for everyone else: a change passes only while the purging
-- transaction holds a row in retention_purges (inserted and removed inside that transaction,
-- so no other connection ever sees it). Audit entries are never updated.
CREATE TABLE retention_purges (
    id TEXT PRIMARY KEY NOT NULL
);

DROP TRIGGER audit_events_no_delete;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
WHEN NOT EXISTS (SELECT 1 FROM retention_purges)
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;

DROP TRIGGER timeline_events_no_update;
CREATE TRIGGER timeline_events_no_update BEFORE UPDATE ON timeline_events
WHEN NOT EXISTS (SELECT 1 FROM retention_purges)
BEGIN SELECT RAISE(ABORT, 'timeline_events is immutable'); END;

DROP TRIGGER timeline_events_no_delete;
CREATE TRIGGER timeline_events_no_delete BEFORE DELETE ON timeline_events
WHEN NOT EXISTS (SELECT 1 FROM retention_purges)
BEGIN SELECT RAISE(ABORT, 'timeline_events is immutable'); END;

-- Accounts pseudonymised (inactivity or the person's own deletion): their name, e-mail and
-- professional number are gone from `users`; the row stays for the requests kept for the institutions.
CREATE TABLE erased_accounts (
    user_id TEXT PRIMARY KEY NOT NULL REFERENCES users (id),
    erased_at TIMESTAMP NOT NULL,
    reason TEXT NOT NULL
);
