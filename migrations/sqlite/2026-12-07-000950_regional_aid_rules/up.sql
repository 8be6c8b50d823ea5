-- Aid rules of a région, added from the browser: each save is a draft; one draft per code can
-- be published (the previous published one of the same code is withdrawn). The text is the
-- rule file (TOML), checked like config/aides.
CREATE TABLE regional_aid_rules (
    id TEXT PRIMARY KEY NOT NULL,
    region_code TEXT NOT NULL REFERENCES regions (code),
    code TEXT NOT NULL,
    body TEXT NOT NULL,
    state TEXT NOT NULL,
    author_id TEXT REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    published_at TIMESTAMP
);
CREATE INDEX regional_aid_rules_region ON regional_aid_rules (region_code, state);
