-- Profile over time (issue 15): the current values stay on `users` (read by the simulator and
-- new requests as their defaults); every change adds one row per field to `profile_changes`,
-- values as text (slug, year, ISO date, INSEE code), which « Mon compte » and the personal
-- data export show. Filed requests keep their own snapshot and never read these.
ALTER TABLE users ADD COLUMN study_year INTEGER;
ALTER TABLE users ADD COLUMN installation_date DATE;
ALTER TABLE users ADD COLUMN installation_commune_insee TEXT;
CREATE TABLE profile_changes (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    at TIMESTAMP NOT NULL,
    field TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT,
    changed_by TEXT REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX profile_changes_user ON profile_changes (user_id, at);
