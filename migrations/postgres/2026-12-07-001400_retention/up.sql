-- Retention (RGPD): the purge may delete aged audit entries and the timeline of a deleted
-- request, and the deletion of an account replaces its name in the timelines it appears in.
-- Both stay append-only for everyone else: a change passes only while the purging
-- transaction holds a row in retention_purges (inserted and removed inside that transaction,
-- so no other connection ever sees it). Audit entries are never updated.
CREATE TABLE retention_purges (
    id TEXT PRIMARY KEY NOT NULL
);

CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM retention_purges) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_events is append-only';
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION timeline_events_immutable() RETURNS trigger AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM retention_purges) THEN
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'timeline_events is immutable';
END;
$$ LANGUAGE plpgsql;

-- Accounts pseudonymised (inactivity or the person's own deletion): their name, e-mail and
-- professional number are gone from `users`; the row stays for the requests kept for the institutions.
CREATE TABLE erased_accounts (
    user_id TEXT PRIMARY KEY NOT NULL REFERENCES users (id),
    erased_at TIMESTAMP NOT NULL,
    reason TEXT NOT NULL
);
