-- Regional administration: routing overrides of a région (replacing, for one département and one
-- rule of config/routing.toml, the list of institutions), their append-only history, and the log
-- of zonage imports made from the admin pages or the command line.

-- entries: space-separated tokens, "institution:<id>" or "type:<kind>[|<kind>…]".
CREATE TABLE routing_overrides (
    id TEXT PRIMARY KEY NOT NULL,
    region_code TEXT NOT NULL,
    departement_code TEXT NOT NULL,
    rule TEXT NOT NULL,
    entries TEXT NOT NULL,
    reason TEXT NOT NULL,
    updated_by TEXT NOT NULL REFERENCES users (id),
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (region_code, departement_code, rule)
);

-- action: 'override' or 'revert'; before_text / after_text: the lists as the admin saw them.
CREATE TABLE routing_override_history (
    id TEXT PRIMARY KEY NOT NULL,
    region_code TEXT NOT NULL,
    departement_code TEXT NOT NULL,
    rule TEXT NOT NULL,
    action TEXT NOT NULL,
    before_text TEXT NOT NULL,
    after_text TEXT NOT NULL,
    reason TEXT NOT NULL,
    actor_id TEXT REFERENCES users (id),
    actor_label TEXT NOT NULL,
    at TIMESTAMP NOT NULL
);
CREATE INDEX routing_override_history_region ON routing_override_history (region_code, at);

-- The history is append-only.
CREATE FUNCTION routing_override_history_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'routing_override_history is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER routing_override_history_no_change BEFORE UPDATE OR DELETE ON routing_override_history
FOR EACH ROW EXECUTE FUNCTION routing_override_history_append_only();

-- Who imported a zonage and from which file (zonages imported before this table have none).
CREATE TABLE zonage_imports (
    id TEXT PRIMARY KEY NOT NULL,
    zonage_id TEXT NOT NULL REFERENCES zonages (id) ON DELETE CASCADE,
    file_name TEXT NOT NULL,
    communes INTEGER NOT NULL,
    unknown_communes INTEGER NOT NULL,
    actor_id TEXT REFERENCES users (id),
    imported_at TIMESTAMP NOT NULL
);
CREATE INDEX zonage_imports_zonage ON zonage_imports (zonage_id);
