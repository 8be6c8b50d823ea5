DROP TABLE erased_accounts;
CREATE OR REPLACE FUNCTION timeline_events_immutable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'timeline_events is immutable';
END;
$$ LANGUAGE plpgsql;
CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only';
END;
$$ LANGUAGE plpgsql;
DROP TABLE retention_purges;
